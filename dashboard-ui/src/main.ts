// Entry point: the styles, the page's one live source, and the app shell.
import './styles/app.css';
import { createLiveClient } from './live/LiveClient';
import type { LiveSource } from './live/LiveSource';
import { startApp } from './views/App';

/** The page's one live connection (same origin; keys from the settings dialog). */
function createLiveSource(): LiveSource {
  return createLiveClient();
}

const root = document.getElementById('app');
if (root) startApp(root, createLiveSource());
