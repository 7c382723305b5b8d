// Installs window.liveDash (see LiveDashDebug.ts): read-only views of the page's charts, connection
// states and render counts, for the browser tests and for DevTools.

import type { ChartSeriesData, LiveDashDebug } from './LiveDashDebug';

export interface LiveDashSources {
  chartData(topic: string): ChartSeriesData[] | undefined;
  /** Appended to by the connection indicator as it shows each state. */
  readonly statusLog: string[];
  /** Frame and render counts (the render counter, or the frame scheduler's own). */
  readonly stats: { readonly frames: number; readonly renders: number };
}

export function installLiveDash(sources: LiveDashSources): LiveDashDebug {
  const debug: LiveDashDebug = {
    chartData: (topic) => sources.chartData(topic),
    statusLog: sources.statusLog,
    get frames() {
      return sources.stats.frames;
    },
    get renders() {
      return sources.stats.renders;
    },
  };
  window.liveDash = debug;
  return debug;
}
