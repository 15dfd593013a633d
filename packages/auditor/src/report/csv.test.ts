import { findingOf, HOSTILE, hostileResult, resultOf } from '@aro-aks-audit/testing';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, renderCsv } from './csv.ts';

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
    ['carriage return', '\r=1+1'],
  ])('neutralises a cell that starts with %s', (_, name) => {
    const result = resultOf({
      findings: [findingOf({ id: 'a', checkId: 'overly-broad-rule', message: name, subject: `${name} again` })],
    });
    const [, row] = parse(renderCsv(result));
    const column = (c: (typeof CSV_COLUMNS)[number]) => row?.[CSV_COLUMNS.indexOf(c)];
    expect(column('message')).toBe(`'${name}`);
    expect(column('subject')).toBe(`'${name} again`);
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
});
