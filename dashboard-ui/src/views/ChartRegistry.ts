// The metric charts on screen, so window.liveDash.chartData(topic) can say what one of them plots.

import type { ChartSeriesData } from '../debug/LiveDashDebug';

export interface PlottedChart {
  readonly topic: string;
  plotted(): ChartSeriesData[];
}

export class ChartRegistry {
  private readonly charts = new Set<PlottedChart>();

  add(chart: PlottedChart): () => void {
    this.charts.add(chart);
    return () => this.charts.delete(chart);
  }

  /** The data of the first chart on screen that shows `topic`. */
  chartData(topic: string): ChartSeriesData[] | undefined {
    for (const chart of this.charts) if (chart.topic === topic) return chart.plotted();
    return undefined;
  }
}
