import { describe, expect, it } from 'vitest';
import { resolveTheme } from '../../src/views/theme';

describe('theme', () => {
  it('keeps a stored choice and otherwise follows the system', () => {
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme(null, true)).toBe('dark');
    expect(resolveTheme('purple', false)).toBe('light');
  });
});
