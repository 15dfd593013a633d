/**
 * A small Kusto (KQL) evaluator for the emulated Log Analytics: enough of the language to run the
 * queries the tool sends (a table or `union withsource=… isfuzzy=true`, `where`, `extend`,
 * `summarize … by …`, and the scalar functions of ingest/kql-summarize.ts) over rows held in memory,
 * so an end-to-end test checks what the query text actually computes, not a canned answer. Anything
 * outside this subset is a thrown KqlError (the emulator answers 400 BadArgumentError, as the service
 * does for a query it cannot compile).
 *
 * Values: strings, numbers, booleans, null, Date (datetime), `{ timespan: ms }`, arrays (dynamic).
 * Regexes are RE2 in Kusto; the subset used here (`(?i)`, groups, classes) means the same in JS.
 */

import { compare, isDate, regexOf, SCALARS, toNumber, toText } from './kql-scalars.ts';

export class KqlError extends Error {}

export type KqlValue = string | number | boolean | null | Date | { timespan: number } | KqlValue[];
export type KqlRow = Record<string, KqlValue>;

export interface KqlTable {
  /** Column names of the table (a row may omit a column: its value is null). */
  columns: string[];
  rows: KqlRow[];
}

// ── Tokens ──

type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'timespan'; ms: number }
  | { kind: 'op'; text: string };

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"' || (c === '@' && (text[i + 1] === "'" || text[i + 1] === '"'))) {
      const verbatim = c === '@';
      if (verbatim) i++;
      const quote = text[i] as string;
      i++;
      let value = '';
      for (;;) {
        if (i >= text.length) throw new KqlError('unterminated string literal');
        const ch = text[i] as string;
        if (verbatim && ch === quote && text[i + 1] === quote) {
          value += quote;
          i += 2;
        } else if (ch === quote) {
          i++;
          break;
        } else if (!verbatim && ch === '\\') {
          const next = text[i + 1] ?? '';
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
        } else {
          value += ch;
          i++;
        }
      }
      tokens.push({ kind: 'string', text: value });
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(?:\.[0-9]+)?/.exec(text.slice(i)) as RegExpExecArray;
      i += match[0].length;
      const unit = /^(ms|d|h|m|s)\b/.exec(text.slice(i));
      if (unit) {
        tokens.push({ kind: 'timespan', ms: Number(match[0]) * (UNIT_MS[unit[1] as string] as number) });
        i += unit[0].length;
      } else tokens.push({ kind: 'number', value: Number(match[0]) });
    } else if (/[A-Za-z_$]/.test(c)) {
      const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i)) as RegExpExecArray;
      i += match[0].length;
      if ((match[0] === 'in' || match[0] === 'has') && text[i] === '~') {
        tokens.push({ kind: 'op', text: `${match[0]}~` });
        i++;
      } else tokens.push({ kind: 'ident', text: match[0] });
    } else {
      const two = text.slice(i, i + 2);
      if (['==', '!=', '=~', '>=', '<=', '..'].includes(two)) {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else if ('|(),=<>'.includes(c)) {
        tokens.push({ kind: 'op', text: c });
        i++;
      } else throw new KqlError(`unexpected character '${c}'`);
    }
  }
  return tokens;
}

// ── Expressions ──

type Expr =
  | { kind: 'literal'; value: KqlValue }
  | { kind: 'column'; name: string }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'in'; op: string; left: Expr; list: Expr[] };

