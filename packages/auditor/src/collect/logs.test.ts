import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os, { availableParallelism } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogEvidenceBuilder } from '../ingest/evidence.ts';
import { createLogParser } from '../ingest/parser.ts';
import { classifierFor } from '../ingest/sources.ts';
import type { FlowRecord, LogSourceSummary } from '../model/flows.ts';
import { SharedRanges } from './log-ranges.ts';
import { parseRanges } from './log-worker.ts';
import { prepareLogWorkers, type RangeTask, readLogFile, readLogFileEvidence } from './logs.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../../fixtures/logs');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aro-aks-audit-logs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(file: string): Promise<{ records: FlowRecord[]; summary: LogSourceSummary }> {
  const records: FlowRecord[] = [];
  const summary = await readLogFile(file, (record) => records.push(record));
  return { records, summary };
}

/** The pure parser on the same bytes, in one push: what readLogFile must agree with. */
function parseBytes(bytes: Uint8Array, source: string) {
  const records: FlowRecord[] = [];
  const parser = createLogParser(source, (record) => records.push(record));
  parser.push(bytes);
  return { records, summary: parser.end() };
}

const HEADER =
  'TimeGenerated,Protocol,SourceIp,SourcePort,DestinationIp,DestinationPort,Action,Policy,RuleCollectionGroup,RuleCollection,Rule,ActionReason,_ResourceId';
