import { describe, expect, it } from 'vitest';
import { seriesLabel } from '../../src/views/seriesLabel';

describe('series labels', () => {
  it('sorts tag keys so one tag set always reads the same', () => {
    expect(seriesLabel({ region: 'eu', host: 'a' })).toBe('host=a,region=eu');
    expect(seriesLabel({})).toBe('(no tags)');
  });
});
