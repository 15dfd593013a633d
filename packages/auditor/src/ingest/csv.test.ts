import { describe, expect, it } from 'vitest';
import type { FlowRecord, LogSourceSummary } from '../model/flows.ts';
import { CsvScanner } from './csv.ts';
import { createLogParser } from './parser.ts';

const encoder = new TextEncoder();

function parse(chunks: Uint8Array[]): { records: FlowRecord[]; summary: LogSourceSummary } {
  const records: FlowRecord[] = [];
  const parser = createLogParser('test.csv', (record) => records.push(record));
  for (const chunk of chunks) parser.push(chunk);
  return { records, summary: parser.end() };
}

/** Every way to cut `bytes` in two, plus one byte at a time. */
function* cuts(bytes: Uint8Array): Generator<Uint8Array[]> {
  for (let at = 0; at <= bytes.length; at++) yield [bytes.subarray(0, at), bytes.subarray(at)];
  yield Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
}

/** RFC 4180 quoting, only where needed (as the portal exports). */
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

const HEADER = [
  'TimeGenerated',
  'Protocol',
  'SourceIp',
  'SourcePort',
  'DestinationIp',
  'DestinationPort',
  'Action',
  'Policy',
  'RuleCollectionGroup',
  'RuleCollection',
  'Rule',
  'ActionReason',
];

// Rule names that need quoting: commas, doubled quotes, a line break, multi-byte UTF-8 (2, 3 and 4 bytes).
const AWKWARD_RULES = [
  'plain',
  'with, comma',
  'with "quotes"',
  '"',
  '""',
  ',',
  'line\r\nbreak',
  'règle spéciale',
  '規則',
  'fire 🔥, "hot"',
  ' padded ',
];

function networkCsv(rules: readonly string[], lineEnd: string, bom: boolean): Uint8Array {
  const lines = [HEADER.join(',')];
  rules.forEach((rule, i) => {
    lines.push(
      [
        `2025-11-20T08:00:${String(i).padStart(2, '0')}.5Z`,
        'TCP',
        `10.1.0.${i + 1}`,
        String(40000 + i),
        '20.42.65.92',
        '9000',
        'Allow',
        'afwp-base',
        'rcg-platform-aks',
        'aks-network-required',
        rule,
        '',
      ]
        .map(field)
        .join(','),
    );
  });
  const text = lines.join(lineEnd) + lineEnd;
  return encoder.encode(bom ? `\uFEFF${text}` : text);
}

describe('CSV: quoting, line ends, BOM', () => {
  it.each([
    ['LF', '\n', false],
    ['CRLF', '\r\n', false],
    ['CRLF with a BOM', '\r\n', true],
  ])('reads quoted fields with commas, doubled quotes, line breaks and UTF-8 (%s)', (_, lineEnd, bom) => {
    const { records, summary } = parse([networkCsv(AWKWARD_RULES, lineEnd, bom)]);
    expect(summary).toMatchObject({ rowsRead: AWKWARD_RULES.length, rowsRejected: 0, format: 'csv' });
    expect(records.map((r) => r.rule)).toEqual(AWKWARD_RULES);
    expect(records.map((r) => r.sourceIp)).toEqual(AWKWARD_RULES.map((_, i) => `10.1.0.${i + 1}`));
    expect(records[0]).toEqual({
      time: Date.UTC(2025, 10, 20, 8, 0, 0, 500),
      table: 'AZFWNetworkRule',
      sourceIp: '10.1.0.1',
      sourcePort: 40000,
      destination: '20.42.65.92',
      destinationIp: '20.42.65.92',
      port: 9000,
      protocol: 'TCP',
      action: 'Allow',
      policy: 'afwp-base',
      ruleCollectionGroup: 'rcg-platform-aks',
      ruleCollection: 'aks-network-required',
      rule: 'plain',
      count: 1,
    });
  });

  it('numbers rows by their first line, past line breaks inside quotes', () => {
    const bytes = encoder.encode(
      `${HEADER.join(',')}\n2025-11-20T08:00:00Z,TCP,10.1.0.1,1,20.42.65.92,9000,Allow,p,g,c,"two\nlines",\n` +
        'bad,TCP,10.1.0.1,1,20.42.65.92,9000,Allow,p,g,c,r,\n',
    );
    expect(parse([bytes]).summary.rejected).toEqual([{ line: 4, reason: "TimeGenerated 'bad' is not a time" }]);
  });

  it('gives the same records and summary for a cut at every byte offset, and one byte at a time', () => {
    const bytes = networkCsv(AWKWARD_RULES, '\r\n', true);
    const whole = parse([bytes]);
    for (const chunks of cuts(bytes)) expect(parse(chunks)).toEqual(whole);
  });

  it('is not confused by a cut inside a multi-byte character, a quoted field or a CRLF', () => {
    const bytes = networkCsv(['fire 🔥, "hot"'], '\r\n', false);
    const text = new TextDecoder().decode(bytes);
    const inEmoji = encoder.encode(text.slice(0, text.indexOf('🔥'))).length + 2;
    const inQuotes = encoder.encode(text.slice(0, text.indexOf('hot'))).length;
    const inCrlf = encoder.encode(text.slice(0, text.lastIndexOf('\r\n'))).length + 1;
    const whole = parse([bytes]);
    for (const at of [inEmoji, inQuotes, inCrlf]) {
      expect(parse([bytes.subarray(0, at), bytes.subarray(at)])).toEqual(whole);
    }
  });
});

