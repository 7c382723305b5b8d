import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/live/LiveSource';
import { FakeEventSource, FakeWebSocket, makeClient, problem, type Harness } from './fakes';
import { boardSnapshot, boardUpdate, reset } from './events';

const M1 = 'board:m1';
const M2 = 'board:m2';

function event(e: ReturnType<typeof boardSnapshot>, cursor?: string): object {
  return { op: 'event', ...e, ...(cursor ? { cursor } : {}) };
}

/** Watches the boards interactively and opens the socket. */
async function connected(h: Harness, topics: string[] = [M1, M2]): Promise<FakeWebSocket> {
  for (const topic of topics) h.client.watch(topic, () => undefined, { interactive: true });
  await h.timers.advance(60);
  const socket = FakeWebSocket.last;
  socket.open();
  return socket;
}

describe('WebSocketChannel', () => {
  it('carries interactive watches on one socket with a ticket from the ingest key, one subscribe per topic', async () => {
    const h = makeClient({ credentials: { viewKey: 'v', ingestKey: 'i' } });
    h.client.watch('metric:cpu', () => undefined);
    const socket = await connected(h);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(socket.url).toBe('ws://gateway.test/ws?ticket=t2');
    const tickets = h.http.ofPath('/api/v1/tickets').map((call) => call.authorization);
    expect(tickets.sort()).toEqual(['Bearer i', 'Bearer v']);
    expect(socket.ofOp('subscribe').map((m) => [m['topics'], m['cursor']])).toEqual([[[M1], undefined], [[M2], undefined]]);
    // The plain watch stays on SSE, without the interactive topics.
    expect(FakeEventSource.last.params.getAll('topic')).toEqual(['metric:cpu']);
  });

  it('uses the view key for the socket when no ingest key is set', async () => {
    const h = makeClient({ credentials: { viewKey: 'v' } });
    await connected(h);
    expect(h.http.ofPath('/api/v1/tickets')[0]!.authorization).toBe('Bearer v');
  });

  it('resubscribes after a reconnect with each topic’s own last cursor, keeping the old one across a reset', async () => {
    const h = makeClient();
    const socket = await connected(h);
    socket.receive(event(boardSnapshot('m1', 1), 'c-m1-1'));
    socket.receive(event(boardSnapshot('m2', 4), 'c-m2-4'));
    socket.receive(event(boardUpdate('m1', 2, [{ id: 'a', score: 1, rank: 1, index: 0 }]), 'c-m1-2'));
    socket.receive(event(reset(M2, 1, 'e2'))); // no cursor: keep c-m2-4 until the snapshot
    expect(h.client.current(M2)?.stale).toBe(true);

    socket.serverClose(1006);
    await h.timers.advance(0);
    expect(h.client.currentStatus).toMatchObject({ state: 'reconnecting', transport: 'websocket' });
    await h.timers.advance(1_000);
    expect(FakeWebSocket.instances).toHaveLength(2);
    const again = FakeWebSocket.last;
    expect(again.url).toContain('ticket=t2');
    again.open();
    const subscribes = again.ofOp('subscribe').map((m) => [m['topics'], m['cursor']]);
    expect(subscribes).toEqual([[[M1], 'c-m1-2'], [[M2], 'c-m2-4']]);
    again.receive(event(boardUpdate('m1', 3, [{ id: 'a', score: 2, rank: 1, index: 0 }]), 'c-m1-3'));
    // m2's cursor names the old epoch: the gateway answers with reset and a snapshot of the new one.
    again.receive(event(reset(M2, 1, 'e2')));
    again.receive(event({ ...boardSnapshot('m2', 1, [], 'e2'), recovered: false }, 'c-m2-e2-1'));
    await h.timers.advance(1_000);
    expect(h.client.current(M2)).toMatchObject({ epoch: 'e2', seq: 1 });
    expect(h.client.current(M2)?.stale).toBeUndefined();
    expect(h.client.currentStatus).toEqual({ state: 'reset', transport: 'websocket', topics: [M2] });
  });

  it('says resumed after a reconnect that lost nothing', async () => {
    const h = makeClient();
    const socket = await connected(h, [M1]);
    socket.receive(event(boardSnapshot('m1', 1), 'c1'));
    socket.serverClose(4000, 'shutdown');
    await h.timers.advance(1_000);
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive(event(boardUpdate('m1', 2, [{ id: 'a', score: 1, rank: 1, index: 0 }]), 'c2'));
    await h.timers.advance(1_000);
    expect(h.client.currentStatus).toEqual({ state: 'resumed', transport: 'websocket', replayed: 1 });
    expect(h.client.statusLog).toEqual(['connecting', 'live', 'reconnecting', 'resumed']);
  });

  it('on a gap, unsubscribes and subscribes again without a cursor', async () => {
    const h = makeClient();
    const socket = await connected(h, [M1]);
    socket.receive(event(boardSnapshot('m1', 1), 'c1'));
    socket.receive(event(boardUpdate('m1', 3, []), 'c3'));
    expect(socket.sent.slice(-2)).toEqual([
      { op: 'unsubscribe', topics: [M1] },
      { op: 'subscribe', topics: [M1], id: 's2' },
    ]);
    socket.receive(event(boardSnapshot('m1', 3), 'c3'));
    expect(h.client.current(M1)?.seq).toBe(3);
  });

  it('reconnects after close 4001 with a new ticket', async () => {
    const h = makeClient({ credentials: { ingestKey: 'i' } });
    const socket = await connected(h, [M1]);
    socket.serverClose(4001, 'reauthenticate');
    await h.timers.advance(1_000);
    expect(h.http.ofPath('/api/v1/tickets')).toHaveLength(2);
    expect(FakeWebSocket.last.url).toContain('ticket=t2');
  });

  it('stops without reconnecting after close 4502', async () => {
    const h = makeClient();
    const socket = await connected(h, [M1]);
    socket.serverClose(4502, 'forbidden');
    await h.timers.advance(120_000);
    expect(h.client.currentStatus).toMatchObject({ state: 'stopped', code: 4502, transport: 'websocket' });
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('stops with 4502 when a refused upgrade’s key is refused by the probe', async () => {
    const h = makeClient({ credentials: { ingestKey: 'ingest-only' } });
    h.http.routes.set('/api/v1/topics', () => problem(403));
    h.client.watch(M1, () => undefined, { interactive: true });
    await h.timers.advance(60);
    FakeWebSocket.last.serverClose(1006);
    await h.timers.advance(0);
    expect(h.client.currentStatus).toMatchObject({ state: 'stopped', code: 4502 });
  });

  it('resolves a command with its ack, and with the gateway’s error', async () => {
    const h = makeClient();
    const socket = await connected(h, [M1]);
    const ok = h.client.command('m1', { add: { a: 1 } });
    const bad = h.client.command('m1', { add: { a: 1.5 } });
    const [first, second] = socket.ofOp('command');
    expect(first).toEqual({ op: 'command', topic: M1, command: { add: { a: 1 } }, id: 'c1' });
    socket.receive({ op: 'error', id: second!['id'], code: 'invalid_command', message: 'add.a must be an integer' });
    socket.receive({ op: 'ack', id: first!['id'] });
    expect(await ok).toEqual({ ok: true });
    expect(await bad).toEqual({ ok: false, code: 'invalid_command', message: 'add.a must be an integer' });
  });

  it('settles a command with timeout when no answer comes, and with unavailable when the socket closes first', async () => {
    const h = makeClient({ tuning: { commandTimeoutMs: 5_000 } });
    const socket = await connected(h, [M1]);
    const results: CommandResult[] = [];
    void h.client.command('m1', { add: { a: 1 } }).then((r) => results.push(r));
    await h.timers.advance(4_999);
    expect(results).toHaveLength(0);
    await h.timers.advance(1);
    expect(results[0]).toMatchObject({ ok: false, code: 'timeout' });

    void h.client.command('m1', { add: { a: 1 } }).then((r) => results.push(r));
    socket.serverClose(1006);
    await h.timers.advance(0);
    expect(results[1]).toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('answers unavailable at once when the socket is not open', async () => {
    const h = makeClient();
    expect(await h.client.command('m1', { add: { a: 1 } })).toMatchObject({ ok: false, code: 'unavailable' });
    h.client.watch(M1, () => undefined, { interactive: true });
    await h.timers.advance(60); // opening, not open yet
    expect(await h.client.command('m1', { add: { a: 1 } })).toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('combines SSE and WebSocket: live only when both are, the worse one shown otherwise', async () => {
    const h = makeClient();
    h.client.watch('metric:cpu', () => undefined);
    const socket = await connected(h, [M1]);
    socket.receive(event(boardSnapshot('m1', 1), 'c1'));
    expect(h.client.currentStatus.state).toBe('connecting'); // the stream has not opened yet
    FakeEventSource.last.open();
    FakeEventSource.last.send({ type: 'snapshot', topic: 'metric:cpu', seq: 1, epoch: 'e1', data: { metric: 'cpu', series: [] } }, 'x');
    expect(h.client.currentStatus.state).toBe('live');
    socket.serverClose(1006);
    await h.timers.advance(0);
    expect(h.client.currentStatus).toMatchObject({ state: 'reconnecting', transport: 'websocket' });
  });

  it('unsubscribes a topic whose interactive watch ended, and closes the socket after the last', async () => {
    const h = makeClient();
    const stopFirst = h.client.watch(M1, () => undefined, { interactive: true });
    const stop = h.client.watch(M2, () => undefined, { interactive: true });
    await h.timers.advance(60);
    const socket = FakeWebSocket.last;
    socket.open();
    stop();
    await h.timers.advance(60);
    expect(socket.ofOp('unsubscribe')).toEqual([{ op: 'unsubscribe', topics: [M2] }]);
    expect(socket.closedWith).toBeUndefined();
    stopFirst();
    await h.timers.advance(60);
    expect(socket.closedWith).toBe(1000);
  });

  it('moves a topic back to the stream when its interactive watch ends but a plain one remains', async () => {
    const h = makeClient();
    h.client.watch(M1, () => undefined);
    const stop = h.client.watch(M1, () => undefined, { interactive: true });
    await h.timers.advance(60);
    expect(FakeEventSource.instances).toHaveLength(0);
    stop();
    await h.timers.advance(60);
    expect(FakeEventSource.last.params.getAll('topic')).toEqual([M1]);
  });
});
