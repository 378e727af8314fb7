/**
 * The tiny subset of KQL the fake advanced hunting (fake-hunting.ts) evaluates over a tenant's fixture
 * tables. A query is a table name followed by `|` operators:
 *
 *   where <cond> [and|or <cond>]...   cond: Col ==|=~|!=|!~ "v", Col has|!has|contains|!contains|startswith|endswith "v",
 *                                     Col in|in~|!in ("a", "b"), Col >|>=|<|<= ago(7d) | datetime(...) | number
 *   project a, b, New = Old
 *   take N / limit N                  top N by Col [asc|desc]
 *   order by / sort by Col [asc|desc], ...   (KQL's default is desc)
 *   count
 *
 * Errors carry Microsoft's documented messages (defender-docs advanced-hunting-errors.md): an unknown table
 * "Failed to resolve table or column expression named 'X'", an unknown column "'<operator>' operator:
 * Failed to resolve scalar expression named 'x'", anything this fake cannot parse "A recognition error
 * occurred." (so valid KQL beyond this subset is refused too: the fake's limit, not Graph's).
 */
import type { HuntingCellJson, HuntingRowJson } from './graph-contract';

export interface HuntingColumn {
  name: string;
  /** Graph's type name, e.g. DateTime, String, Int64. */
  type: string;
}

export interface HuntingTableData {
  columns: readonly HuntingColumn[];
  rows: readonly HuntingRowJson[];
}

export type KqlErrorKind = 'syntax' | 'semantic' | 'unknownTable';

export class KqlError extends Error {
  constructor(
    readonly kind: KqlErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const KQL_RECOGNITION_ERROR = 'A recognition error occurred.';
export const kqlUnknownTable = (name: string): string => `Failed to resolve table or column expression named '${name}'`;
export const kqlUnresolvedName = (operator: string, name: string): string =>
  `'${operator}' operator: Failed to resolve scalar expression named '${name}'`;

const syntax = (): KqlError => new KqlError('syntax', KQL_RECOGNITION_ERROR);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /^\u0000(\d+)\u0000$/;
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

type Literal = { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'time'; value: number } | { kind: 'bool'; value: boolean };
type Predicate = (row: HuntingRowJson) => boolean;

/** Runs `query` over the tables `table(name)` finds (undefined: unknown table). `now` is the fake clock's. */
export function runKql(query: string, table: (name: string) => HuntingTableData | undefined, now: number): HuntingTableData {
  const strings: string[] = [];
  // Mask string literals first, so `|`, `//` and `and` inside them mean nothing.
  const masked = query.replace(/@"(?:[^"]|"")*"|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (literal) => {
    strings.push(unquote(literal));
    return `\u0000${strings.length - 1}\u0000`;
  });
  const text = masked.replace(/\/\/[^\n]*/g, '');
  if (/["'@]/.test(text)) throw syntax();
  const [source = '', ...operators] = text.split('|').map((part) => part.trim());
  if (!IDENTIFIER.test(source)) throw syntax();
  const data = table(source);
  if (!data) throw new KqlError('unknownTable', kqlUnknownTable(source));
  let state: HuntingTableData = { columns: [...data.columns], rows: [...data.rows] };
  const literal = (token: string): Literal => parseLiteral(token, strings, now);
  for (const operator of operators) state = applyOperator(operator, state, literal);
  return {
    columns: state.columns,
    rows: state.rows.map((row) => Object.fromEntries(state.columns.map((column) => [column.name, cell(row, column)])) as HuntingRowJson),
  };
}

function unquote(literal: string): string {
  if (literal.startsWith('@')) return literal.slice(2, -1).replace(/""/g, '"');
  return literal.slice(1, -1).replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char === 't' ? '\t' : char));
}

/** A value as Graph would send it: a missing string is "" (KQL strings are never null), anything else null. */
function cell(row: HuntingRowJson, column: HuntingColumn): HuntingCellJson {
  const value = row[column.name];
  if (value !== undefined) return value;
  return column.type === 'String' ? '' : null;
}