function networkRows(count: number): string {
  const rows = [HEADER];
  for (let i = 0; i < count; i++) {
    const time = new Date(Date.UTC(2025, 10, 20) + i * 1000).toISOString();
    rows.push(
      `${time},TCP,10.1.${(i >> 8) & 3}.${i & 255},${1024 + (i % 60000)},20.42.65.92,9000,Allow,afwp-base,rcg-platform-aks,aks-network-required,"apiserver-tcp, ${i % 7}",,/fw`,
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

describe('readLogFile', () => {
  it.each(['azfw-application-rule.kusto.csv', 'storage-legacy.PT1H.json', 'storage-records-2018.json'])(
    'streams %s to the same records and summary as the parser',
    async (name) => {
      const file = path.join(fixtures, name);
      const expected = parseBytes(new Uint8Array(await readFile(file)), file);
      expect(await read(file)).toEqual(expected);
    },
  );

  it('gunzips by magic bytes, whatever the name: a CSV export and a {"records": [...]} archive', async () => {
    for (const name of ['azfw-network-rule.portal.csv', 'storage-records-2018.json']) {
      const bytes = new Uint8Array(await readFile(path.join(fixtures, name)));
      const file = path.join(dir, `${name}.blob`);
      await writeFile(file, gzipSync(bytes));
      const { records, summary } = await read(file);
      const expected = parseBytes(bytes, file);
      expect(records).toEqual(expected.records);
      expect(summary).toEqual({ ...expected.summary, gzip: true });
    }
  });

  it('reads appended gzip members (a blob written in parts) as one stream', async () => {
    const text = networkRows(10);
    const cut = text.indexOf('\n', text.length / 2) + 1;
    const file = path.join(dir, 'members.csv.gz');
    await writeFile(file, Buffer.concat([gzipSync(text.slice(0, cut)), gzipSync(text.slice(cut))]));
    expect((await read(file)).summary).toMatchObject({ rowsRead: 10, rowsRejected: 0, gzip: true });
  });

  it('streams a file much larger than one chunk, plain and gzipped', async () => {
    const text = networkRows(60_000);
    expect(text.length).toBeGreaterThan(8 * 1024 * 1024);
    const plain = path.join(dir, 'large.csv');
    const gzipped = path.join(dir, 'large.csv.gz');
    await writeFile(plain, text);
    await writeFile(gzipped, gzipSync(text));
    for (const file of [plain, gzipped]) {
      let count = 0;
      let lastRule = '';
      const summary = await readLogFile(file, (record) => {
        count++;
        lastRule = record.rule ?? '';
      });
      expect(summary).toMatchObject({ rowsRead: 60_000, rowsRejected: 0, tables: ['AZFWNetworkRule'] });
      expect(count).toBe(60_000);
      expect(lastRule).toBe(`apiserver-tcp, ${59_999 % 7}`);
    }
  });

  it('keeps the rows read before a truncated gzip and says why it stopped', async () => {
    const compressed = gzipSync(networkRows(20_000));
    const file = path.join(dir, 'truncated.csv.gz');
    await writeFile(file, compressed.subarray(0, Math.floor(compressed.length * 0.6)));
    const { summary } = await read(file);
    expect(summary.gzip).toBe(true);
    expect(summary.rowsRead).toBeGreaterThan(1000);
    expect(summary.rowsRead).toBeLessThan(20_000);
    expect(summary.error).toMatch(/^cannot read .*truncated\.csv\.gz: the gzip data is corrupt or truncated/);
  });

  it('names a corrupt gzip stream', async () => {
    const file = path.join(dir, 'corrupt.gz');
    await writeFile(file, new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    const { summary } = await read(file);
    expect(summary).toMatchObject({ rowsRead: 0, gzip: true, error: expect.stringContaining('gzip data is corrupt') });
  });

  it.each([
    ['a missing file', 'does-not-exist.csv', 'it does not exist'],
    ['a directory', '.', 'it is a directory'],
  ])('returns a summary with the cause for %s, not a throw', async (_, name, cause) => {
    const file = path.join(dir, name);
    expect(await read(file)).toEqual({
      records: [],
      summary: {
        source: file,
        tables: [],
        rowsRead: 0,
        rowsRejected: 0,
        rejected: [],
        error: `cannot read ${file}: ${cause}`,
      },
    });
  });

  it("rethrows the callback's own error", async () => {
    const failure = new Error('caller bug');
    await expect(
      readLogFile(path.join(fixtures, 'azfw-nat-rule.csv'), () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});

describe('readLogFileEvidence', () => {
  const groups = [
    { group: 'aks-prod', kind: 'cluster' as const, id: '/c/aks-prod', cidrs: ['10.1.0.0/22'] },
    { group: 'aks-teamb', kind: 'cluster' as const, id: '/c/aks-teamb', cidrs: ['10.1.2.0/24'] },
  ];
  /** The file read on this thread (no templates either: readLogFile and the builder, record by record). */
  async function recordByRecord(file: string) {
    const builder = createLogEvidenceBuilder(classifierFor(groups));
    builder.addSource(await readLogFile(file, (record) => builder.add(record)));
    return builder.evidence();
  }
  // Parts of 4 KiB and up are taken from a slower thread: the small files here are split many times.
  const inParallel = (file: string, workers: number) =>
    readLogFileEvidence(file, { sourceGroups: groups, workers, parallelMinBytes: 0, stealMinBytes: 4 << 10 });

  it('gives the same evidence on worker threads as record by record, rejected rows named by their line in the file', async () => {
    const lines = networkRows(12_000).split('\r\n');
    // Broken rows spread over the file, so each range has some.
    for (const at of [5, 4_000, 8_000, 11_000]) lines.splice(at, 0, 'not,a,row');
    const file = path.join(dir, 'parallel.csv');
    await writeFile(file, lines.join('\r\n'));
    const expected = await recordByRecord(file);
    expect(expected.sources[0]).toMatchObject({ rowsRead: 12_000, rowsRejected: 4 });
    const broken = lines.flatMap((line, index) => (line === 'not,a,row' ? [index + 1] : []));
    expect(expected.sources[0]?.rejected.map((r) => r.line)).toEqual(broken);
    for (const workers of [1, 2, 5]) expect(await inParallel(file, workers)).toEqual(expected);
  });

  it('uses workers started ahead of time, and starts none for small files', async () => {
    const file = path.join(dir, 'prepared.csv');
    await writeFile(file, networkRows(6_000));
    expect(await prepareLogWorkers([file])).toBe(0);
    expect(await prepareLogWorkers([file, path.join(dir, 'missing.csv')], { parallelMinBytes: 0 })).toBe(
      Math.min(7, availableParallelism() - 1),
    );
    expect(await inParallel(file, 2)).toEqual(await recordByRecord(file));
  });

  it('reads again on one thread when a range starts inside a quoted line break', async () => {
    const text = networkRows(20_000);
    const middle = text.indexOf('\r\n', text.length / 2) + 2;
    // A quoted field holding many line breaks across the middle of the file, where a range starts.
    const longField = `"${Array.from({ length: 5_000 }, (_, i) => `line ${i}, still quoted`).join('\r\n')}"`;
    const row = text.slice(middle, text.indexOf('\r\n', middle)).replace('Allow', longField);
    const file = path.join(dir, 'quoted-breaks.csv');
    await writeFile(file, `${text.slice(0, middle)}${row}\r\n${text.slice(middle)}`);
    const expected = await recordByRecord(file);
    expect(expected.sources[0]).toMatchObject({ rowsRead: 20_001, rowsRejected: 0 });
    expect(await inParallel(file, 2)).toEqual(expected);
  });

  it('reads gzip, JSON and small files on this thread, with the same evidence', async () => {
    const gzipped = path.join(dir, 'evidence.csv.gz');
    await writeFile(gzipped, gzipSync(networkRows(2_000)));
    for (const file of [
      gzipped,
      path.join(fixtures, 'storage-legacy.PT1H.json'),
      path.join(fixtures, 'azfw-nat-rule.csv'),
    ]) {
      expect(await inParallel(file, 2)).toEqual(await recordByRecord(file));
    }
  });

  it('keeps the CSV header out of every range but the first', async () => {
    const file = path.join(dir, 'sep-hint.csv');
    await writeFile(file, `sep=,\n\n${networkRows(5_000)}`);
    const evidence = await inParallel(file, 4);
    expect(evidence).toEqual(await recordByRecord(file));
    expect(evidence.sources[0]).toMatchObject({ rowsRead: 5_000, rowsRejected: 0 });
  });

  /**
   * `text` written to `name` with a board of two ranges (the second from the line after the middle),
   * parsed by this thread as the owner of range `own` alone: the other range's thread never starts.
   */
  async function parseAlone(name: string, text: string, headerEnd: number, own: number, stealMinBytes: number) {
    const file = path.join(dir, name);
    await writeFile(file, text);
    const middle = text.indexOf('\n', text.length / 2) + 1;
    const ranges = SharedRanges.create([0, middle], text.length, 64);
    const task: RangeTask = {
      path: file,
      headerEnd,
      ranges: ranges.buffer,
      range: own,
      stealMinBytes,
      sourceGroups: groups,
      aggregatorOptions: undefined,
      maxRejectedSamples: 10,
    };
    const classifier = classifierFor(groups);
    const newBuilder = () => createLogEvidenceBuilder(classifier);
    const parsed = await parseRanges(task, own, newBuilder(), newBuilder);
    return { ranges, middle, taken: parsed.slice(1).map(({ outcome }) => outcome) };
  }

  it('takes the second half of what another thread has not read, again and again, each part after a line', async () => {
    const text = networkRows(12_000);
    // Range 1's thread never starts: this one, done with range 0, takes half of range 1 at a time.
    const { ranges, middle, taken: parts } = await parseAlone('taken.csv', text, text.indexOf('\n') + 1, 0, 16 << 10);
    const taken = parts.map((outcome) => [ranges.start(outcome.range), ranges.end(outcome.range)]);
    expect(taken.length).toBeGreaterThan(4);
    expect(taken[0]).toEqual([text.indexOf('\n', (middle + text.length) / 2) + 1, text.length]);
    for (const [k, [start, end]] of taken.entries()) {
      expect(text[(start as number) - 1]).toBe('\n');
      if (k > 0) expect(end).toBe(taken[k - 1]?.[0]);
    }
    const unread = (taken.at(-1) as number[])[0] as number;
    expect(unread - ranges.end(1)).toBe(0);
    expect(unread - middle).toBeLessThan(2 * (16 << 10));
    const rowsIn = (from: number, to: number) => text.slice(from, to).split('\r\n').length - 1;
    expect(parts.every((outcome) => outcome.endsAtRecord)).toBe(true);
    expect(parts.reduce((sum, outcome) => sum + outcome.summary.rowsRead, 0)).toBe(rowsIn(unread, text.length));
  });

  it('never takes a part that starts inside the header, whatever the smallest part', async () => {
    const rows = networkRows(200);
    // Lines before the header (the hint, blank lines) longer than the header: halves could land there.
    const text = `sep=,\n${'\n'.repeat(400)}${rows}`;
    const headerEnd = text.indexOf('\n', text.indexOf('TimeGenerated')) + 1;
    // Range 0's thread never starts: this one takes halves of it down to single lines.
    const { ranges, taken } = await parseAlone('taken-sep.csv', text, headerEnd, 1, 1);
    expect(taken.length).toBeGreaterThan(3);
    expect(Math.min(...taken.map((outcome) => ranges.start(outcome.range)))).toBeGreaterThanOrEqual(headerEnd);
    expect(taken.every((outcome) => outcome.summary.rowsRejected === 0 && outcome.endsAtRecord)).toBe(true);
  });
});
