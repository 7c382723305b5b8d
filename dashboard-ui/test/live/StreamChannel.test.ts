import { afterEach, describe, expect, it } from 'vitest';
import { topicHash } from '../../src/live/CompositeCursor';
import type { TopicState } from '../../src/state/TopicState';
import { FakeEventSource, json, makeClient, problem, type Harness } from './fakes';
import { metricSnapshot, metricUpdate, reset } from './events';

const A = 'metric:a';
const B = 'metric:b';
const seg = (topic: string, seq: number, epoch = 'e1'): string => `${topicHash(topic)}:${epoch}:${seq.toString(36)}`;

/** Watches the topics, lets the debounce pass and the ticket arrive: one EventSource is open. */
async function watching(h: Harness, topics: string[]): Promise<Map<string, TopicState[]>> {
  const seen = new Map<string, TopicState[]>();
  for (const topic of topics) h.client.watch(topic, (state) => seen.set(topic, [...(seen.get(topic) ?? []), state]));
  await h.timers.advance(60);
  return seen;
}

/** Opens the last stream and sends snapshots of A and B (seq 1). */
async function live(h: Harness): Promise<void> {
  const source = FakeEventSource.last;
  source.open();
  source.send(metricSnapshot('a', 1), seg(A, 1));
  source.send(metricSnapshot('b', 1), `${seg(A, 1)},${seg(B, 1)}`);
  await h.timers.advance(1_000);
}

afterEach(() => {
  FakeEventSource.instances = [];
});

