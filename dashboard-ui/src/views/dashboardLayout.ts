// A dashboard's layout as text, for its URL (`#/dashboard?w=<layout>`) and for localStorage.
//
// Format: widgets in order, separated by commas, each `<kind>:<name>` with the name (a metric name
// or a board id) percent-encoded, so commas and colons inside names cannot break the list:
//   chart:cpu.load,stat:cpu.load,board:match-1,score:match-1
// Short enough for a URL, and readable enough that a person can edit it by hand.

export type WidgetKind = 'chart' | 'stat' | 'board' | 'score';

export interface WidgetSpec {
  kind: WidgetKind;
  /** The metric name (chart, stat) or the board id (board, score), without the topic prefix. */
  name: string;
}

export const WIDGET_KINDS: readonly WidgetKind[] = ['chart', 'stat', 'board', 'score'];

/** A dashboard holds at most this many widgets; a longer layout is cut (the render budget is 50). */
export const MAX_WIDGETS = 64;
const MAX_NAME_LENGTH = 256;

export const DASHBOARD_STORAGE_KEY = 'livedash.dashboard';

export function encodeLayout(widgets: readonly WidgetSpec[]): string {
  return widgets.map((widget) => `${widget.kind}:${encodeURIComponent(widget.name)}`).join(',');
}

/**
 * The widgets of a layout string. Anything that does not parse — an unknown kind, an empty or
 * badly encoded name, a missing colon — is skipped, so a damaged link still opens what it can.
 */
export function decodeLayout(text: string | null | undefined): WidgetSpec[] {
  if (!text) return [];
  const widgets: WidgetSpec[] = [];
  for (const item of text.split(',')) {
    const colon = item.indexOf(':');
    if (colon <= 0) continue;
    const kind = item.slice(0, colon);
    if (!isWidgetKind(kind)) continue;
    let name: string;
    try {
      name = decodeURIComponent(item.slice(colon + 1));
    } catch {
      continue; // a lone % or a broken UTF-8 sequence
    }
    if (name.trim() === '' || name.length > MAX_NAME_LENGTH) continue;
    widgets.push({ kind, name });
    if (widgets.length === MAX_WIDGETS) break;
  }
  return widgets;
}

export function isWidgetKind(text: string): text is WidgetKind {
  return (WIDGET_KINDS as readonly string[]).includes(text);
}

/** The topic a widget follows. */
export function widgetTopic(widget: WidgetSpec): string {
  return widget.kind === 'chart' || widget.kind === 'stat' ? `metric:${widget.name}` : `board:${widget.name}`;
}

/** Moves the widget at `index` by `offset` places; out of range leaves the layout as it is. */
export function moveWidget(widgets: readonly WidgetSpec[], index: number, offset: number): WidgetSpec[] {
  const target = index + offset;
  if (index < 0 || index >= widgets.length || target < 0 || target >= widgets.length) return [...widgets];
  const moved = [...widgets];
  const [widget] = moved.splice(index, 1);
  if (widget) moved.splice(target, 0, widget);
  return moved;
}
