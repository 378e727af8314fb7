import { describe, expect, it } from 'vitest';
import { huntCellText } from '@/utils/portal/hunt-cell-text';

describe('huntCellText', () => {
  it('writes strings as they are and nothing as an empty cell', () => {
    expect(huntCellText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(huntCellText('')).toBe('');
    expect(huntCellText(null)).toBe('');
    expect(huntCellText(undefined)).toBe('');
  });

  it('writes numbers, booleans and big integers as String gives them', () => {
    expect(huntCellText(3)).toBe('3');
    expect(huntCellText(-5.5)).toBe('-5.5');
    expect(huntCellText(0)).toBe('0');
    expect(huntCellText(false)).toBe('false');
    expect(huntCellText(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('writes objects and arrays as JSON, and one JSON cannot write as String gives it', () => {
    expect(huntCellText([1, 'a'])).toBe('[1,"a"]');
    expect(huntCellText({ a: { b: null } })).toBe('{"a":{"b":null}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(huntCellText(cyclic)).toBe('[object Object]');
    expect(huntCellText({ toJSON: () => undefined })).toBe('[object Object]');
  });
});
