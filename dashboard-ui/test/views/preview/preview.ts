// The app on generated data, for looking at the views without a gateway: `npx vite` then open
// /test/views/preview/index.html#/ . Query: ?rate=20&metrics=30&boards=5&status=reconnecting
import '../../../src/styles/app.css';
import { startApp } from '../../../src/views/App';
import { FakeLiveSource } from '../FakeLiveSource';

const query = new URLSearchParams(location.search);
const metricCount = Number(query.get('metrics') ?? 3);
const boardCount = Number(query.get('boards') ?? 2);
const rate = Number(query.get('rate') ?? 2);
const metrics = ['cpu.load', 'requests.latency_ms', 'queue.depth', ...Array.from({ length: Math.max(0, metricCount - 3) }, (_, i) => `m${i}`)].slice(0, metricCount);
const boards = ['match-1', 'league', ...Array.from({ length: Math.max(0, boardCount - 2) }, (_, i) => `b${i}`)].slice(0, boardCount);
const source = new FakeLiveSource({ rate, metrics, boards });
if (query.get('command') === 'error') source.nextCommandResult = { ok: false, code: 'forbidden', message: 'this key may not write' };

const root = document.getElementById('app');
if (root) startApp(root, source, { onCredentialsSaved: () => undefined });
setInterval(() => source.tick(), 1000 / rate);

const status = query.get('status');
if (status === 'reconnecting') source.setStatus({ state: 'reconnecting', transport: 'sse', retryAt: Date.now() + 9_000, attempt: 3, reason: 'shutdown' });
if (status === 'reset') source.setStatus({ state: 'reset', transport: 'sse', topics: ['board:match-1'] });
if (status === 'stopped') source.setStatus({ state: 'stopped', transport: 'sse', reason: 'the view key is not valid: enter one in Settings', code: 4501 });
if (query.get('stale') === '1') source.markAllStale();
