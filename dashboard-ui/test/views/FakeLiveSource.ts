// A LiveSource for view tests and the preview page (test/views/preview): generated metrics and
// boards, listeners called at most once per frame like the real client, commands applied locally.
// Never part of the app bundle.

import type { ConnectionStatus } from '../../src/live/ConnectionStatus';
import type { CommandResult, LiveSource, Unsubscribe, WatchOptions } from '../../src/live/LiveSource';
import type { BoardCommand, BoardEntry, SeriesState, TopicInfo, TopicName } from '../../src/live/wire';
import type { TopicState } from '../../src/state/TopicState';

type Listener = (state: TopicState) => void;

export interface FakeOptions {
  /** Updates per second per topic. */
  rate: number;
  metrics: string[];
  boards: string[];
  /** Tag sets per metric. */
  seriesPerMetric: number;
  now: () => number;
}

export class FakeLiveSource implements LiveSource {
  readonly frames = { count: 0 };
  readonly commands: { board: string; command: BoardCommand }[] = [];
  /** The next command's result; ack by default. */
  nextCommandResult: CommandResult = { ok: true };
  private readonly states = new Map<TopicName, TopicState>();
  private readonly listeners = new Map<TopicName, Set<Listener>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly dirty = new Set<TopicName>();
  private status: ConnectionStatus = { state: 'live', transport: 'sse' };
  private frameRequested = false;
  private seq = 0;
  private readonly options: FakeOptions;

  constructor(options: Partial<FakeOptions> = {}) {
    this.options = {
      rate: 2,
      metrics: ['cpu.load', 'requests.latency_ms'],
      boards: ['match-1'],
      seriesPerMetric: 2,
      now: () => Date.now(),
      ...options,
    };
    const nowSecond = Math.floor(this.options.now() / 1000);
    for (const metric of this.options.metrics) this.states.set(`metric:${metric}`, this.metricState(metric, nowSecond));
    for (const board of this.options.boards) this.states.set(`board:${board}`, this.boardState(board));
  }

  watch(topic: TopicName, listener: Listener, _options?: WatchOptions): Unsubscribe {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    if (this.states.has(topic)) this.markDirty(topic);
    return () => set.delete(listener);
  }

  current(topic: TopicName): TopicState | undefined {
    return this.states.get(topic);
  }

  onStatus(listener: (status: ConnectionStatus) => void): Unsubscribe {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  async listTopics(): Promise<TopicInfo[]> {
    return [...this.states.keys()].sort().map((topic) => ({
      topic,
      kind: topic.startsWith('metric:') ? 'metric' : 'board',
      updatedAt: this.options.now(),
    }));
  }

  async command(board: string, command: BoardCommand): Promise<CommandResult> {
    this.commands.push({ board, command });
    const result = this.nextCommandResult;
    if (!result.ok) return result;
    const topic = `board:${board}`;
    const state = this.states.get(topic) ?? this.boardState(board, []);
    if (state.kind !== 'board') return { ok: false, code: 'invalid_command', message: 'not a board' };
    const scores = new Map(state.data.entries.map((entry) => [entry.id, entry.score]));
    for (const [id, score] of Object.entries(command.set ?? {})) scores.set(id, score);
    for (const [id, step] of Object.entries(command.add ?? {})) scores.set(id, (scores.get(id) ?? 0) + step);
    this.states.set(topic, { ...state, seq: ++this.seq, data: { ...state.data, entries: ranked(scores) } });
    this.markDirty(topic);
    return { ok: true };
  }

  /** Marks every topic's state as the last known one after a lost history (TopicState.stale). */
  markAllStale(): void {
    for (const [topic, state] of this.states) {
      this.states.set(topic, { ...state, stale: true });
      this.markDirty(topic);
    }
  }

  /** Advances every topic by one update (the preview calls this `rate` times a second). */
  tick(): void {
    const nowSecond = Math.floor(this.options.now() / 1000);
    for (const [topic, state] of this.states) {
      if (state.kind === 'metric') {
        const series = state.data.series.map((s, index) => step(s, nowSecond, index));
        this.states.set(topic, { ...state, seq: ++this.seq, data: { ...state.data, series } });
      } else if (Math.random() < 0.3) {
        const scores = new Map(state.data.entries.map((entry) => [entry.id, entry.score]));
        const ids = [...scores.keys()];
        const lucky = ids[Math.floor(Math.random() * ids.length)];
        if (lucky !== undefined) scores.set(lucky, (scores.get(lucky) ?? 0) + Math.ceil(Math.random() * 3));
        this.states.set(topic, { ...state, seq: ++this.seq, data: { ...state.data, entries: ranked(scores) } });
      }
      this.markDirty(topic);
    }
  }

  private markDirty(topic: TopicName): void {
    this.dirty.add(topic);
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.frames.count += 1;
      const topics = [...this.dirty];
      this.dirty.clear();
      for (const topic of topics) {
        const state = this.states.get(topic);
        if (state) for (const listener of this.listeners.get(topic) ?? []) listener(state);
      }
    });
  }

  private metricState(metric: string, nowSecond: number): TopicState {
    const series: SeriesState[] = [];
    for (let index = 0; index < this.options.seriesPerMetric; index += 1) {
      const points: [number, number][] = [];
      for (let second = nowSecond - 299; second <= nowSecond; second += 1) {
        // Leave a gap in the second series so charts show one.
        if (index === 1 && second % 60 < 8) continue;
        points.push([second, wave(second, index)]);
      }
      series.push(summary({ host: `host-${String.fromCharCode(97 + index)}`, region: index % 2 ? 'us' : 'eu' }, points));
    }
    return { kind: 'metric', topic: `metric:${metric}`, epoch: 'fake', seq: ++this.seq, data: { metric, series } };
  }

  private boardState(board: string, ids = ['team-a', 'team-b', 'team-c', 'team-d', 'team-e', 'team-f']): TopicState {
    const scores = new Map(ids.map((id, index) => [id, 50 - index * 7]));
    return { kind: 'board', topic: `board:${board}`, epoch: 'fake', seq: ++this.seq, data: { board, title: `Match ${board}`, entries: ranked(scores) } };
  }
}

function wave(second: number, index: number): number {
  return Math.round((50 + 30 * Math.sin(second / (20 + index * 7)) + 10 * index + Math.random() * 5) * 100) / 100;
}

function step(series: SeriesState, nowSecond: number, index: number): SeriesState {
  const points = series.points.filter(([second]) => second > nowSecond - 300);
  const value = wave(nowSecond, index);
  const last = points[points.length - 1];
  if (last && last[0] === nowSecond) last[1] = value;
  else points.push([nowSecond, value]);
  return summary(series.tags, points, series.count + 1);
}

function summary(tags: Record<string, string>, points: [number, number][], count = points.length): SeriesState {
  const values = points.map(([, value]) => value).sort((a, b) => a - b);
  const at = (q: number): number => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
  return {
    tags,
    last: points[points.length - 1]?.[1] ?? 0,
    count,
    sum: values.reduce((a, b) => a + b, 0),
    min: values[0] ?? 0,
    max: values[values.length - 1] ?? 0,
    rate: 1,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    points,
  };
}

function ranked(scores: Map<string, number>): BoardEntry[] {
  const sorted = [...scores].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  let rank = 0;
  let previous: number | undefined;
  return sorted.map(([id, score], index) => {
    if (score !== previous) rank = index + 1;
    previous = score;
    return { id, score, rank };
  });
}
