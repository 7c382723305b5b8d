import { describe, expect, it } from 'vitest';
import { applyBoardDelta } from '../../src/state/applyBoardDelta';
import type { BoardState } from '../../src/live/wire';

const board: BoardState = {
  board: 'm1',
  title: 'Match',
  entries: [
    { id: 'a', score: 5, rank: 1 },
    { id: 'b', score: 4, rank: 2 },
    { id: 'c', score: 3, rank: 3 },
    { id: 'd', score: 2, rank: 4 },
  ],
};

describe('applyBoardDelta', () => {
  it('puts each listed entry at its index and keeps the others in order in the remaining places', () => {
    const next = applyBoardDelta(board, { board: 'm1', entries: [{ id: 'd', score: 6, rank: 1, index: 0 }, { id: 'a', score: 5, rank: 2, index: 1 }, { id: 'b', score: 4, rank: 3, index: 2 }, { id: 'c', score: 3, rank: 4, index: 3 }] });
    expect(next.entries.map((e) => e.id)).toEqual(['d', 'a', 'b', 'c']);

    const moved = applyBoardDelta(board, { board: 'm1', entries: [{ id: 'c', score: 9, rank: 1, index: 0 }] });
    expect(moved.entries.map((e) => e.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(moved.entries[1]).toBe(board.entries[0]);
    expect(moved.title).toBe('Match');
  });

  it('adds a new entry at its index and takes a new title', () => {
    const next = applyBoardDelta(board, { board: 'm1', title: 'Final', entries: [{ id: 'e', score: 3, rank: 3, index: 3 }] });
    expect(next.entries.map((e) => e.id)).toEqual(['a', 'b', 'c', 'e', 'd']);
    expect(next.title).toBe('Final');
    expect(board.entries).toHaveLength(4);
  });

  it('refuses a delta whose places do not fit the board (not the next delta)', () => {
    expect(() => applyBoardDelta(board, { board: 'm1', entries: [{ id: 'a', score: 1, rank: 4, index: 4 }] })).toThrow(/does not fit/);
    expect(() => applyBoardDelta(board, { board: 'm1', entries: [{ id: 'x', score: 1, rank: 1, index: 0 }, { id: 'y', score: 1, rank: 1, index: 0 }] })).toThrow();
  });
});
