import { describe, expect, it } from 'vitest';
import { newBatchId } from '../../src/views/batchId';

describe('batch ids', () => {
  it('are fresh per call, also where randomUUID is missing (plain http on a LAN address)', () => {
    let counter = 0;
    const random = {
      getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
        if (array instanceof Uint8Array) array.fill((counter += 1));
        return array;
      },
    };
    const first = newBatchId(random);
    const second = newBatchId(random);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
    expect(newBatchId({ getRandomValues: random.getRandomValues, randomUUID: () => '1-2-3-4-5' })).toBe('1-2-3-4-5');
  });
});
