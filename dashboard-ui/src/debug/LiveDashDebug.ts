// A read-only window onto the page for the browser tests (tests/LiveDash.BrowserTests) and for
// people debugging a dashboard in DevTools: `window.liveDash`. Nothing in the app reads it.

export interface ChartSeriesData {
  /** The series' tag set as the legend shows it, e.g. `host=a,region=eu` (`(no tags)` for none). */
  label: string;
  /** What the chart plots: `[unix second, value]`, oldest first. */
  points: [number, number][];
}

export interface LiveDashDebug {
  /** The data of the metric chart on screen that shows `topic`, or undefined when none does. */
  chartData(topic: string): ChartSeriesData[] | undefined;
  /** Every connection state the indicator has shown, in order (`live`, `reconnecting`, `resumed`, ...). */
  readonly statusLog: string[];
  /** Animation frames in which at least one widget rendered. */
  readonly frames: number;
  /** Widget renders in all (at most one per widget per frame). */
  readonly renders: number;
}

declare global {
  interface Window {
    liveDash?: LiveDashDebug;
  }
}
