import { describe, expect, it } from 'vitest';
import { parseHuntingAnswer } from '@/utils/hunting/hunting-answer';

describe('parseHuntingAnswer', () => {
  it("reads Graph's huntingQueryResults with lower-case schema items and @odata.context", () => {
    const body = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults',
      schema: [
        { name: 'Timestamp', type: 'DateTime' },
        { name: 'DeviceName', type: 'String' },
      ],
      results: [
        { Timestamp: '2026-12-01T10:00:00Z', DeviceName: 'pc-1' },
        { Timestamp: '2026-12-01T11:00:00Z', DeviceName: null },
      ],
    };
    expect(parseHuntingAnswer(body)).toEqual({
      ok: true,
      columns: [
        { name: 'Timestamp', type: 'DateTime' },
        { name: 'DeviceName', type: 'String' },
      ],
      rows: [
        { Timestamp: '2026-12-01T10:00:00Z', DeviceName: 'pc-1' },
        { Timestamp: '2026-12-01T11:00:00Z', DeviceName: null },
      ],
    });
  });

  it("reads Microsoft's documented example spelling (Name, Type), and a column without a type as ''", () => {
    const body = { schema: [{ Name: 'FileName', Type: 'String' }, { Name: 'Count' }], results: [{ FileName: 'a.exe', Count: 3 }] };
    expect(parseHuntingAnswer(body)).toEqual({
      ok: true,
      columns: [
        { name: 'FileName', type: 'String' },
        { name: 'Count', type: '' },
      ],
      rows: [{ FileName: 'a.exe', Count: 3 }],
    });
  });

  it('keeps every row, and an empty answer is an answer', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ n: i }));
    const many = parseHuntingAnswer({ schema: [{ name: 'n', type: 'Int32' }], results: rows });
    expect(many.ok && many.rows.length).toBe(100_000);
    expect(parseHuntingAnswer({ schema: [], results: [] })).toEqual({ ok: true, columns: [], rows: [] });
  });

  it('keeps hostile values as data', () => {
    const row = { Cmd: '=cmd|" /C calc"!A0', Html: '<img src=x onerror=alert(1)>', __proto__x: 1 };
    const read = parseHuntingAnswer({ schema: [{ name: '<b>Cmd</b>', type: 'String' }], results: [row] });
    expect(read).toEqual({ ok: true, columns: [{ name: '<b>Cmd</b>', type: 'String' }], rows: [row] });
  });

  it('refuses a body without both arrays, with a clear message', () => {
    const noArrays = { ok: false, message: "Graph's hunting answer has no schema or results list." };
    expect(parseHuntingAnswer({ schema: [] })).toEqual(noArrays);
    expect(parseHuntingAnswer({ results: [] })).toEqual(noArrays);
    expect(parseHuntingAnswer({ schema: {}, results: [] })).toEqual(noArrays);
    const notAnswer = { ok: false, message: 'Graph answered something other than hunting results.' };
    for (const body of [null, undefined, 'text', 42, [[], []]]) expect(parseHuntingAnswer(body)).toEqual(notAnswer);
  });

  it('refuses rows that are not objects and columns without a name, naming the position', () => {
    expect(parseHuntingAnswer({ schema: [], results: [{ a: 1 }, ['x']] })).toEqual({ ok: false, message: "Row 2 of Graph's hunting answer is not a row." });
    expect(parseHuntingAnswer({ schema: [], results: [null] })).toEqual({ ok: false, message: "Row 1 of Graph's hunting answer is not a row." });
    expect(parseHuntingAnswer({ schema: [{ name: 'a', type: 'x' }, { type: 'String' }], results: [] })).toEqual({
      ok: false,
      message: "Column 2 of Graph's hunting answer has no name.",
    });
    expect(parseHuntingAnswer({ schema: ['a'], results: [] })).toEqual({ ok: false, message: "Column 1 of Graph's hunting answer has no name." });
  });
});