describe('CSV: malformed rows are counted and reading goes on', () => {
  const row = (overrides: Record<number, string> = {}) =>
    ['2025-11-20T08:00:00Z', 'TCP', '10.1.0.1', '1', '20.42.65.92', '9000', 'Allow', 'p', 'g', 'c', 'r', '']
      .map((value, i) => overrides[i] ?? value)
      .join(',');

  it('rejects an unclosed quote by its line and reads the lines after it', () => {
    const bytes = encoder.encode([HEADER.join(','), row(), row({ 10: '"unclosed' }), row(), row(), ''].join('\n'));
    const { summary } = parse([bytes]);
    expect(summary).toMatchObject({
      rowsRead: 3,
      rowsRejected: 1,
      rejected: [{ line: 3, reason: 'a quoted field is not closed before the end of the input' }],
    });
  });

  it('rejects a row longer than the limit (an unclosed quote in a large file) and resumes', () => {
    const lines = [HEADER.join(','), row(), row({ 10: '"unclosed' })];
    for (let i = 0; i < 40_000; i++) lines.push(row());
    const bytes = encoder.encode(`${lines.join('\n')}\n`);
    const records: FlowRecord[] = [];
    const parser = createLogParser('big.csv', (r) => records.push(r));
    for (let at = 0; at < bytes.length; at += 64 * 1024) parser.push(bytes.subarray(at, at + 64 * 1024));
    const summary = parser.end();
    expect(summary.rejected).toEqual([
      { line: 3, reason: 'the row is longer than 1048576 bytes (an unclosed quote?)' },
    ]);
    expect(summary.rowsRejected).toBe(1);
    expect(summary.rowsRead).toBe(40_001);
  });

  it('rejects text after a closing quote and a wrong field count, skips blank lines', () => {
    const bytes = encoder.encode(
      [
        HEADER.join(','),
        row({ 10: '"r"x' }),
        '',
        '   ',
        row().split(',').slice(0, 5).join(','),
        `${row()},extra`,
        row(),
      ].join('\r\n'),
    );
    const { summary } = parse([bytes]);
    expect(summary.rowsRead).toBe(1);
    expect(summary.rejected).toEqual([
      { line: 2, reason: 'text after a closing quote' },
      { line: 4, reason: 'the row has 1 fields, the header has 12' },
      { line: 5, reason: 'the row has 5 fields, the header has 12' },
      { line: 6, reason: 'the row has 13 fields, the header has 12' },
    ]);
  });
});

describe('CSV: delimiters and headers', () => {
  const text = (delimiter: string) =>
    [
      HEADER.join(delimiter),
      ['2025-11-20T08:00:00Z', 'UDP', '10.1.0.1', '1', '20.42.65.92', '123', 'Allow', 'p', 'g', 'c', 'a,b', ''].join(
        delimiter,
      ),
    ].join('\n');

  it.each([
    [';', text(';')],
    ['tab', text('\t')],
    ['sep= hint', `sep=;\n${text(';')}`],
  ])('recognises the %s delimiter by the header', (_, csv) => {
    const { records, summary } = parse([encoder.encode(csv)]);
    expect(summary).toMatchObject({ rowsRead: 1, rowsRejected: 0 });
    expect(records[0]?.rule).toBe('a,b');
  });

  it('reads a header-only export as no rows and no error', () => {
    expect(parse([encoder.encode(`${HEADER.join(',')}\r\n`)]).summary).toEqual({
      source: 'test.csv',
      tables: [],
      rowsRead: 0,
      rowsRejected: 0,
      rejected: [],
      format: 'csv',
    });
  });

  it('names an unknown header and reads nothing else', () => {
    const { summary } = parse([encoder.encode('Name,Value\nx,1\ny,2\n')]);
    expect(summary.rowsRead + summary.rowsRejected).toBe(0);
    expect(summary.error).toMatch(/^not a firewall log export: the columns \(Name, Value\) are none of/);
  });
});

describe('CsvScanner', () => {
  it('splits fields exactly and hands over only complete records', () => {
    const seen: string[][] = [];
    const scanner = new CsvScanner({
      header: (names) => {
        seen.push(names);
        return false;
      },
      record: () => {},
      malformed: () => {},
    });
    scanner.push(encoder.encode('a,"b,c","d""e",,""'));
    expect(seen).toEqual([]);
    scanner.push(encoder.encode(',"f\ng"\r\n'));
    expect(seen).toEqual([['a', 'b,c', 'd"e', '', '', 'f\ng']]);
    expect(scanner.stopped).toBe(true);
  });

  it('says where it stands: the next line, and the bytes held for a record not yet complete', () => {
    const scanner = new CsvScanner({ header: () => true, record: () => {}, malformed: () => {} });
    scanner.push(encoder.encode('a,b\r\n1,2\r\n'));
    expect([scanner.line, scanner.heldBytes]).toEqual([3, 0]);
    // A line feed inside quotes is not a record's end: a range of a file split there ends inside it.
    scanner.push(encoder.encode('3,"x\n'));
    expect([scanner.line, scanner.heldBytes]).toEqual([3, 5]);
    scanner.push(encoder.encode('y"\n'));
    expect([scanner.line, scanner.heldBytes]).toEqual([5, 0]);
  });
});
