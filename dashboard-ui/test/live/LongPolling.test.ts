import { describe, expect, it } from 'vitest';
import { topicHash } from '../../src/live/CompositeCursor';
import type { LongPollResponse } from '../../src/live/wire';
import { FakeEventSource, json, makeClient, problem, type FetchCall, type Harness } from './fakes';
import { metricSnapshot, metricUpdate } from './events';

const A = 'metric:a';
const B = 'metric:b';
const seg = (topic: string, seq: number): string => `${topicHash(topic)}:e1:${seq.toString(36)}`;

/** Answers polls from a queue; a poll with nothing queued is held until the test answers it. */
function pollServer(h: Harness): { polls: FetchCall[]; answer(body: LongPollResponse | Response): void } {
  const waiting: ((answer: Response) => void)[] = [];
  const queued: Response[] = [];
  const polls: FetchCall[] = [];
  h.http.routes.set('/api/v1/poll', (call) => {
    polls.push(call);
    const next = queued.shift();
    return next ?? new Promise<Response>((resolve) => waiting.push(resolve));
  });
  return {
    polls,
    answer(body) {
      const response = body instanceof Response ? body : json(body);
      const resolve = waiting.shift();
      if (resolve) resolve(response);
      else queued.push(response);
    },
  };
}

describe('StreamChannel over long polling', () => {
  it('long-polls from the start when there is no EventSource, with the view key as Bearer and the cursor of each answer', async () => {
    const h = makeClient({ eventSource: false, credentials: { viewKey: 'view-1' } });
    const server = pollServer(h);
    h.client.watch(A, () => undefined);
    h.client.watch(B, () => undefined);
    await h.timers.advance(60);
    expect(server.polls).toHaveLength(1);
    const first = new URL(server.polls[0]!.url);
    expect(first.searchParams.getAll('topic')).toEqual([A, B]);
    expect(first.searchParams.get('cursor')).toBeNull();
    expect(server.polls[0]!.authorization).toBe('Bearer view-1');
    expect(h.http.ofPath('/api/v1/tickets')).toHaveLength(0);

    server.answer({ events: [metricSnapshot('a', 1), metricSnapshot('b', 1)], cursor: `${seg(A, 1)},${seg(B, 1)}` });
    await h.timers.advance(0);
    expect(h.client.currentStatus).toEqual({ state: 'live', transport: 'longpoll' });
    expect(new URL(server.polls[1]!.url).searchParams.get('cursor')).toBe(`${seg(A, 1)},${seg(B, 1)}`);

    server.answer({ events: [metricUpdate('a', 2)], cursor: `${seg(A, 2)},${seg(B, 1)}` });
    await h.timers.advance(0);
    expect(h.client.current(A)?.seq).toBe(2);
    expect(new URL(server.polls[2]!.url).searchParams.get('cursor')).toBe(`${seg(A, 2)},${seg(B, 1)}`);
  });

  it('sends no Authorization header in open mode', async () => {
    const h = makeClient({ eventSource: false });
    const server = pollServer(h);
    h.client.watch(A, () => undefined);
    await h.timers.advance(60);
    expect(server.polls[0]!.authorization).toBeUndefined();
  });

  it('leaves a topic with a gap out of the next poll’s cursor', async () => {
    const h = makeClient({ eventSource: false });
    const server = pollServer(h);
    h.client.watch(A, () => undefined);
    h.client.watch(B, () => undefined);
    await h.timers.advance(60);
    server.answer({ events: [metricSnapshot('a', 1), metricSnapshot('b', 1)], cursor: `${seg(A, 1)},${seg(B, 1)}` });
    await h.timers.advance(0);
    server.answer({ events: [metricUpdate('a', 3), metricUpdate('b', 2)], cursor: `${seg(A, 3)},${seg(B, 2)}` });
    await h.timers.advance(0);
    expect(h.client.current(A)?.seq).toBe(1);
    expect(h.client.current(B)?.seq).toBe(2);
    expect(new URL(server.polls[2]!.url).searchParams.get('cursor')).toBe(seg(B, 2));
  });

  it('retries a failed poll with backoff from the same cursor, and stops on 401', async () => {
    const h = makeClient({ eventSource: false });
    const server = pollServer(h);
    h.client.watch(A, () => undefined);
    await h.timers.advance(60);
    server.answer({ events: [metricSnapshot('a', 1)], cursor: seg(A, 1) });
    await h.timers.advance(0);
    server.answer(problem(503));
    await h.timers.advance(0);
    expect(h.client.currentStatus).toMatchObject({ state: 'reconnecting', transport: 'longpoll' });
    await h.timers.advance(1_000);
    expect(new URL(server.polls[2]!.url).searchParams.get('cursor')).toBe(seg(A, 1));
    server.answer({ events: [metricUpdate('a', 2)], cursor: seg(A, 2) });
    await h.timers.advance(0);
    expect(h.client.currentStatus).toEqual({ state: 'resumed', transport: 'longpoll', replayed: 1 });
    server.answer(problem(401));
    await h.timers.advance(0);
    expect(h.client.currentStatus).toMatchObject({ state: 'stopped', code: 4501 });
  });

  it('switches from SSE to long polling after two silent SSE failures while the gateway answers', async () => {
    const h = makeClient();
    h.http.routes.set('/api/v1/topics', () => json([{ topic: A, kind: 'metric', updatedAt: 0 }]));
    const server = pollServer(h);
    h.client.watch(A, () => undefined);
    await h.timers.advance(60);
    FakeEventSource.last.fail();
    await h.timers.advance(0);
    expect(h.client.currentStatus).toMatchObject({ state: 'reconnecting', transport: 'sse' });
    await h.timers.advance(1_000);
    expect(FakeEventSource.instances).toHaveLength(2);
    // The second attempt opens but delivers no snapshot in 10 s (a buffering proxy).
    FakeEventSource.last.open();
    await h.timers.advance(10_000);
    expect(FakeEventSource.last.closed).toBe(true);
    expect(server.polls).toHaveLength(1);
    server.answer({ events: [metricSnapshot('a', 1)], cursor: seg(A, 1) });
    await h.timers.advance(0);
    expect(h.client.currentStatus).toEqual({ state: 'live', transport: 'longpoll' });
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('keeps retrying SSE (no switch) while the gateway itself cannot be reached', async () => {
    const h = makeClient();
    h.http.routes.set('/api/v1/topics', () => 'network-error');
    const server = pollServer(h);
    h.client.watch(A, () => undefined);
    await h.timers.advance(60);
    for (let i = 0; i < 4; i++) {
      FakeEventSource.last.fail();
      await h.timers.advance(0); // the probe
      const status = h.client.currentStatus;
      await h.timers.advance(status.state === 'reconnecting' ? status.retryAt - h.timers.now() : 1);
    }
    expect(FakeEventSource.instances).toHaveLength(5);
    expect(server.polls).toHaveLength(0);
  });

  it('does not count streams that opened and resumed, then dropped, even quiet ones', async () => {
    const h = makeClient();
    h.http.routes.set('/api/v1/topics', () => json([{ topic: A, kind: 'metric', updatedAt: 0 }]));
    const server = pollServer(h);
    h.client.watch(A, () => undefined);
    await h.timers.advance(60);
    FakeEventSource.last.open();
    FakeEventSource.last.send(metricSnapshot('a', 1), seg(A, 1));
    for (let i = 0; i < 3; i++) {
      FakeEventSource.last.fail();
      await h.timers.advance(0);
      const status = h.client.currentStatus;
      await h.timers.advance(status.state === 'reconnecting' ? status.retryAt - h.timers.now() : 1);
      FakeEventSource.last.open(); // resumed from the cursor, nothing missed: no event
      await h.timers.advance(2_000);
    }
    expect(FakeEventSource.instances).toHaveLength(4);
    expect(FakeEventSource.last.params.get('lastEventId')).toBe(seg(A, 1));
    expect(server.polls).toHaveLength(0);
  });
});
