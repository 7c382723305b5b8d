import { describe, expect, it } from 'vitest';
import { formatScore, formatValue } from '../../src/views/format';

describe('number formatting', () => {
  it('keeps few digits and says when there is no value', () => {
    expect(formatValue(0.123456)).toBe('0.123');
    expect(formatValue(12.3456)).toBe('12.35');
    expect(formatValue(1234.56)).toBe('1,234.6');
    expect(formatValue(2_500_000)).toBe('2.5M');
    expect(formatValue(null)).toBe('–');
    expect(formatScore(1234)).toBe('1,234');
  });
});
