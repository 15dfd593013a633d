import { findingOf, HOSTILE, hostileResult, resultOf } from '@aro-aks-audit/testing';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, renderCsv, renderCsvChunks, toCsv } from './csv.ts';
import { visibleText } from './visible-text.ts';

const parse = (csv: string) => Papa.parse<string[]>(csv.trimEnd(), { header: false }).data;

describe('renderCsv', () => {
  it('writes the documented columns and one row per finding', () => {
    const result = hostileResult();
    const [header, ...rows] = parse(renderCsv(result));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(result.findings.length);
    expect(rows.map((r) => r[0])).toEqual(result.findings.map((f) => f.id));
  });

  it.each([
    ['=', '=HYPERLINK("https://attacker.example")'],
    ['+', '+1+cmd|" /C calc"!A0'],
    ['-', '-2+3'],
    ['@', '@SUM(A1:A9)'],
    ['tab', '\t=1+1'],
  ])('neutralises a cell that starts with %s', (_, name) => {
    const result = resultOf({
      findings: [findingOf({ id: 'a', checkId: 'overly-broad-rule', message: name, subject: `${name} again` })],
    });
    const [, row] = parse(renderCsv(result));
    const column = (c: (typeof CSV_COLUMNS)[number]) => row?.[CSV_COLUMNS.indexOf(c)];
    expect(column('message')).toBe(`'${name}`);
    expect(column('subject')).toBe(`'${name} again`);
  });

  it('shows terminal escapes, carriage returns and bidi controls as \\uXXXX: a CSV is read in terminals too', () => {
    const message = `\r=1+1 ${HOSTILE.terminal} ${HOSTILE.bidi}`;
    const [, row] = parse(
      renderCsv(resultOf({ findings: [findingOf({ id: 'a', checkId: 'overly-broad-rule', message })] })),
    );
    // The carriage return is text now, so the cell no longer starts a formula either.
    expect(row?.[CSV_COLUMNS.indexOf('message')]).toBe(
      '\\u000D=1+1 red\\u001B[31m\\u001B]0;title\\u0007\\u000D\nnext allow-\\u202Etxt.exe\\u2066\\u2069\\u200F',
    );
  });

  it('quotes commas, quotes and newlines so every name round-trips', () => {
    const message = `a,b "c"\nd ${HOSTILE.lineSeparators}`;
    const [, row] = parse(
      renderCsv(resultOf({ findings: [findingOf({ id: 'a', checkId: 'overly-broad-rule', message })] })),
    );
    expect(row?.[CSV_COLUMNS.indexOf('message')]).toBe(message);
  });

  it('joins evidence with | and keeps the fix command', () => {
    const [, row] = parse(renderCsv(hostileResult()));
    const evidence = row?.[CSV_COLUMNS.indexOf('evidence')] ?? '';
    expect(evidence.split(' | ').length).toBeGreaterThanOrEqual(2);
    expect(row?.[CSV_COLUMNS.indexOf('remediation_cli')]).toMatch(/^az network firewall policy/);
  });

  it('writes in pieces the same text as one unparse of every row', () => {
    const cells = ['=1+1', 'a,b "c"\nd', HOSTILE.bidi, '', '@x', 'plain'];
    const rows = Array.from({ length: 4501 }, (_, i) => [
      String(i),
      cells[i % cells.length] ?? '',
      cells[(i * 7) % cells.length] ?? '',
    ]);
    const fields = ['n', 'a', 'b'];
    const whole = `${Papa.unparse({ fields, data: rows.map((r) => r.map(visibleText)) }, { newline: '\n', escapeFormulae: true })}\n`;
    expect(toCsv(fields, rows)).toBe(whole);
    expect(toCsv(fields, [])).toBe(`${Papa.unparse({ fields, data: [] }, { newline: '\n', escapeFormulae: true })}\n`);
    expect([...renderCsvChunks(hostileResult())].join('')).toBe(renderCsv(hostileResult()));
  });
});
