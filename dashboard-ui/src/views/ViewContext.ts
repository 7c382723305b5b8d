// What screens and widgets get from the app: the live source (their only way to data), and the
// page-wide services they report to.

import type { LiveSource } from '../live/LiveSource';
import type { ChartRegistry } from './ChartRegistry';
import type { RenderCounter } from './RenderCounter';
import type { ThemeController } from './theme';

export interface ViewContext {
  readonly source: LiveSource;
  readonly renders: RenderCounter;
  readonly charts: ChartRegistry;
  readonly theme: ThemeController;
  /** Opens the settings dialog (API keys), e.g. from a command refused for lack of an ingest key. */
  openSettings(): void;
}