describe('StreamChannel over SSE', () => {
  it('opens ONE stream for every topic watched in a burst, with a ticket and no cursor', async () => {
    const h = makeClient();
    await watching(h, [A, B, 'board:x']);
    expect(FakeEventSource.instances).toHaveLength(1);
    const source = FakeEventSource.last;
    expect(source.params.getAll('topic')).toEqual(['board:x', A, B]); // sorted: one topic set, one order
    expect(source.params.get('ticket')).toBe('t1');
    expect(source.params.get('lastEventId')).toBeNull();
    expect(h.http.ofPath('/api/v1/tickets')).toHaveLength(1);
    expect(h.client.currentStatus.state).toBe('connecting');
  });

  it('sends the view key for the ticket, and nothing in open mode', async () => {
    const keyed = makeClient({ credentials: { viewKey: 'view-1', ingestKey: 'ingest-1' } });
    await watching(keyed, [A]);
    expect(keyed.http.ofPath('/api/v1/tickets')[0]!.authorization).toBe('Bearer view-1');

    const open = makeClient();
    await watching(open, [A]);
    expect(open.http.ofPath('/api/v1/tickets')[0]!.authorization).toBeUndefined();
  });

  it('goes live with the first event and hands views the applied state once per frame', async () => {
    const h = makeClient();
    const seen = await watching(h, [A, B]);
    const source = FakeEventSource.last;
    source.open();
    source.send(metricSnapshot('a', 1), seg(A, 1));
    expect(h.client.currentStatus.state).toBe('live');
    source.send(metricUpdate('a', 2), seg(A, 2));
    source.send(metricUpdate('a', 3), seg(A, 3));
    h.frames.run();
    expect(seen.get(A)?.map((s) => s.seq)).toEqual([3]);
    expect(h.client.statusLog).toEqual(['connecting', 'live']);
  });

  it('closes the EventSource on an error and reconnects after the backoff with a NEW ticket and lastEventId', async () => {
    const h = makeClient();
    await watching(h, [A, B]);
    await live(h);
    const first = FakeEventSource.last;
    first.send(metricUpdate('a', 2), `${seg(A, 2)},${seg(B, 1)}`);

    first.fail();
    expect(first.closed).toBe(true);
    const status = h.client.currentStatus;
    expect(status.state).toBe('reconnecting');
    expect(status.state === 'reconnecting' && status.retryAt - h.timers.now()).toBe(1_000);

    await h.timers.advance(999);
    expect(FakeEventSource.instances).toHaveLength(1);
    await h.timers.advance(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    const second = FakeEventSource.last;
    expect(second.params.get('ticket')).toBe('t2');
    expect(second.params.get('lastEventId')).toBe(`${seg(A, 2)},${seg(B, 1)}`);
  });

  it('says resumed with the updates that filled the gap, then live after a few seconds', async () => {
    const h = makeClient();
    await watching(h, [A, B]);
    await live(h);
    FakeEventSource.last.fail();
    await h.timers.advance(1_000);
    const second = FakeEventSource.last;
    second.open();
    second.send(metricUpdate('a', 2), `${seg(A, 2)},${seg(B, 1)}`);
    second.send(metricUpdate('b', 2), `${seg(A, 2)},${seg(B, 2)}`);
    second.send(metricUpdate('a', 2), `${seg(A, 2)},${seg(B, 2)}`); // a duplicate is ignored
    await h.timers.advance(1_000);
    expect(h.client.currentStatus).toEqual({ state: 'resumed', transport: 'sse', replayed: 3 });
    expect(h.client.current(A)?.seq).toBe(2);
    await h.timers.advance(3_000);
    expect(h.client.currentStatus.state).toBe('live');
    expect(h.client.statusLog).toEqual(['connecting', 'live', 'reconnecting', 'resumed', 'live']);
  });

  it('says reset, naming the topic, when a resume finds a topic’s history lost', async () => {
    const h = makeClient();
    await watching(h, [A, B]);
    await live(h);
    FakeEventSource.last.fail();
    await h.timers.advance(1_000);
    const second = FakeEventSource.last;
    second.open();
    second.send(reset(A, 1, 'e2'), '');
    expect(h.client.current(A)?.stale).toBe(true);
    second.send(metricSnapshot('a', 1, {}, 'e2', false), `${seg(A, 1, 'e2')},${seg(B, 1)}`);
    await h.timers.advance(1_000);
    expect(h.client.currentStatus).toEqual({ state: 'reset', transport: 'sse', topics: [A] });
    await h.timers.advance(10_000);
    expect(h.client.currentStatus.state).toBe('reset');
    h.client.dismissReset();
    expect(h.client.currentStatus.state).toBe('live');
  });

  it('backs off exponentially while the gateway stays down, and starts over after a healthy connection', async () => {
    const h = makeClient();
    await watching(h, [A]);
    FakeEventSource.last.open();
    FakeEventSource.last.send(metricSnapshot('a', 1), seg(A, 1));
    h.http.routes.set('/api/v1/tickets', () => 'network-error');
    FakeEventSource.last.fail();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const status = h.client.currentStatus;
      if (status.state !== 'reconnecting') throw new Error(`expected reconnecting, got ${status.state}`);
      delays.push(status.retryAt - h.timers.now());
      await h.timers.advance(status.retryAt - h.timers.now());
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);

    h.http.routes.set('/api/v1/tickets', () => json({ ticket: 'fresh', expiresAt: 0 }));
    const status = h.client.currentStatus;
    await h.timers.advance(status.state === 'reconnecting' ? status.retryAt - h.timers.now() : 0);
    FakeEventSource.last.open();
    await h.timers.advance(15_000);
    FakeEventSource.last.fail();
    const after = h.client.currentStatus;
    expect(after.state === 'reconnecting' && after.retryAt - h.timers.now()).toBe(1_000);
  });

  it('reconnects after disconnect 4001 with a new ticket, keeping the cursor', async () => {
    const h = makeClient({ credentials: { viewKey: 'v' } });
    await watching(h, [A, B]);
    await live(h);
    FakeEventSource.last.disconnect(4001, 'reauthenticate', true);
    expect(FakeEventSource.last.closed).toBe(true);
    await h.timers.advance(1_000);
    expect(h.http.ofPath('/api/v1/tickets')).toHaveLength(2);
    expect(FakeEventSource.last.params.get('ticket')).toBe('t2');
    expect(FakeEventSource.last.params.get('lastEventId')).toBe(`${seg(A, 1)},${seg(B, 1)}`);
  });

  it('does not flash resumed when a stopping gateway accepts the stream only to send disconnect 4000', async () => {
    const h = makeClient();
    await watching(h, [A]);
    await live(h);
    FakeEventSource.last.disconnect(4000, 'shutdown', true);
    await h.timers.advance(1_000);
    FakeEventSource.last.open();
    FakeEventSource.last.disconnect(4000, 'shutdown', true);
    await h.timers.advance(1_500);
    expect(h.client.statusLog).toEqual(['connecting', 'live', 'reconnecting']);
    expect(h.client.currentStatus).toMatchObject({ state: 'reconnecting', attempt: 2 });
  });

  it('stops without reconnecting after a 4500-range disconnect', async () => {
    const h = makeClient();
    await watching(h, [A]);
    await live(h);
    FakeEventSource.last.disconnect(4502, 'forbidden', false);
    expect(h.client.currentStatus).toMatchObject({ state: 'stopped', code: 4502 });
    await h.timers.advance(120_000);
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(h.http.ofPath('/api/v1/tickets')).toHaveLength(1);
  });

  it('stops with 4501 when the ticket request is refused with 401, and 4502 with 403', async () => {
    for (const [status, code] of [[401, 4501], [403, 4502]] as const) {
      const h = makeClient({ credentials: { viewKey: 'wrong' } });
      h.http.routes.set('/api/v1/tickets', () => problem(status));
      await watching(h, [A]);
      expect(h.client.currentStatus).toMatchObject({ state: 'stopped', code });
      expect(FakeEventSource.instances).toHaveLength(0);
      await h.timers.advance(120_000);
      expect(h.http.ofPath('/api/v1/tickets')).toHaveLength(1);
    }
  });

  it('stops with 4501 when the stream fails and the key is refused on the probe', async () => {
    const h = makeClient({ credentials: { viewKey: 'revoked' } });
    await watching(h, [A]);
    h.http.routes.set('/api/v1/topics', () => problem(401));
    FakeEventSource.last.fail();
    await h.timers.advance(0);
    expect(h.client.currentStatus).toMatchObject({ state: 'stopped', code: 4501 });
  });

  it('reopens with the composite cursor when a topic is added; the new topic has no segment so it gets a snapshot', async () => {
    const h = makeClient();
    await watching(h, [A, B]);
    await live(h);
    h.client.watch('metric:c', () => undefined);
    await h.timers.advance(60);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.instances[0]!.closed).toBe(true);
    const reopened = FakeEventSource.last;
    expect(reopened.params.getAll('topic')).toEqual([A, B, 'metric:c']);
    expect(reopened.params.get('lastEventId')).toBe(`${seg(A, 1)},${seg(B, 1)}`);
    expect(h.client.statusLog).toEqual(['connecting', 'live']);
  });

  it('leaves a re-watched topic’s old segment out of the cursor (its state was forgotten)', async () => {
    const h = makeClient();
    await watching(h, [A]);
    const stopB = h.client.watch(B, () => undefined);
    await h.timers.advance(60);
    await live(h);
    stopB();
    await h.timers.advance(60);
    h.client.watch(B, () => undefined);
    await h.timers.advance(60);
    expect(FakeEventSource.last.params.get('lastEventId')).toBe(seg(A, 1));
  });

  it('on a gap, reopens without that topic’s segment and ignores its updates until the snapshot', async () => {
    const h = makeClient();
    await watching(h, [A, B]);
    await live(h);
    const first = FakeEventSource.last;
    first.send(metricUpdate('a', 3), `${seg(A, 3)},${seg(B, 1)}`); // seq 2 is missing
    first.send(metricUpdate('a', 4), `${seg(A, 4)},${seg(B, 1)}`);
    first.send(metricUpdate('b', 2), `${seg(A, 4)},${seg(B, 2)}`);
    expect(h.client.current(A)?.seq).toBe(1);
    expect(h.client.current(B)?.seq).toBe(2);
    await h.timers.advance(60);
    expect(first.closed).toBe(true);
    const second = FakeEventSource.last;
    expect(second.params.get('lastEventId')).toBe(seg(B, 2));
    second.open();
    second.send(metricSnapshot('a', 4), `${seg(B, 2)},${seg(A, 4)}`);
    second.send(metricUpdate('a', 5), `${seg(B, 2)},${seg(A, 5)}`);
    expect(h.client.current(A)?.seq).toBe(5);
    expect(h.client.statusLog).toEqual(['connecting', 'live']);
  });

  it('sets aside a topic the gateway does not know (404) and adds it back once it appears', async () => {
    const h = makeClient();
    h.http.routes.set('/api/v1/topics', () => json([{ topic: A, kind: 'metric', updatedAt: 0 }]));
    await watching(h, [A, B]);
    FakeEventSource.last.fail(); // the gateway answered 404 for B
    await h.timers.advance(1_000);
    expect(FakeEventSource.last.params.getAll('topic')).toEqual([A]);
    FakeEventSource.last.open();
    FakeEventSource.last.send(metricSnapshot('a', 1), seg(A, 1));

    h.http.routes.set('/api/v1/topics', () => json([{ topic: A, kind: 'metric', updatedAt: 0 }, { topic: B, kind: 'metric', updatedAt: 0 }]));
    await h.timers.advance(5_000);
    expect(FakeEventSource.last.params.getAll('topic')).toEqual([A, B]);
    expect(FakeEventSource.last.params.get('lastEventId')).toBe(seg(A, 1));
  });

  it('closes the stream when nothing is watched any more', async () => {
    const h = makeClient();
    const stop = h.client.watch(A, () => undefined);
    await h.timers.advance(60);
    stop();
    await h.timers.advance(60);
    expect(FakeEventSource.last.closed).toBe(true);
    expect(FakeEventSource.instances).toHaveLength(1);
  });
});

describe('LiveClient.restart', () => {
  it('connects again after a stop once the user has entered a key', async () => {
    const h = makeClient();
    h.http.routes.set('/api/v1/tickets', () => problem(401));
    await watching(h, [A]);
    expect(h.client.currentStatus).toMatchObject({ state: 'stopped', code: 4501 });

    h.credentials.viewKey = 'good';
    h.http.routes.set('/api/v1/tickets', () => json({ ticket: 'ok', expiresAt: 0 }));
    h.client.restart();
    expect(h.client.currentStatus.state).toBe('connecting');
    await h.timers.advance(0);
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.last.params.get('ticket')).toBe('ok');
    expect(h.http.ofPath('/api/v1/tickets')[1]!.authorization).toBe('Bearer good');
  });
});
