/** `requestAnimationFrame`'s shape, injectable so tests drive frames by hand. */
export type RequestFrame = (callback: (time: number) => void) => unknown;

/**
 * Runs each scheduled task at most once per animation frame: many updates of one watch between two
 * frames cost one render, with the newest state (the task reads it when it runs). This is what keeps
 * 50 widgets × 20 updates/s smooth: at most 50 renders per frame whatever the event rate.
 *
 * A task is keyed by its identity (one closure per watch), so scheduling it again before the frame
 * is free. Tasks scheduled while a frame runs go to the next frame. A task that throws is reported
 * and does not stop the others.
 */
export class FrameScheduler {
  private pending = new Set<() => void>();
  private requested = false;
  private frameCount = 0;
  private renderCount = 0;

  constructor(
    private readonly requestFrame: RequestFrame,
    private readonly reportError: (error: unknown) => void = (error) => console.error(error),
  ) {}

  /** Animation frames in which at least one task ran (`window.liveDash.frames`). */
  get frames(): number {
    return this.frameCount;
  }

  /** Tasks run in all (`window.liveDash.renders`): at most one per task per frame. */
  get renders(): number {
    return this.renderCount;
  }

  /** Runs `task` in the next animation frame, once however often it is scheduled before then. */
  schedule(task: () => void): void {
    this.pending.add(task);
    if (!this.requested) {
      this.requested = true;
      this.requestFrame(() => this.runFrame());
    }
  }

  /** Drops a scheduled task (its watch ended). */
  cancel(task: () => void): void {
    this.pending.delete(task);
  }

  private runFrame(): void {
    this.requested = false;
    const tasks = this.pending;
    if (tasks.size === 0) return;
    this.pending = new Set();
    this.frameCount++;
    for (const task of tasks) {
      this.renderCount++;
      try {
        task();
      } catch (error) {
        this.reportError(error);
      }
    }
  }
}

/** The browser's `requestAnimationFrame`, or a 16 ms timer where there is none (a hidden tab still gets frames later). */
export function browserRequestFrame(): RequestFrame {
  if (typeof requestAnimationFrame === 'function') return (callback) => requestAnimationFrame(callback);
  return (callback) => setTimeout(() => callback(Date.now()), 16);
}