class Parser {
  i = 0;
  readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'op' && t.text === text;
  }
  isIdent(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'ident' && t.text === text;
  }
  expectOp(text: string): void {
    if (!this.isOp(text)) throw new KqlError(`expected '${text}' at token ${this.i}`);
    this.i++;
  }
  ident(): string {
    const t = this.peek();
    if (t?.kind !== 'ident') throw new KqlError(`expected a name at token ${this.i}`);
    this.i++;
    return t.text;
  }
  get done(): boolean {
    return this.i >= this.tokens.length;
  }

  expression(): Expr {
    return this.or();
  }
  or(): Expr {
    let left = this.and();
    while (this.isIdent('or')) {
      this.i++;
      left = { kind: 'binary', op: 'or', left, right: this.and() };
    }
    return left;
  }
  and(): Expr {
    let left = this.comparison();
    while (this.isIdent('and')) {
      this.i++;
      left = { kind: 'binary', op: 'and', left, right: this.comparison() };
    }
    return left;
  }
  comparison(): Expr {
    const left = this.primary();
    const t = this.peek();
    if (t?.kind === 'op' && ['==', '!=', '=~', '>=', '<=', '<', '>'].includes(t.text)) {
      this.i++;
      return { kind: 'binary', op: t.text, left, right: this.primary() };
    }
    if ((t?.kind === 'ident' && t.text === 'in') || (t?.kind === 'op' && t.text === 'in~')) {
      this.i++;
      this.expectOp('(');
      const list: Expr[] = [];
      while (!this.isOp(')')) {
        list.push(this.expression());
        if (this.isOp(',')) this.i++;
      }
      this.i++;
      return { kind: 'in', op: t.kind === 'op' ? 'in~' : 'in', left, list };
    }
    if (this.isIdent('matches') && this.isIdent('regex', 1)) {
      this.i += 2;
      return { kind: 'binary', op: 'matches regex', left, right: this.primary() };
    }
    return left;
  }
  primary(): Expr {
    const t = this.peek();
    if (!t) throw new KqlError('unexpected end of query');
    this.i++;
    if (t.kind === 'string') return { kind: 'literal', value: t.text };
    if (t.kind === 'number') return { kind: 'literal', value: t.value };
    if (t.kind === 'timespan') return { kind: 'literal', value: { timespan: t.ms } };
    if (t.kind === 'op' && t.text === '(') {
      const inner = this.expression();
      this.expectOp(')');
      return inner;
    }
    if (t.kind === 'ident') {
      if (t.text === 'true' || t.text === 'false') return { kind: 'literal', value: t.text === 'true' };
      if (this.isOp('(')) {
        this.i++;
        // int(null), datetime(null): typed literals, not calls.
        if (['datetime', 'int', 'long', 'real'].includes(t.text)) return this.typedLiteral(t.text);
        const args: Expr[] = [];
        while (!this.isOp(')')) {
          args.push(this.expression());
          if (this.isOp(',')) this.i++;
          else if (!this.isOp(')')) throw new KqlError(`expected ',' or ')' in ${t.text}()`);
        }
        this.i++;
        return { kind: 'call', name: t.text, args };
      }
      return { kind: 'column', name: t.text };
    }
    throw new KqlError(`unexpected token at ${this.i - 1}`);
  }
  typedLiteral(type: string): Expr {
    const parts: string[] = [];
    while (!this.isOp(')')) {
      const t = this.peek();
      if (!t) throw new KqlError(`unterminated ${type}(`);
      parts.push(t.kind === 'number' ? String(t.value) : t.kind === 'timespan' ? String(t.ms) : t.text);
      this.i++;
    }
    this.i++;
    const text = parts.join('');
    if (text === 'null') return { kind: 'literal', value: null };
    if (type === 'datetime') throw new KqlError(`datetime(${text}) is not supported by the emulator`);
    return { kind: 'literal', value: Number(text) };
  }
}

// `datetime(2026-11-23T00:46:10.000Z)` is not made of KQL tokens: its text is taken from the query
// before tokenizing, as a call of an internal function on a string.
function protectDatetimes(text: string): string {
  return text.replace(/datetime\(([^)]*)\)/g, (_, inner: string) => {
    const trimmed = inner.trim();
    return trimmed === 'null' ? 'datetime(null)' : `__datetime('${trimmed}')`;
  });
}

interface Scope {
  row: KqlRow;
  columns: Set<string>;
}

