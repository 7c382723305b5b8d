/**
 * The canonical key of a tag set, as `CanonicalTags.Key` computes it in Grains.Interfaces: pairs sorted
 * by key in ordinal (UTF-16 code unit) order, `k=v`, joined by U+001E. A metric's series are ordered by
 * this key, so applying deltas here must compute exactly the same one.
 */
export function canonicalTagKey(tags: Readonly<Record<string, string>>): string {
  // Array.prototype.sort without a comparator compares UTF-16 code units: the ordinal order C# uses.
  return Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key] ?? ''}`)
    .join('\u001e');
}

/** Ordinal comparison (UTF-16 code units), as `StringComparer.Ordinal`; never locale-aware. */
export function compareOrdinal(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
