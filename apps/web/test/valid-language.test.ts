import { describe, expect, it } from 'vitest';
import { validLanguage } from '../src/ui/valid-language.js';

describe('validLanguage', () => {
  it('keeps a valid tag, cuts the "@posix" Chromium reports under LANG=C, else falls back', () => {
    expect(validLanguage('de-CH')).toBeUndefined();
    expect(() => new Intl.NumberFormat('en-US@posix')).toThrow(RangeError);
    expect(validLanguage('en-US@posix')).toBe('en-US');
    expect(validLanguage('@@')).toBe('en-US');
  });
});
