import { Backoff } from './Backoff';
import type { Timers } from './LiveClientDeps';

/**
 * Schedules a transport's retries with a Backoff and decides when the backoff starts over.
 *
 * Rule: the delay goes back to 1 s once a connection has stayed open for `healthyAfterMs` (15 s by
 * default). A gateway that accepts and drops at once (crash loop, `4003 unavailable`, a proxy that
 * cuts streams) keeps the delay growing; one that served the page for 15 s is healthy again, so the
 * next drop (a deploy, a slow-consumer cut) is retried after about a second.
 */
export class Reconnector {
  private retryTimer: unknown;
  private healthyTimer: unknown;

  constructor(
    private readonly backoff: Backoff,
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly healthyAfterMs = 15_000,
  ) {}

  /** Runs `retry` after the next backoff delay; returns when (Unix ms) and which attempt (from 1). */
  schedule(retry: () => void): { retryAt: number; attempt: number } {
    this.cancel();
    const delay = this.backoff.next();
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = undefined;
      retry();
    }, delay);
    return { retryAt: this.now() + delay, attempt: this.backoff.attempts };
  }

  /** A connection opened: start the healthy clock. */
  connected(): void {
    this.clearHealthy();
    this.healthyTimer = this.timers.setTimeout(() => {
      this.healthyTimer = undefined;
      this.backoff.reset();
    }, this.healthyAfterMs);
  }

  /** The connection dropped before it was healthy (or after): the healthy clock stops. */
  disconnected(): void {
    this.clearHealthy();
  }

  cancel(): void {
    if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  dispose(): void {
    this.cancel();
    this.clearHealthy();
  }

  private clearHealthy(): void {
    if (this.healthyTimer !== undefined) this.timers.clearTimeout(this.healthyTimer);
    this.healthyTimer = undefined;
  }
}
