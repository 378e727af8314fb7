import { describe, expect, it } from 'vitest';
import { themeFromBackground } from '@/utils/portal/portal-theme';

describe('themeFromBackground', () => {
  it.each([
    ['rgb(255, 255, 255)', 'light'],
    ['rgb(250, 249, 248)', 'light'],
    ['rgb(27, 26, 25)', 'dark'],
    ['rgba(41, 40, 39, 1)', 'dark'],
    ['rgb(27 26 25 / 0.9)', 'dark'],
  ] as const)('%s is %s', (color, theme) => {
    expect(themeFromBackground(color)).toBe(theme);
  });

  it.each([['rgba(0, 0, 0, 0)'], [''], [null], [undefined], ['transparent'], ['url(javascript:1)']])(
    'treats %s as the default light theme',
    (color) => {
      expect(themeFromBackground(color)).toBe('light');
    },
  );
});