function applyOperator(text: string, state: HuntingTableData, literal: (token: string) => Literal): HuntingTableData {
  const match = /^([a-z-]+)\b\s*([\s\S]*)$/.exec(text);
  if (!match) throw syntax();
  const [, name, rest = ''] = match;
  const columnNamed = (operator: string, column: string): HuntingColumn => {
    if (!IDENTIFIER.test(column)) throw syntax();
    const found = state.columns.find((candidate) => candidate.name === column);
    if (!found) throw new KqlError('semantic', kqlUnresolvedName(operator, column));
    return found;
  };
  switch (name) {
    case 'where': {
      if (!rest) throw syntax();
      const predicate = orOf(rest, (condition) => parseCondition(condition, (column) => columnNamed('where', column), literal));
      return { columns: state.columns, rows: state.rows.filter(predicate) };
    }
    case 'project': {
      const items = rest.split(',').map((item) => item.trim());
      if (items.some((item) => !item)) throw syntax();
      const picked = items.map((item) => {
        const rename = /^([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)$/.exec(item);
        const source = columnNamed('project', rename ? rename[2]! : item);
        return { name: rename ? rename[1]! : source.name, type: source.type, from: source.name };
      });
      return {
        columns: picked.map(({ name: column, type }) => ({ name: column, type })),
        rows: state.rows.map((row) => Object.fromEntries(picked.map((pick) => [pick.name, row[pick.from] ?? null])) as HuntingRowJson),
      };
    }
    case 'take':
    case 'limit':
      return { columns: state.columns, rows: state.rows.slice(0, count(rest)) };
    case 'top': {
      const top = /^(\d+)\s+by\s+([\s\S]+)$/.exec(rest);
      if (!top) throw syntax();
      return { columns: state.columns, rows: sorted(state.rows, top[2]!, (column) => columnNamed('top', column)).slice(0, Number(top[1])) };
    }
    case 'order':
    case 'sort': {
      const by = /^by\s+([\s\S]+)$/.exec(rest);
      if (!by) throw syntax();
      return { columns: state.columns, rows: sorted(state.rows, by[1]!, (column) => columnNamed(name, column)) };
    }
    case 'count':
      if (rest) throw syntax();
      return { columns: [{ name: 'Count', type: 'Int64' }], rows: [{ Count: state.rows.length }] };
    default:
      throw syntax();
  }
}

function count(text: string): number {
  if (!/^\d+$/.test(text)) throw syntax();
  return Number(text);
}

function sorted(rows: readonly HuntingRowJson[], text: string, column: (name: string) => HuntingColumn): HuntingRowJson[] {
  const keys = text.split(',').map((item) => {
    const match = /^([A-Za-z_]\w*)(?:\s+(asc|desc))?$/.exec(item.trim());
    if (!match) throw syntax();
    return { name: column(match[1]!).name, descending: match[2] !== 'asc' };
  });
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const order = compare(a[key.name], b[key.name]);
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
}

function compare(a: HuntingCellJson | undefined, b: HuntingCellJson | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

/** `a or b`, each side `c and d`: `and` binds tighter, as in KQL. Parentheses are not supported. */
function orOf(text: string, condition: (text: string) => Predicate): Predicate {
  if (/[()]/.test(text.replace(/\b(?:ago|datetime|now)\([^()]*\)|\b(?:in~?|!in~?)\s*\([^()]*\)/g, ''))) throw syntax();
  const anyOf = text.split(/\s+or\s+/).map((part) => {
    const allOf = part.split(/\s+and\s+/).map((piece) => condition(piece.trim()));
    return (row: HuntingRowJson) => allOf.every((predicate) => predicate(row));
  });
  return (row) => anyOf.some((predicate) => predicate(row));
}

const CONDITION =
  /^([A-Za-z_]\w*)\s*(==|=~|!=|!~|>=|<=|>|<|!has|has_cs|has|!contains|contains_cs|contains|!startswith|startswith|endswith|!in~|!in|in~|in)\s*([\s\S]+)$/;

function parseCondition(text: string, column: (name: string) => HuntingColumn, literal: (token: string) => Literal): Predicate {
  const match = CONDITION.exec(text);
  if (!match) throw syntax();
  const [, columnName = '', operator = '', valueText = ''] = match;
  const name = column(columnName).name;
  if (operator.endsWith('in') || operator.endsWith('in~')) {
    const list = /^\(([\s\S]*)\)$/.exec(valueText.trim());
    if (!list) throw syntax();
    const values = list[1]!.split(',').map((item) => literalText(literal(item.trim())));
    const caseless = operator.endsWith('~');
    const wanted = new Set(values.map((value) => (caseless ? value.toLowerCase() : value)));
    const negate = operator.startsWith('!');
    return (row) => {
      const value = String(row[name] ?? '');
      return wanted.has(caseless ? value.toLowerCase() : value) !== negate;
    };
  }
  const value = literal(valueText.trim());
  const text_ = (row: HuntingRowJson): string => String(row[name] ?? '');
  const needle = literalText(value);
  switch (operator) {
    case '==':
      return (row) => equals(row[name], value);
    case '!=':
      return (row) => !equals(row[name], value);
    case '=~':
      return (row) => text_(row).toLowerCase() === needle.toLowerCase();
    case '!~':
      return (row) => text_(row).toLowerCase() !== needle.toLowerCase();
    case 'has':
      return (row) => hasTerm(text_(row).toLowerCase(), needle.toLowerCase());
    case '!has':
      return (row) => !hasTerm(text_(row).toLowerCase(), needle.toLowerCase());
    case 'has_cs':
      return (row) => hasTerm(text_(row), needle);
    case 'contains':
      return (row) => text_(row).toLowerCase().includes(needle.toLowerCase());
    case '!contains':
      return (row) => !text_(row).toLowerCase().includes(needle.toLowerCase());
    case 'contains_cs':
      return (row) => text_(row).includes(needle);
    case 'startswith':
      return (row) => text_(row).toLowerCase().startsWith(needle.toLowerCase());
    case '!startswith':
      return (row) => !text_(row).toLowerCase().startsWith(needle.toLowerCase());
    case 'endswith':
      return (row) => text_(row).toLowerCase().endsWith(needle.toLowerCase());
    default: {
      // >, >=, <, <=: times and numbers.
      const ordered = (row: HuntingRowJson): number | undefined => {
        const cellValue = row[name];
        if (value.kind === 'time') return typeof cellValue === 'string' ? Date.parse(cellValue) : undefined;
        return typeof cellValue === 'number' ? cellValue : undefined;
      };
      if (value.kind !== 'time' && value.kind !== 'number') throw syntax();
      const bound = value.value;
      return (row) => {
        const left = ordered(row);
        if (left === undefined || Number.isNaN(left)) return false;
        return operator === '>' ? left > bound : operator === '>=' ? left >= bound : operator === '<' ? left < bound : left <= bound;
      };
    }
  }
}

function equals(cellValue: HuntingCellJson | undefined, value: Literal): boolean {
  if (value.kind === 'time') return typeof cellValue === 'string' && Date.parse(cellValue) === value.value;
  if (value.kind === 'number') return Number(cellValue) === value.value;
  if (value.kind === 'bool') return cellValue === value.value;
  return String(cellValue ?? '') === value.value;
}

/** KQL `has`: the needle as a whole term (bounded by non-alphanumeric characters). */
function hasTerm(haystack: string, needle: string): boolean {
  if (!needle) return true;
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${escaped}(?:$|[^\\p{L}\\p{N}])`, 'u').test(haystack);
}

function literalText(value: Literal): string {
  return value.kind === 'string' ? value.value : String(value.value);
}

function parseLiteral(token: string, strings: readonly string[], now: number): Literal {
  const placeholder = PLACEHOLDER.exec(token);
  if (placeholder) return { kind: 'string', value: strings[Number(placeholder[1])]! };
  if (/^-?\d+(?:\.\d+)?$/.test(token)) return { kind: 'number', value: Number(token) };
  if (token === 'true' || token === 'false') return { kind: 'bool', value: token === 'true' };
  if (token === 'now()') return { kind: 'time', value: now };
  const ago = /^ago\(\s*(\d+(?:\.\d+)?)(d|h|ms|m|s)\s*\)$/.exec(token);
  if (ago) return { kind: 'time', value: now - Number(ago[1]) * UNIT_MS[ago[2]!]! };
  const datetime = /^datetime\(\s*([^()]*?)\s*\)$/.exec(token);
  if (datetime) {
    const inner = PLACEHOLDER.exec(datetime[1]!);
    const time = Date.parse(inner ? strings[Number(inner[1])]! : datetime[1]!);
    if (!Number.isNaN(time)) return { kind: 'time', value: time };
  }
  throw syntax();
}