function evaluate(expr: Expr, scope: Scope): KqlValue {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'column':
      if (!scope.columns.has(expr.name)) throw new KqlError(`Failed to resolve scalar expression named '${expr.name}'`);
      return scope.row[expr.name] ?? null;
    case 'in': {
      const value = toText(evaluate(expr.left, scope));
      const list = expr.list.map((e) => toText(evaluate(e, scope)));
      return expr.op === 'in~' ? list.some((v) => v.toLowerCase() === value.toLowerCase()) : list.includes(value);
    }
    case 'binary': {
      if (expr.op === 'and') return evaluate(expr.left, scope) === true && evaluate(expr.right, scope) === true;
      if (expr.op === 'or') return evaluate(expr.left, scope) === true || evaluate(expr.right, scope) === true;
      const left = evaluate(expr.left, scope);
      const right = evaluate(expr.right, scope);
      switch (expr.op) {
        case '==':
          return compare(left, right) === 0;
        case '!=':
          return compare(left, right) !== 0;
        case '=~':
          return toText(left).toLowerCase() === toText(right).toLowerCase();
        case '>=':
          return compare(left, right) >= 0;
        case '<=':
          return compare(left, right) <= 0;
        case '<':
          return compare(left, right) < 0;
        case '>':
          return compare(left, right) > 0;
        case 'matches regex':
          return regexOf(toText(right)).test(toText(left));
      }
      throw new KqlError(`operator ${expr.op} is not supported`);
    }
    case 'call': {
      if (expr.name === 'column_ifexists') {
        const name = toText(evaluate(expr.args[0] as Expr, scope));
        return scope.columns.has(name) ? (scope.row[name] ?? null) : evaluate(expr.args[1] as Expr, scope);
      }
      const fn = SCALARS[expr.name];
      if (!fn) throw new KqlError(`function ${expr.name}() is not supported by the emulator`);
      return fn(expr.args.map((a) => evaluate(a, scope)));
    }
  }
}

// ── Tabular operators ──

/** Splits at top-level `|` and `,` (outside parentheses). */
function splitTop(tokens: Token[], separator: string): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'op' && t.text === '(') depth++;
    if (t.kind === 'op' && t.text === ')') depth--;
    if (depth === 0 && t.kind === 'op' && t.text === separator) parts.push([]);
    else parts[parts.length - 1]?.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** `Name = expr` or a bare expression (named after its column, or `<fn>_<column>` / `count_`). */
function namedExpression(tokens: Token[]): { name: string; expr: Expr } {
  const first = tokens[0];
  const named = first?.kind === 'ident' && tokens[1]?.kind === 'op' && tokens[1].text === '=';
  const parser = new Parser(named ? tokens.slice(2) : tokens);
  const expr = parser.expression();
  if (!parser.done) throw new KqlError('unexpected tokens after an expression');
  if (named) return { name: (first as { text: string }).text, expr };
  if (expr.kind === 'column') return { name: expr.name, expr };
  if (expr.kind === 'call') {
    const arg = expr.args[0];
    return { name: arg?.kind === 'column' ? `${expr.name}_${arg.name}` : `${expr.name}_`, expr };
  }
  throw new KqlError('an expression needs a name');
}

const AGGREGATES = new Set(['count', 'sum', 'min', 'max', 'make_set']);

function summarize(table: KqlTable, tokens: Token[]): KqlTable {
  const byAt = tokens.findIndex((t) => t.kind === 'ident' && t.text === 'by');
  const aggregateTokens = byAt === -1 ? tokens : tokens.slice(0, byAt);
  const keyTokens = byAt === -1 ? [] : tokens.slice(byAt + 1);
  const aggregates = splitTop(aggregateTokens, ',').map(namedExpression);
  const keys = splitTop(keyTokens, ',').map(namedExpression);
  for (const { expr } of aggregates) {
    if (expr.kind !== 'call' || !AGGREGATES.has(expr.name)) throw new KqlError('summarize takes aggregation functions');
  }
  const columns = new Set(table.columns);
  const groups = new Map<string, { key: KqlValue[]; rows: KqlRow[] }>();
  for (const row of table.rows) {
    const scope = { row, columns };
    const key = keys.map(({ expr }) => evaluate(expr, scope));
    const id = JSON.stringify(key.map((v) => (isDate(v) ? `#${v.getTime()}` : v)));
    const group = groups.get(id) ?? { key, rows: [] };
    group.rows.push(row);
    groups.set(id, group);
  }
  const rows: KqlRow[] = [];
  for (const { key, rows: members } of groups.values()) {
    const out: KqlRow = {};
    keys.forEach(({ name }, i) => {
      out[name] = key[i] ?? null;
    });
    for (const { name, expr } of aggregates) {
      const call = expr as Extract<Expr, { kind: 'call' }>;
      const values = () => members.map((row) => evaluate(call.args[0] as Expr, { row, columns }));
      if (call.name === 'count') out[name] = members.length;
      else if (call.name === 'sum') out[name] = values().reduce<number>((s, v) => s + (toNumber(v) ?? 0), 0);
      else if (call.name === 'min' || call.name === 'max') {
        const present = values().filter((v) => v !== null);
        out[name] = present.reduce<KqlValue>(
          (best, v) =>
            best === null || (call.name === 'min' ? compare(v, best) < 0 : compare(v, best) > 0) ? v : best,
          null,
        );
      } else {
        const limit = call.args[1]
          ? Number(toNumber(evaluate(call.args[1], { row: {}, columns })) ?? 1048576)
          : 1048576;
        const set: KqlValue[] = [];
        for (const v of values()) {
          if (set.length >= limit) break;
          // Only nulls are left out (a string is never null: '' is a value, as the null-values page says).
          if (v !== null && !set.some((s) => toText(s) === toText(v))) set.push(v);
        }
        out[name] = set;
      }
    }
    rows.push(out);
  }
  return { columns: [...keys.map((k) => k.name), ...aggregates.map((a) => a.name)], rows };
}

