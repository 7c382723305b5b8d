import type { BoardDelta, BoardEntry, BoardState } from '../live/wire';

/**
 * `BoardSnapshot.Apply` (Grains.Interfaces/Boards) in TypeScript: the title changes when the delta
 * carries one, each listed entry takes its new score and rank at its `index` (a new id joins the
 * board), and the other entries fill the remaining places in their current order. Returns a new
 * state; unchanged entries keep their object identity.
 *
 * Places are relative to the state the delta follows: a delta that does not fit (an index outside the
 * board, two entries at one place) throws, which the caller treats as a gap.
 */
export function applyBoardDelta(state: BoardState, delta: BoardDelta): BoardState {
  if (delta.board !== state.board) {
    throw new Error(`A delta of board '${delta.board}' cannot be applied to board '${state.board}'.`);
  }

  const changes = new Map<string, BoardDelta['entries'][number]>();
  for (const change of delta.entries) changes.set(change.id, change);

  let newEntries = changes.size;
  for (const entry of state.entries) {
    if (changes.has(entry.id)) newEntries--;
  }

  const entries = new Array<BoardEntry | undefined>(state.entries.length + newEntries).fill(undefined);
  for (const change of changes.values()) {
    if (!Number.isInteger(change.index) || change.index < 0 || change.index >= entries.length || entries[change.index]) {
      throw new Error(
        `Entry '${change.id}' of the delta of board '${state.board}' is placed at ${change.index}, which does not fit a board of ${entries.length} entries.`,
      );
    }
    entries[change.index] = { id: change.id, score: change.score, rank: change.rank };
  }

  // The unchanged entries kept their places, so in order they fill exactly the free ones.
  let free = 0;
  for (const entry of state.entries) {
    if (changes.has(entry.id)) continue;
    while (entries[free] !== undefined) free++;
    entries[free] = entry;
  }

  return { ...state, title: delta.title ?? state.title, entries: entries as BoardEntry[] };
}
