// The hash routes (the DOM contract): `#/`, `#/metric/<name>`, `#/board/<id>`, `#/dashboard?w=<layout>`.

export type Route =
  | { name: 'overview' }
  | { name: 'metric'; metric: string }
  | { name: 'board'; board: string }
  /** `layout` is the raw `w` value (still percent-encoded per widget), absent when the URL has none. */
  | { name: 'dashboard'; layout: string | undefined }
  | { name: 'notFound'; hash: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '' || path === '/') return { name: 'overview' };
  const metric = /^\/metric\/(.+)$/.exec(path);
  if (metric?.[1]) {
    const name = safeDecode(metric[1]);
    return name ? { name: 'metric', metric: name } : { name: 'notFound', hash };
  }
  const board = /^\/board\/(.+)$/.exec(path);
  if (board?.[1]) {
    const id = safeDecode(board[1]);
    return id ? { name: 'board', board: id } : { name: 'notFound', hash };
  }
  const dashboard = /^\/dashboard\/?(?:\?(.*))?$/.exec(path);
  if (dashboard) {
    // Read `w` raw: URLSearchParams would decode the per-widget escapes and let a `,` in a name through.
    const pair = (dashboard[1] ?? '').split('&').find((part) => part.startsWith('w='));
    return { name: 'dashboard', layout: pair === undefined ? undefined : pair.slice(2) };
  }
  return { name: 'notFound', hash };
}

export const overviewHref = '#/';
export const dashboardHref = (layout?: string): string =>
  layout === undefined ? '#/dashboard' : `#/dashboard?w=${layout}`;

/** The view of a topic (`metric:x` → `#/metric/x`, `board:y` → `#/board/y`). */
export function topicHref(topic: string): string {
  if (topic.startsWith('metric:')) return `#/metric/${encodeURIComponent(topic.slice('metric:'.length))}`;
  if (topic.startsWith('board:')) return `#/board/${encodeURIComponent(topic.slice('board:'.length))}`;
  return overviewHref;
}

function safeDecode(text: string): string | undefined {
  try {
    const decoded = decodeURIComponent(text);
    return decoded === '' ? undefined : decoded;
  } catch {
    return undefined;
  }
}