function source(tokens: Token[], tables: ReadonlyMap<string, KqlTable>): KqlTable {
  const parser = new Parser(tokens);
  if (!parser.isIdent('union')) {
    const name = parser.ident();
    if (!parser.done) throw new KqlError(`unexpected tokens after table ${name}`);
    const table = tables.get(name);
    if (!table) throw new KqlError(`'${name}' could not be resolved: the table does not exist in the workspace`);
    return table;
  }
  parser.i++;
  let withSource: string | undefined;
  let fuzzy = false;
  while (parser.isOp('=', 1)) {
    const option = parser.ident();
    parser.i++;
    const value = parser.ident();
    if (option === 'withsource') withSource = value;
    else if (option === 'isfuzzy') fuzzy = value === 'true';
  }
  const names = splitTop(tokens.slice(parser.i), ',').map((part) => {
    if (part.length !== 1 || part[0]?.kind !== 'ident') throw new KqlError('union takes table names');
    return part[0].text;
  });
  const present = names.filter((n) => tables.has(n));
  if (!fuzzy && present.length !== names.length) throw new KqlError('a table of the union does not exist');
  // Even a fuzzy union needs one table that resolves.
  if (present.length === 0)
    throw new KqlError(`'union' operator: Failed to resolve table expression named '${names[0] ?? ''}'`);
  const columns = new Set<string>();
  const rows: KqlRow[] = [];
  for (const name of present) {
    const table = tables.get(name) as KqlTable;
    for (const c of table.columns) columns.add(c);
    for (const row of table.rows) rows.push(withSource ? { ...row, [withSource]: name } : row);
  }
  if (withSource) columns.add(withSource);
  return { columns: [...columns], rows };
}

/** Runs a query over the tables (by name); throws KqlError for what the subset does not cover. */
export function runKql(query: string, tables: ReadonlyMap<string, KqlTable>): KqlTable {
  const stages = splitTop(tokenize(protectDatetimes(query)), '|');
  const [head, ...operators] = stages;
  if (!head) throw new KqlError('empty query');
  let table = source(head, tables);
  for (const stage of operators) {
    const [op, ...rest] = stage;
    const name = op?.kind === 'ident' ? op.text : '';
    const columns = new Set(table.columns);
    if (name === 'where') {
      const parser = new Parser(rest);
      const predicate = parser.expression();
      if (!parser.done) throw new KqlError('unexpected tokens after a where predicate');
      table = {
        columns: table.columns,
        rows: table.rows.filter((row) => evaluate(predicate, { row, columns }) === true),
      };
    } else if (name === 'extend') {
      const assignments = splitTop(rest, ',').map(namedExpression);
      const extended = new Set([...table.columns, ...assignments.map((a) => a.name)]);
      table = {
        columns: [...extended],
        rows: table.rows.map((row) => {
          const out = { ...row };
          for (const { name: column, expr } of assignments)
            out[column] = evaluate(expr, { row: out, columns: extended });
          return out;
        }),
      };
    } else if (name === 'summarize') table = summarize(table, rest);
    else throw new KqlError(`operator '${name}' is not supported by the emulator`);
  }
  return table;
}
