/**
 * The slice of OData v4 `$filter` that Microsoft Graph's security endpoints accept, as a tokenizer, a
 * recursive-descent parser and an evaluator:
 *
 *   filter     := or
 *   or         := and ( 'or' and )*
 *   and        := primary ( 'and' primary )*
 *   primary    := '(' or ')' | comparison
 *   comparison := property ( 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' ) literal
 *   literal    := 'string' (quote doubled to escape) | DateTimeOffset (unquoted, e.g. 2026-03-01T10:00:00Z)
 *               | null | true | false | number
 *   property   := name ( '/' name )*      (e.g. status, customer/tenantId)
 *
 * Types are checked like Graph does: a DateTimeOffset property takes an unquoted DateTimeOffset literal
 * (a quoted one is an error), an enum property takes a quoted member of its enum. Anything else
 * (functions, `not`, `in`, lambda operators, unknown properties) is an ODataFilterError, which the fake
 * Graph answers with 400 {error:{code:'BadRequest', message:'Invalid filter clause: ...'}}.
 */

export type ODataPropertyType =
  | { readonly kind: 'string' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'enum'; readonly members: readonly string[] };

export interface ODataSchema {
  /** For error messages, e.g. microsoft.graph.security.incident */
  readonly entityName: string;
  readonly properties: Readonly<Record<string, ODataPropertyType>>;
  /** The comparison operators this endpoint accepts (default: all six); any other is an ODataFilterError. */
  readonly operators?: readonly ComparisonOperator[];
  /** The logical operators this endpoint accepts (default: and, or); any other is an ODataFilterError. */
  readonly connectives?: readonly ('and' | 'or')[];
}

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type ODataLiteral =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'datetime'; readonly text: string; readonly ticks: bigint }
  | { readonly kind: 'null' }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'number'; readonly value: number };

export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | {
      readonly kind: 'compare';
      readonly property: string;
      readonly operator: ComparisonOperator;
      readonly literal: ODataLiteral;
      readonly type: ODataPropertyType;
    };

export class ODataFilterError extends Error {
  constructor(detail: string) {
    super(`Invalid filter clause: ${detail}`);
    this.name = 'ODataFilterError';
  }
}

type Token =
  | { kind: 'lparen' | 'rparen'; position: number }
  | { kind: 'word'; text: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'datetime'; text: string; position: number }
  | { kind: 'number'; value: number; text: string; position: number };

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})/i;
const OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

/** 100-nanosecond ticks since the epoch (Graph timestamps carry seven fractional digits). */
export function dateTimeTicks(text: string): bigint | undefined {
  const match = DATETIME.exec(text);
  if (!match || match[0].length !== text.length) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (Number.isNaN(ms) || Number(month) > 12 || Number(day) > 31 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  return (BigInt(ms) - BigInt(offsetMinutes) * 60_000n) * 10_000n + BigInt(fraction.padEnd(7, '0') || '0');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'lparen' : 'rparen', position: i });
      i += 1;
      continue;
    }
    if (char === "'") {
      const start = i;
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new ODataFilterError(`Unterminated string literal at position ${start} in '${text}'.`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text[i];
        i += 1;
      }
      tokens.push({ kind: 'string', value, position: start });
      continue;
    }
    const rest = text.slice(i);
    const dateTime = DATETIME.exec(rest);
    if (dateTime) {
      tokens.push({ kind: 'datetime', text: dateTime[0], position: i });
      i += dateTime[0].length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0], position: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*/.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], position: i });
      i += word[0].length;
      continue;
    }
    throw new ODataFilterError(`Syntax error: character '${char}' is not valid at position ${i} in '${text}'.`);
  }
  return tokens;
}

