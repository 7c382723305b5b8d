// A tile's sparkline: one series' last five minutes on a small canvas, drawn in place on every render.
// Decoration only (aria-hidden): the tile's text carries the numbers.

import type { SecondPoint } from '../live/wire';
import { joinedSpacing } from './alignSeries';
import { h } from './dom';
import { cssColor } from './theme';

export class Sparkline {
  readonly element: HTMLCanvasElement;
  private width = 0;
  private height = 0;
  private points: readonly SecondPoint[] = [];
  private readonly resizeObserver: ResizeObserver;

  constructor() {
    this.element = h('canvas', { class: 'sparkline', 'aria-hidden': 'true' });
    // The observer hands over the size without a layout read in the render path.
    this.resizeObserver = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (!box) return;
      this.width = Math.round(box.width);
      this.height = Math.round(box.height);
      const ratio = window.devicePixelRatio || 1;
      this.element.width = Math.max(1, Math.round(this.width * ratio));
      this.element.height = Math.max(1, Math.round(this.height * ratio));
      this.draw(this.points);
    });
    this.resizeObserver.observe(this.element);
  }

  draw(points: readonly SecondPoint[]): void {
    this.points = points;
    const context = this.element.getContext('2d');
    if (!context || this.width === 0) return;
    const ratio = this.element.width / this.width;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this.width, this.height);
    const first = points[0];
    const last = points[points.length - 1];
    if (!first || !last) return;
    let min = Infinity;
    let max = -Infinity;
    for (const [, value] of points) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    const span = max - min || 1;
    const from = Math.min(first[0], last[0] - 299);
    const seconds = Math.max(1, last[0] - from);
    const pad = 2;
    const x = (second: number): number => ((second - from) / seconds) * (this.width - 2 * pad) + pad;
    const y = (value: number): number => this.height - pad - ((value - min) / span) * (this.height - 2 * pad);
    context.beginPath();
    const joined = joinedSpacing(points);
    let previous: number | undefined;
    for (const [second, value] of points) {
      // A long hole breaks the line, as on the chart (alignSeries.ts).
      if (previous === undefined || second - previous > joined) context.moveTo(x(second), y(value));
      else context.lineTo(x(second), y(value));
      previous = second;
    }
    context.lineWidth = 1.5;
    context.strokeStyle = cssColor('--series-0', '#0b5cad');
    context.stroke();
    if (points.length === 1) {
      // One point draws no line: show it as a dot.
      context.fillStyle = context.strokeStyle;
      context.beginPath();
      context.arc(x(first[0]), this.height / 2, 2.5, 0, 2 * Math.PI);
      context.fill();
    }
  }

  redraw(): void {
    this.draw(this.points);
  }

  dispose(): void {
    this.resizeObserver.disconnect();
  }
}
