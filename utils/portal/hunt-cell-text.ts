/**
 * One advanced-hunting cell as text, for the Hunt page's rows table and its CSV export alike: strings as
 * they are, objects and arrays as JSON, null and absent as an empty cell, anything else (numbers,
 * booleans) as `String` gives it. Graph's rows are customer data: callers put this text in text nodes or
 * CSV fields, never parse it as markup. Pure and zod-free.
 */
export function huntCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
