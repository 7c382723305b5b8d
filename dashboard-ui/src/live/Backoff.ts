/**
 * Exponential backoff with jitter: the n-th retry (from 0) waits `min(max, initial × 2ⁿ)` scaled by a
 * uniform factor in [1 − jitter, 1 + jitter]. With the defaults: 1 s, 2 s, 4 s, … 32 s, then 60 s,
 * each ±10 %, so a retry waits at least 0.9 s and at most 66 s. The jitter spreads the reconnects of
 * many dashboards after a gateway restart instead of having them all arrive in the same second.
 *
 * Pure apart from the injected `random`; `reset` goes back to the first delay (the client calls it
 * once a connection has stayed up for a while, see Reconnector).
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly random: () => number,
    private readonly initialMs = 1_000,
    private readonly maxMs = 60_000,
    private readonly jitter = 0.1,
  ) {}

  /** Retries since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay of the next retry, in ms; counts the retry. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    const factor = 1 + this.jitter * (2 * this.random() - 1);
    return base * factor;
  }

  reset(): void {
    this.attempt = 0;
  }
}