class Parser {
  #index = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly schema: ODataSchema,
  ) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) throw new ODataFilterError('The $filter expression is empty.');
    const node = this.parseOr();
    const extra = this.tokens[this.#index];
    if (extra) throw this.syntaxError(extra);
    return node;
  }

  private syntaxError(token: Token | undefined): ODataFilterError {
    const position = token ? token.position : this.text.length;
    return new ODataFilterError(`Syntax error at position ${position} in '${this.text}'.`);
  }

  private peekWord(word: string): boolean {
    const token = this.tokens[this.#index];
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.peekWord('or')) {
      this.requireConnective('or');
      this.#index += 1;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parsePrimary();
    while (this.peekWord('and')) {
      this.requireConnective('and');
      this.#index += 1;
      left = { kind: 'and', left, right: this.parsePrimary() };
    }
    return left;
  }

  private requireConnective(connective: 'and' | 'or'): void {
    if (this.schema.connectives && !this.schema.connectives.includes(connective)) {
      throw new ODataFilterError(`The logical operator '${connective}' is not supported on '${this.schema.entityName}'.`);
    }
  }

  private parsePrimary(): FilterNode {
    const token = this.tokens[this.#index];
    if (token?.kind === 'lparen') {
      this.#index += 1;
      const inner = this.parseOr();
      const close = this.tokens[this.#index];
      if (close?.kind !== 'rparen') throw this.syntaxError(close);
      this.#index += 1;
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterNode {
    const propertyToken = this.tokens[this.#index];
    if (propertyToken?.kind !== 'word') throw this.syntaxError(propertyToken);
    const next = this.tokens[this.#index + 1];
    if (next?.kind === 'lparen') {
      throw new ODataFilterError(`Unsupported function '${propertyToken.text}' at position ${propertyToken.position}.`);
    }
    const lowered = propertyToken.text.toLowerCase();
    if (['not', 'and', 'or', 'any', 'all', 'in'].includes(lowered)) throw this.syntaxError(propertyToken);
    const type = this.schema.properties[propertyToken.text];
    if (!type) {
      throw new ODataFilterError(
        `Could not find a property named '${propertyToken.text}' on type '${this.schema.entityName}'.`,
      );
    }
    this.#index += 1;
    const operatorToken = this.tokens[this.#index];
    if (operatorToken?.kind !== 'word' || !OPERATORS.has(operatorToken.text)) throw this.syntaxError(operatorToken);
    const operator = operatorToken.text as ComparisonOperator;
    if (this.schema.operators && !this.schema.operators.includes(operator)) {
      throw new ODataFilterError(`The operator '${operator}' is not supported on '${this.schema.entityName}'.`);
    }
    this.#index += 1;
    const literal = this.parseLiteral();
    this.checkTypes(propertyToken.text, type, operator, literal);
    return { kind: 'compare', property: propertyToken.text, operator, literal, type };
  }

  private parseLiteral(): ODataLiteral {
    const token = this.tokens[this.#index];
    this.#index += 1;
    switch (token?.kind) {
      case 'string':
        return { kind: 'string', value: token.value };
      case 'datetime': {
        const ticks = dateTimeTicks(token.text);
        if (ticks === undefined) throw new ODataFilterError(`'${token.text}' is not a valid DateTimeOffset.`);
        return { kind: 'datetime', text: token.text, ticks };
      }
      case 'number':
        return { kind: 'number', value: token.value };
      case 'word':
        if (token.text === 'null') return { kind: 'null' };
        if (token.text === 'true' || token.text === 'false') return { kind: 'boolean', value: token.text === 'true' };
        throw this.syntaxError(token);
      default:
        throw this.syntaxError(token);
    }
  }

  private checkTypes(property: string, type: ODataPropertyType, operator: ComparisonOperator, literal: ODataLiteral): void {
    if (literal.kind === 'null') {
      if (operator !== 'eq' && operator !== 'ne') throw this.incompatible(type, 'null', operator);
      return;
    }
    switch (type.kind) {
      case 'datetime':
        if (literal.kind !== 'datetime') throw this.incompatible(type, literalTypeName(literal), operator);
        return;
      case 'string':
        if (literal.kind !== 'string') throw this.incompatible(type, literalTypeName(literal), operator);
        return;
      case 'enum':
        if (literal.kind !== 'string') throw this.incompatible(type, literalTypeName(literal), operator);
        if (operator !== 'eq' && operator !== 'ne') throw this.incompatible(type, 'Edm.String', operator);
        if (!type.members.includes(literal.value)) {
          throw new ODataFilterError(
            `The string '${literal.value}' is not a valid enumeration type constant for property '${property}'.`,
          );
        }
        return;
    }
  }

  private incompatible(type: ODataPropertyType, literalType: string, operator: ComparisonOperator): ODataFilterError {
    return new ODataFilterError(
      `A binary operator with incompatible types was detected. Found operand types '${propertyTypeName(type)}' and '${literalType}' for operator kind '${operator}'.`,
    );
  }
}

function propertyTypeName(type: ODataPropertyType): string {
  return type.kind === 'datetime' ? 'Edm.DateTimeOffset' : type.kind === 'enum' ? 'Edm.Enum' : 'Edm.String';
}

function literalTypeName(literal: ODataLiteral): string {
  switch (literal.kind) {
    case 'string':
      return 'Edm.String';
    case 'datetime':
      return 'Edm.DateTimeOffset';
    case 'number':
      return 'Edm.Int32';
    case 'boolean':
      return 'Edm.Boolean';
    case 'null':
      return 'null';
  }
}

export function parseODataFilter(text: string, schema: ODataSchema): FilterNode {
  return new Parser(text, tokenize(text), schema).parse();
}

/** Reads a property (a/b paths walk nested objects); anything not a plain object on the way is undefined. */
export function readPath(item: unknown, path: string): unknown {
  let value: unknown = item;
  for (const segment of path.split('/')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function compareValues(operator: ComparisonOperator, order: number): boolean {
  switch (operator) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
  }
}

/**
 * Whether an item matches. Values of the wrong type in the data (a malformed item) compare like null:
 * `eq` is false, `ne` is true, ordering operators are false. Never throws.
 */
export function evaluateODataFilter(node: FilterNode, item: unknown): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateODataFilter(node.left, item) && evaluateODataFilter(node.right, item);
    case 'or':
      return evaluateODataFilter(node.left, item) || evaluateODataFilter(node.right, item);
    case 'compare': {
      const value = readPath(item, node.property);
      const { literal, operator } = node;
      if (literal.kind === 'null') {
        const isNull = value === null || value === undefined;
        return operator === 'eq' ? isNull : !isNull;
      }
      let order: number | undefined;
      if (literal.kind === 'datetime') {
        const ticks = typeof value === 'string' ? dateTimeTicks(value) : undefined;
        if (ticks !== undefined) order = ticks < literal.ticks ? -1 : ticks > literal.ticks ? 1 : 0;
      } else if (literal.kind === 'string') {
        if (typeof value === 'string') order = value < literal.value ? -1 : value > literal.value ? 1 : 0;
      }
      if (order === undefined) return operator === 'ne';
      return compareValues(operator, order);
    }
  }
}

/** Parses once; the returned predicate evaluates the filter against an item. */
export function compileODataFilter(text: string, schema: ODataSchema): (item: unknown) => boolean {
  const node = parseODataFilter(text, schema);
  return (item) => evaluateODataFilter(node, item);
}
