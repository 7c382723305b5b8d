// Which board entries moved, and by how many places, between two renders of a board.

import type { BoardEntry } from '../live/wire';

/**
 * Places moved per entry id: positive = up (a better, smaller rank), negative = down. Entries that
 * kept their rank, and entries not on the previous board (nothing to compare with), are left out.
 * With no previous board (the first render) nothing moved.
 */
export function rankChanges(
  previousRanks: ReadonlyMap<string, number> | undefined,
  entries: readonly BoardEntry[],
): Map<string, number> {
  const changes = new Map<string, number>();
  if (!previousRanks) return changes;
  for (const entry of entries) {
    const before = previousRanks.get(entry.id);
    if (before !== undefined && before !== entry.rank) changes.set(entry.id, before - entry.rank);
  }
  return changes;
}

export function ranksOf(entries: readonly BoardEntry[]): Map<string, number> {
  return new Map(entries.map((entry) => [entry.id, entry.rank]));
}

/** The badge of a move: its text and what a screen reader says. */
export function describeRankChange(places: number): { text: string; label: string } {
  const count = Math.abs(places);
  const unit = count === 1 ? 'place' : 'places';
  return places > 0
    ? { text: `▲ ${count}`, label: `up ${count} ${unit}` }
    : { text: `▼ ${count}`, label: `down ${count} ${unit}` };
}
