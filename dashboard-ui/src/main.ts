// Entry point: the styles, the live source and the app shell.
import './styles/app.css';
import type { LiveSource } from './live/LiveSource';
import { startApp } from './views/App';

/**
 * The page's one live source. Until the transport module (src/live/LiveClient.ts, createLiveClient)
 * is on this branch there is none, and the page says so; wiring it is this one function.
 */
function createLiveSource(): LiveSource | undefined {
  return undefined;
}

const root = document.getElementById('app');
const source = createLiveSource();
if (root && source) startApp(root, source);
else if (root) root.textContent = 'LiveDash: the live connection module is missing from this build.';
