import { describe, expect, it } from 'vitest';
import { applyPushEvent, EMPTY_RECORD, type TopicRecord } from '../../src/state/applyPushEvent';
import type { PushEvent } from '../../src/live/wire';
import { boardSnapshot, boardUpdate, metricSnapshot, metricUpdate, reset } from '../live/events';

function run(events: PushEvent[], record: TopicRecord = EMPTY_RECORD): { record: TopicRecord; outcomes: string[] } {
  const outcomes: string[] = [];
  for (const event of events) {
    const result = applyPushEvent(record, event);
    record = result.record;
    outcomes.push(result.outcome);
  }
  return { record, outcomes };
}

describe('applyPushEvent', () => {
  it('applies a snapshot and then updates in seq order', () => {
    const { record, outcomes } = run([metricSnapshot('cpu', 5), metricUpdate('cpu', 6), metricUpdate('cpu', 7)]);
    expect(outcomes).toEqual(['snapshot', 'update', 'update']);
    expect(record.state?.seq).toBe(7);
    expect(record.state?.kind === 'metric' && record.state.data.series[0]!.points).toEqual([[1006, 6], [1007, 7]]);
  });

  it('ignores an update whose seq it already holds (same epoch) as a duplicate', () => {
    const { record, outcomes } = run([metricSnapshot('cpu', 5), metricUpdate('cpu', 6), metricUpdate('cpu', 6), metricUpdate('cpu', 4)]);
    expect(outcomes).toEqual(['snapshot', 'update', 'duplicate', 'duplicate']);
    expect(record.state?.kind === 'metric' && record.state.data.series[0]!.points).toEqual([[1006, 6]]);
  });

  it('reports a gap when a seq is skipped, then ignores updates until a snapshot', () => {
    const { record, outcomes } = run([metricSnapshot('cpu', 5), metricUpdate('cpu', 7), metricUpdate('cpu', 8), metricSnapshot('cpu', 8), metricUpdate('cpu', 9)]);
    expect(outcomes).toEqual(['snapshot', 'gap', 'waiting', 'snapshot', 'update']);
    expect(record.wait).toBe('none');
    expect(record.state?.seq).toBe(9);
  });

  it('reports a gap for an update that comes before any snapshot', () => {
    expect(run([metricUpdate('cpu', 1)]).outcomes).toEqual(['gap']);
  });

  it('treats a board delta that does not fit as a gap', () => {
    const { outcomes } = run([boardSnapshot('m', 1, [{ id: 'a', score: 1, rank: 1 }]), boardUpdate('m', 2, [{ id: 'a', score: 2, rank: 1, index: 3 }])]);
    expect(outcomes).toEqual(['snapshot', 'gap']);
  });

  it('keeps showing the old state flagged stale after a reset, until the new epoch’s snapshot', () => {
    const before = run([metricSnapshot('cpu', 5), metricUpdate('cpu', 6)]).record;
    const afterReset = applyPushEvent(before, reset('metric:cpu', 1, 'e2'));
    expect(afterReset.outcome).toBe('reset');
    expect(afterReset.changed).toBe(true);
    expect(afterReset.record.state).toMatchObject({ seq: 6, epoch: 'e1', stale: true });
    expect(before.state?.stale).toBeUndefined();

    const { record, outcomes } = run([metricSnapshot('cpu', 1, {}, 'e2', false), metricUpdate('cpu', 2, undefined, 'e2')], afterReset.record);
    expect(outcomes).toEqual(['unrecovered-snapshot', 'update']);
    expect(record.state).toMatchObject({ epoch: 'e2', seq: 2 });
    expect(record.state?.stale).toBeUndefined();
  });

  it('waits for a snapshot after an update of another epoch, and resyncs if another update comes instead', () => {
    const { record, outcomes } = run([metricSnapshot('cpu', 5), metricUpdate('cpu', 2, undefined, 'e2'), metricUpdate('cpu', 3, undefined, 'e2')]);
    expect(outcomes).toEqual(['snapshot', 'epoch-changed', 'gap']);
    expect(record.state).toMatchObject({ epoch: 'e1', seq: 5, stale: true });
    expect(record.wait).toBe('resync');
  });

  it('ignores an older snapshot of the same epoch', () => {
    expect(run([metricSnapshot('cpu', 5), metricSnapshot('cpu', 4)]).outcomes).toEqual(['snapshot', 'duplicate']);
  });

  it('never changes the state it was given (each update makes a new object)', () => {
    const first = run([boardSnapshot('m', 1, [{ id: 'a', score: 1, rank: 1 }, { id: 'b', score: 0, rank: 2 }])]).record;
    const frozen = JSON.stringify(first);
    const second = applyPushEvent(first, boardUpdate('m', 2, [{ id: 'b', score: 2, rank: 1, index: 0 }, { id: 'a', score: 1, rank: 2, index: 1 }]));
    expect(JSON.stringify(first)).toBe(frozen);
    expect(second.record.state).not.toBe(first.state);
    expect(second.record.state?.kind === 'board' && second.record.state.data.entries.map((e) => e.id)).toEqual(['b', 'a']);
  });
});
