import type { BoardDelta, BoardState, MetricDelta, MetricState, PushEvent } from '../live/wire';
import { applyBoardDelta } from './applyBoardDelta';
import { applyMetricDelta } from './applyMetricDelta';
import { topicKind, type TopicState } from './TopicState';

/**
 * What a topic needs before updates apply again:
 * - `none`: nothing, updates apply in order;
 * - `gateway`: the gateway announced a new epoch (a `reset`, or an update of another epoch) and
 *   sends the snapshot by itself;
 * - `resync`: the client saw a gap and asked for a snapshot (reopen or resubscribe without this
 *   topic's cursor); updates are ignored until it arrives.
 */
export type SnapshotWait = 'none' | 'gateway' | 'resync';

/** One topic's applied state plus what it waits for. Immutable. */
export interface TopicRecord {
  readonly state: TopicState | undefined;
  readonly wait: SnapshotWait;
}

export const EMPTY_RECORD: TopicRecord = { state: undefined, wait: 'none' };

/**
 * - `snapshot`: replaced the state (`unrecovered-snapshot`: one with `recovered:false`, events were skipped);
 * - `update`: applied in order;
 * - `duplicate`: same epoch, `seq` not after the state's: ignored (a replay that overlaps);
 * - `gap`: the update cannot apply (a `seq` was skipped, no snapshot yet, a delta that does not fit):
 *   the caller must resynchronise the topic; the record now waits for a snapshot (`resync`);
 * - `waiting`: ignored while a snapshot is awaited;
 * - `reset`: history lost; the old state is kept, flagged `stale`, until the new epoch's snapshot;
 * - `epoch-changed`: an update of another epoch without a reset: treated like a reset.
 */
export type ApplyOutcome =
  | 'snapshot'
  | 'unrecovered-snapshot'
  | 'update'
  | 'duplicate'
  | 'gap'
  | 'waiting'
  | 'reset'
  | 'epoch-changed';

export interface ApplyResult {
  record: TopicRecord;
  outcome: ApplyOutcome;
  /** True when `record.state` is a new object views should see. */
  changed: boolean;
}

/** Applies one event to a topic's record: the rules of README "Events". Pure. */
export function applyPushEvent(record: TopicRecord, event: PushEvent): ApplyResult {
  const held = record.state;
  switch (event.type) {
    case 'snapshot': {
      if (record.wait === 'none' && held && held.epoch === event.epoch && event.seq < held.seq) {
        return { record, outcome: 'duplicate', changed: false };
      }
      const state = stateFromSnapshot(event);
      if (!state) return gap(record);
      return {
        record: { state, wait: 'none' },
        outcome: event.recovered === false ? 'unrecovered-snapshot' : 'snapshot',
        changed: true,
      };
    }
    case 'reset': {
      const state = held && !held.stale ? { ...held, stale: true } : held;
      // A resync already asked for a snapshot; the gateway sends one after a reset anyway.
      return { record: { state, wait: record.wait === 'resync' ? 'resync' : 'gateway' }, outcome: 'reset', changed: state !== held };
    }
    case 'update': {
      if (record.wait === 'resync') return { record, outcome: 'waiting', changed: false };
      // The gateway promised a snapshot and sent an update instead: ask for one ourselves.
      if (record.wait === 'gateway' || !held) return gap(record);
      if (event.epoch !== held.epoch) {
        const state = { ...held, stale: true };
        return { record: { state, wait: 'gateway' }, outcome: 'epoch-changed', changed: true };
      }
      if (event.seq <= held.seq) return { record, outcome: 'duplicate', changed: false };
      if (event.seq > held.seq + 1) return gap(record);
      const state = stateFromUpdate(held, event);
      if (!state) return gap(record);
      return { record: { state, wait: 'none' }, outcome: 'update', changed: true };
    }
    default:
      return { record, outcome: 'duplicate', changed: false };
  }
}

function gap(record: TopicRecord): ApplyResult {
  return { record: { state: record.state, wait: 'resync' }, outcome: 'gap', changed: false };
}

function stateFromSnapshot(event: PushEvent): TopicState | undefined {
  const kind = topicKind(event.topic);
  if (!isObject(event.data)) return undefined;
  const common = { topic: event.topic, epoch: event.epoch, seq: event.seq };
  if (kind === 'metric' && Array.isArray(event.data['series'])) {
    return { kind, ...common, data: event.data as unknown as MetricState };
  }
  if (kind === 'board' && Array.isArray(event.data['entries'])) {
    return { kind, ...common, data: event.data as unknown as BoardState };
  }
  return undefined;
}

/** The state after one in-order update, or undefined when it does not apply (treated as a gap). */
function stateFromUpdate(held: TopicState, event: PushEvent): TopicState | undefined {
  if (!isObject(event.data)) return undefined;
  try {
    if (held.kind === 'metric' && Array.isArray(event.data['series'])) {
      const data = applyMetricDelta(held.data, event.data as unknown as MetricDelta);
      return { kind: 'metric', topic: held.topic, epoch: event.epoch, seq: event.seq, data };
    }
    if (held.kind === 'board' && Array.isArray(event.data['entries'])) {
      const data = applyBoardDelta(held.data, event.data as unknown as BoardDelta);
      return { kind: 'board', topic: held.topic, epoch: event.epoch, seq: event.seq, data };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
