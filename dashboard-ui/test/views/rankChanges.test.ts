import { describe, expect, it } from 'vitest';
import { describeRankChange, rankChanges, ranksOf } from '../../src/views/rankChanges';
import type { BoardEntry } from '../../src/live/wire';

const board = (...ids: string[]): BoardEntry[] => ids.map((id, i) => ({ id, score: 100 - i, rank: i + 1 }));

describe('rank changes', () => {
  it('reports nothing on the first render', () => {
    expect(rankChanges(undefined, board('a', 'b')).size).toBe(0);
  });

  it('counts places up and down', () => {
    const before = ranksOf(board('a', 'b', 'c', 'd'));
    expect(rankChanges(before, board('c', 'a', 'b', 'd'))).toEqual(
      new Map([
        ['c', 2],
        ['a', -1],
        ['b', -1],
      ]),
    );
  });

  it('leaves out entries that are new or kept their rank', () => {
    const before = ranksOf(board('a', 'b'));
    expect(rankChanges(before, board('a', 'b', 'new'))).toEqual(new Map());
  });

  it('reads ties by rank, not by place in the list', () => {
    const before = new Map([['a', 1], ['b', 2]]);
    const tied: BoardEntry[] = [{ id: 'a', score: 5, rank: 1 }, { id: 'b', score: 5, rank: 1 }];
    expect(rankChanges(before, tied)).toEqual(new Map([['b', 1]]));
  });

  it('labels a move in words for screen readers', () => {
    expect(describeRankChange(2)).toEqual({ text: '▲ 2', label: 'up 2 places' });
    expect(describeRankChange(-1)).toEqual({ text: '▼ 1', label: 'down 1 place' });
  });
});
