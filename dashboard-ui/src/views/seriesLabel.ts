// How a series (one tag set of a metric) is named in legends, tables and window.liveDash.

/** `host=a,region=eu` with the keys sorted, so one tag set always gets one label; `(no tags)` for none. */
export function seriesLabel(tags: Readonly<Record<string, string>>): string {
  const keys = Object.keys(tags).sort();
  if (keys.length === 0) return '(no tags)';
  return keys.map((key) => `${key}=${tags[key] ?? ''}`).join(',');
}
