// The app shell: header (name, navigation, connection indicator, theme and settings), the routed
// screen in <main>, and the settings dialog. Owns the route: one screen mounted at a time, the
// previous one disposed (its watches end) before the next one starts.

import { installLiveDash } from '../debug/installLiveDash';
import type { ConnectionStatus } from '../live/ConnectionStatus';
import type { LiveSource } from '../live/LiveSource';
import { BoardView } from './BoardView';
import { ChartRegistry } from './ChartRegistry';
import { ConnectionIndicator } from './ConnectionIndicator';
import { describeStatus, needsCredentials } from './connectionText';
import { DashboardView } from './DashboardView';
import { h, setAttr } from './dom';
import { MetricView } from './MetricView';
import { OverviewView } from './OverviewView';
import { RenderCounter, type RenderStats } from './RenderCounter';
import { dashboardHref, overviewHref, parseRoute, type Route } from './routes';
import { SettingsDialog } from './SettingsDialog';
import { ThemeController } from './theme';
import type { ViewContext } from './ViewContext';
import type { Widget } from './Widget';

export interface AppOptions {
  /** Runs after the person saved new API keys; the connection must start over (default: the source restarts, else the page reloads). */
  onCredentialsSaved?: () => void;
}

export function startApp(root: HTMLElement, source: LiveSource, options: AppOptions = {}): void {
  const renders = new RenderCounter();
  const charts = new ChartRegistry();
  const theme = new ThemeController();
  const statusLog: string[] = [];
  installLiveDash({ chartData: (topic) => charts.chartData(topic), statusLog, stats: renderStatsOf(source, renders) });

  // The transport reads the keys before every connection: a stopped one restarts with the new keys.
  // Open connections keep the scopes of the ticket they were opened with (a command would stay
  // forbidden after an ingest key was added), so then the page reloads and connects afresh.
  let lastStatus: ConnectionStatus | undefined;
  const restart =
    options.onCredentialsSaved ??
    ((): void => {
      if (source.restart && lastStatus?.state === 'stopped') source.restart();
      else location.reload();
    });
  const settings = new SettingsDialog(restart);
  const context: ViewContext = { source, renders, charts, theme, openSettings: () => settings.open() };

  const main = h('main', { id: 'main', tabindex: '-1', class: 'app-main' });
  const navLinks = {
    overview: h('a', { href: overviewHref }, 'Overview'),
    dashboard: h('a', { href: dashboardHref() }, 'Dashboards'),
  };
  const themeButton = h(
    'button',
    { type: 'button', class: 'icon-button', 'aria-pressed': String(theme.theme === 'dark') },
    h('span', { 'aria-hidden': 'true' }, '◐'),
    h('span', { class: 'visually-hidden' }, 'Dark theme'),
  );
  themeButton.title = 'Dark theme';
  themeButton.addEventListener('click', () => theme.toggle());
  theme.onChange((current) => setAttr(themeButton, 'aria-pressed', String(current === 'dark')));
  const settingsButton = h(
    'button',
    { type: 'button', class: 'icon-button', title: 'Settings: API keys' },
    h('span', { 'aria-hidden': 'true' }, '⚙'),
    h('span', { class: 'visually-hidden' }, 'Settings'),
  );
  settingsButton.addEventListener('click', () => settings.open());
  const indicator = new ConnectionIndicator(source, statusLog, () => settings.open());

  const skip = h('a', { class: 'skip-link', href: '#main' }, 'Skip to content');
  // A plain #main link would change the route: move focus instead.
  skip.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });

  root.replaceChildren(
    skip,
    h(
      'header',
      { class: 'app-header' },
      h('a', { class: 'brand', href: overviewHref }, 'LiveDash'),
      h('nav', { 'aria-label': 'Main' }, h('ul', {}, h('li', {}, navLinks.overview), h('li', {}, navLinks.dashboard))),
      h('div', { class: 'header-tools' }, indicator.element, themeButton, settingsButton),
    ),
    indicator.banner,
    main,
    settings.element,
  );

  // Credentials refused: ask for keys once per refusal, not on every status repeat.
  let askedFor: number | undefined;
  source.onStatus((status) => {
    lastStatus = status;
    if (!needsCredentials(status)) {
      askedFor = undefined;
      return;
    }
    const code = status.state === 'stopped' ? status.code : undefined;
    if (askedFor === code) return;
    askedFor = code;
    settings.open(describeStatus(status, Date.now()).detail);
  });

  let current: Widget | undefined;
  const show = (route: Route, moveFocus: boolean): void => {
    // The next screen starts watching before the previous one lets go: topics both show stay
    // subscribed, and the connection never sees an empty topic set in between.
    const previous = current;
    current = createScreen(context, route);
    main.replaceChildren(current.element);
    previous?.dispose();
    setAttr(main, 'data-route', route.name);
    for (const [name, link] of Object.entries(navLinks)) {
      if (name === route.name) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    document.title = `${screenTitle(route)} · LiveDash`;
    if (moveFocus) {
      // A new screen starts at its top; focus moves to it so keyboard and screen reader users land
      // there too (without scrolling it under the sticky header).
      window.scrollTo(0, 0);
      main.focus({ preventScroll: true });
    }
  };
  window.addEventListener('hashchange', () => show(parseRoute(location.hash), true));
  show(parseRoute(location.hash), false);
}

function createScreen(context: ViewContext, route: Route): Widget {
  switch (route.name) {
    case 'overview':
      return new OverviewView(context);
    case 'metric':
      return new MetricView(context, route.metric);
    case 'board':
      return new BoardView(context, route.board);
    case 'dashboard':
      return new DashboardView(context, route.layout);
    case 'notFound':
      return {
        element: h('div', { class: 'view' }, h('h1', {}, 'Not found'), h('p', {}, 'Nothing lives at this address. ', h('a', { href: overviewHref }, 'Go to the overview'), '.')),
        dispose: () => undefined,
      };
  }
}

function screenTitle(route: Route): string {
  switch (route.name) {
    case 'overview':
      return 'Overview';
    case 'metric':
      return route.metric;
    case 'board':
      return route.board;
    case 'dashboard':
      return 'Dashboard';
    case 'notFound':
      return 'Not found';
  }
}

/**
 * The transport's own frame counters when it has them (LiveClient counts every listener call it makes
 * in its frame scheduler), else the views' count of their renders.
 */
function renderStatsOf(source: LiveSource, fallback: RenderStats): RenderStats {
  const counted = source as Partial<Record<keyof RenderStats, unknown>>;
  return typeof counted.frames === 'number' && typeof counted.renders === 'number'
    ? (source as unknown as RenderStats)
    : fallback;
}
