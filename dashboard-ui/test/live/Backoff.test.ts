import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src/live/Backoff';

/** A small seeded PRNG (mulberry32), so the sample is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Backoff', () => {
  it('doubles from 1 s and caps at 60 s without jitter at the middle of the random range', () => {
    const backoff = new Backoff(() => 0.5);
    const delays = Array.from({ length: 10 }, () => backoff.next());
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('stays within 0.9 s and 66 s, and the cap within 60 s ± 10 %, over many samples', () => {
    const random = seeded(7);
    let min = Infinity;
    let max = 0;
    for (let run = 0; run < 200; run++) {
      const backoff = new Backoff(random);
      for (let attempt = 0; attempt < 20; attempt++) {
        const delay = backoff.next();
        min = Math.min(min, delay);
        max = Math.max(max, delay);
        if (attempt === 0) expect(delay).toBeGreaterThanOrEqual(900);
        if (attempt === 0) expect(delay).toBeLessThanOrEqual(1_100);
        if (attempt >= 6) {
          expect(delay).toBeGreaterThanOrEqual(54_000);
          expect(delay).toBeLessThanOrEqual(66_000);
        }
      }
    }
    expect(min).toBeGreaterThanOrEqual(900);
    expect(max).toBeLessThanOrEqual(66_000);
  });

  it('reaches the extremes of the jitter band with the extremes of random', () => {
    expect(new Backoff(() => 0).next()).toBeCloseTo(900, 6);
    expect(new Backoff(() => 0.999999).next()).toBeCloseTo(1_100, 1);
  });

  it('spreads the jitter over both halves of the ±10 % band', () => {
    const random = seeded(42);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 2_000; i++) {
      const backoff = new Backoff(random);
      for (let j = 0; j < 7; j++) backoff.next();
      const delay = backoff.next(); // at the cap
      buckets[Math.min(9, Math.floor(((delay / 60_000 - 0.9) / 0.2) * 10))]!++;
    }
    const below = buckets.slice(0, 5).reduce((a, b) => a + b, 0);
    const above = buckets.slice(5).reduce((a, b) => a + b, 0);
    expect(below).toBeGreaterThan(800);
    expect(above).toBeGreaterThan(800);
    // Roughly uniform: every tenth of the band gets some of the 2,000 samples.
    for (const count of buckets) expect(count).toBeGreaterThan(100);
  });

  it('starts over at 1 s after a reset', () => {
    const backoff = new Backoff(() => 0.5);
    for (let i = 0; i < 5; i++) backoff.next();
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(1_000);
  });
});
