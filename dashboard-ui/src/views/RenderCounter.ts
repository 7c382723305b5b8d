// Counts widget renders and the animation frames they fall in, for window.liveDash (the smoothness
// checks: at most one render per widget per frame). Widgets call `rendered()` from their LiveSource
// listener, which the transport calls at most once per frame.

export interface RenderStats {
  /** Animation frames in which at least one widget rendered. */
  readonly frames: number;
  /** Widget renders in all. */
  readonly renders: number;
}

export class RenderCounter implements RenderStats {
  private frameCount = 0;
  private renderCount = 0;
  private frameOpen = false;

  constructor(private readonly nextFrame: (callback: () => void) => void = (callback) => requestAnimationFrame(callback)) {}

  get frames(): number {
    return this.frameCount;
  }

  get renders(): number {
    return this.renderCount;
  }

  rendered(): void {
    this.renderCount += 1;
    if (this.frameOpen) return;
    // The first render of a frame opens it; the next frame closes it, so every render until then
    // counts in this frame.
    this.frameOpen = true;
    this.frameCount += 1;
    this.nextFrame(() => {
      this.frameOpen = false;
    });
  }
}
