import { describe, expect, it } from 'vitest';
import {
  decodeLayout,
  encodeLayout,
  MAX_WIDGETS,
  moveWidget,
  widgetTopic,
  type WidgetSpec,
} from '../../src/views/dashboardLayout';
import { parseRoute } from '../../src/views/routes';

describe('dashboard layout', () => {
  const layout: WidgetSpec[] = [
    { kind: 'chart', name: 'cpu.load' },
    { kind: 'stat', name: 'cpu.load' },
    { kind: 'board', name: 'match-1' },
    { kind: 'score', name: 'match-1' },
  ];

  it('encodes to a short readable list', () => {
    expect(encodeLayout(layout)).toBe('chart:cpu.load,stat:cpu.load,board:match-1,score:match-1');
  });

  it('decodes what it encoded, names with commas, colons, spaces and unicode included', () => {
    const awkward: WidgetSpec[] = [
      ...layout,
      { kind: 'chart', name: 'a,b:c d/é%' },
      { kind: 'board', name: 'tëam & co?#' },
    ];
    expect(decodeLayout(encodeLayout(awkward))).toEqual(awkward);
  });

  it('survives the trip through a dashboard URL', () => {
    const awkward: WidgetSpec[] = [{ kind: 'chart', name: 'x,y&w=z' }, { kind: 'score', name: 'b' }];
    const route = parseRoute(`#/dashboard?w=${encodeLayout(awkward)}`);
    expect(route).toEqual({ name: 'dashboard', layout: encodeLayout(awkward) });
    expect(route.name === 'dashboard' && decodeLayout(route.layout)).toEqual(awkward);
  });

  it('skips items that do not parse and keeps the rest', () => {
    expect(decodeLayout('chart:a,,pie:b,board:,:c,stat,score:%E0%A4%A,stat:ok,board:%20')).toEqual([
      { kind: 'chart', name: 'a' },
      { kind: 'stat', name: 'ok' },
    ]);
  });

  it('reads nothing from an empty or missing layout', () => {
    expect(decodeLayout('')).toEqual([]);
    expect(decodeLayout(undefined)).toEqual([]);
    expect(decodeLayout(null)).toEqual([]);
  });

  it('cuts a layout longer than the widget limit', () => {
    const many = Array.from({ length: MAX_WIDGETS + 10 }, (_, i) => `stat:m${i}`).join(',');
    expect(decodeLayout(many)).toHaveLength(MAX_WIDGETS);
  });

  it('moves a widget and ignores moves off either end', () => {
    expect(moveWidget(layout, 2, -1).map((w) => w.kind)).toEqual(['chart', 'board', 'stat', 'score']);
    expect(moveWidget(layout, 0, -1)).toEqual(layout);
    expect(moveWidget(layout, 3, 1)).toEqual(layout);
  });

  it('names the topic each widget follows', () => {
    expect(layout.map(widgetTopic)).toEqual(['metric:cpu.load', 'metric:cpu.load', 'board:match-1', 'board:match-1']);
  });
});
