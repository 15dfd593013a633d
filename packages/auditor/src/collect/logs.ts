/**
 * Reads one firewall log file: the only place log files are read. The file is streamed (never read
 * whole), gunzipped when its first bytes are the gzip magic (storage-account archives are often
 * downloaded compressed; `.csv.gz` exports), and fed to the pure parser (ingest/parser.ts).
 *
 * A file that cannot be read is not a throw that stops the audit: the summary says why (`error`), with
 * the rows read before the failure still counted, and the caller marks the audit incomplete. Errors
 * thrown by `onRecord` are the caller's and are rethrown.
 *
 * readLogFileEvidence reads a file straight into LogEvidence: rows that repeat a shape skip the record
 * (ingest/templates.ts), and a large plain CSV export is parsed by worker threads (log-worker.ts), one
 * byte range each, so a multi-GB export takes seconds on every core with memory bounded by the
 * aggregates, not the file.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import type { FlowAggregatorOptions } from '../ingest/aggregate.ts';
import { createLogEvidenceBuilder, type PackedEvidence } from '../ingest/evidence.ts';
import { createLogParser, type LogParserOptions } from '../ingest/parser.ts';
import { classifierFor, type SourceGroup } from '../ingest/sources.ts';
import type { FlowRecord, LogEvidence, LogSourceSummary } from '../model/flows.ts';
import { SharedRanges } from './log-ranges.ts';
import { lineStartAfter, parseRanges, readChunks, upTo } from './log-worker.ts';

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const CHUNK_BYTES = 1 << 20;

function causeText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
    return `the gzip data is corrupt or truncated (${(error as Error).message})`;
  }
  return error instanceof Error ? error.message : String(error);
}

class CallbackError extends Error {
  constructor(cause: unknown) {
    super('onRecord threw', { cause });
  }
}

/**
 * Streams `path` through the log parser. Records go to `onRecord` as they are parsed; the promise
 * resolves to the file's LogSourceSummary (with `gzip: true` when it was compressed).
 */
export async function readLogFile(
  path: string,
  onRecord: (record: FlowRecord) => void,
  options: LogParserOptions = {},
): Promise<LogSourceSummary> {
  const parser = createLogParser(
    path,
    (record) => {
      try {
        onRecord(record);
      } catch (error) {
        throw new CallbackError(error);
      }
    },
    options,
  );
  let gzip = false;
  let bytesRead = 0;
  let failure: string | undefined;
  try {
    gzip = await startsWithGzipMagic(path);
    if (gzip) {
      const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
      // Several gzip members one after another (appended blobs) are read as one stream by zlib.
      const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
      file.once('error', (error) => gunzip.destroy(error));
      const source: Readable = file.pipe(gunzip);
      try {
        for await (const chunk of source) {
          bytesRead += (chunk as Uint8Array).length;
          parser.push(chunk as Uint8Array);
        }
      } finally {
        file.destroy();
      }
    } else {
      // Buffers reused (the parser copies what it keeps): a stream's fresh buffer per chunk is memory
      // outside the heap that waits for a garbage collection, and peak RSS grows with the file.
      const handle = await open(path, 'r');
      try {
        await readChunks(handle, 0, upTo(Number.POSITIVE_INFINITY), (chunk) => {
          bytesRead += chunk.length;
          parser.push(chunk);
        });
      } finally {
        await handle.close();
      }
    }
  } catch (error) {
    if (error instanceof CallbackError) throw error.cause;
    failure = `cannot read ${path}: ${causeText(error)}`;
  }
  let summary: LogSourceSummary;
  try {
    summary = parser.end();
  } catch (error) {
    throw error instanceof CallbackError ? error.cause : error;
  }
  if (gzip) summary.gzip = true;
  if (failure !== undefined) {
    // The read failure first; a parse note (a truncated last row) only when some bytes were read.
    summary.error = summary.error && bytesRead > 0 ? `${failure}; ${summary.error}` : failure;
  }
  return summary;
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

export interface LogFileEvidenceOptions extends LogParserOptions {
  /** Who sent the flows: the aggregates' source groups (ingest/sources.ts). */
  sourceGroups: readonly SourceGroup[];
  aggregatorOptions?: FlowAggregatorOptions;
  /**
   * Threads that parse a large plain CSV export in parallel, each a byte range: this one and workers
   * (default: the machine's cores, at most 8). 1 reads on this thread only. Files under `parallelMinBytes`, gzip and
   * JSON are always read on this thread.
   */
  workers?: number;
  /** Smaller files are read on this thread: starting a worker costs more than it saves (default 64 MiB). */
  parallelMinBytes?: number;
  /**
   * A thread done with its range takes half of what is left of another when that is at least this
   * much (default 8 MiB): a smaller part costs more in a builder of its own than it saves.
   */
  stealMinBytes?: number;
}

/** One thread's part of a file (see log-worker.ts). */
export interface RangeTask {
  path: string;
  /** The header's bytes are [0, headerEnd): parsed first for every range but the first. */
  headerEnd: number;
  /** The board of ranges (SharedRanges), shared by the threads. */
  ranges: SharedArrayBuffer;
  /** The thread's own range on the board. */
  range: number;
  stealMinBytes: number;
  sourceGroups: readonly SourceGroup[];
  aggregatorOptions: FlowAggregatorOptions | undefined;
  maxRejectedSamples: number;
}

/** What parsing one range gives besides its evidence. */
export interface RangeOutcome {
  /** The range's index on the board. */
  range: number;
  summary: LogSourceSummary;
  /** The range ended at a record's end: the next range started at one. */
  endsAtRecord: boolean;
  /** Lines of the header the worker parsed before its range (0 for the first range). */
  headerLines: number;
  /** Lines in the range itself. */
  lines: number;
}

/** A range a worker parsed: its outcome and its evidence, packed. */
export interface RangeResult extends RangeOutcome {
  packed: PackedEvidence;
}

const PROBE_BYTES = 64 * 1024;

/**
 * Where the header of a CSV export ends, when the file can be split by line: not gzip, not UTF-16, not
 * JSON, a header line (after an optional BOM, blank lines and Excel's `sep=` hint) within the first
 * 64 KiB and without quoted line breaks. Undefined otherwise: the file is read on one thread.
 */
function splittableHeaderEnd(head: Uint8Array): number | undefined {
  if ((head[0] === 0x1f && head[1] === 0x8b) || head[0] === 0xff || head[0] === 0xfe) return undefined;
  const skipBlank = (from: number) => {
    let at = from;
    while (at < head.length && (head[at] === 32 || head[at] === 9 || head[at] === 10 || head[at] === 13)) at++;
    return at;
  };
  let first = skipBlank(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0);
  if (first >= head.length || head[first] === 0x7b || head[first] === 0x5b) return undefined;
  let end = head.indexOf(10, first);
  if (end === -1) return undefined;
  if (new TextDecoder().decode(head.subarray(first, end)).trim().startsWith('sep=')) {
    first = skipBlank(end + 1);
    end = head.indexOf(10, first);
    if (end === -1) return undefined;
  }
  let quotes = 0;
  for (let i = first; i < end; i++) if (head[i] === 34) quotes++;
  return quotes % 2 === 0 ? end + 1 : undefined;
}

/** Range starts: just after the first line feed at or after each 1/n of the file. */
async function rangeStarts(path: string, size: number, headerEnd: number, parts: number): Promise<number[]> {
  const starts = [0];
  const handle = await open(path, 'r');
  try {
    for (let k = 1; k < parts; k++) {
      const target = Math.max(Math.floor((size * k) / parts), headerEnd, (starts.at(-1) as number) + 1);
      const start = await lineStartAfter(handle, target);
      if (start !== undefined && start < size) starts.push(start);
    }
  } finally {
    await handle.close();
  }
  return starts;
}

const WORKER_URL = new URL('./log-worker.ts', import.meta.url);
// A small young generation: rows leave little garbage, and peak memory is one heap per worker.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** Workers started ahead of time, waiting for a range (their module loading overlaps other work). */
const waiting: Worker[] = [];

/** Smaller files are read on one thread: starting a worker costs more than it saves. */
const PARALLEL_MIN_BYTES = 64 << 20;
const STEAL_MIN_BYTES = 8 << 20;
/** Room on the board: each steal halves what is left, so a thread rarely takes more than a few. */
const RANGES_A_THREAD = 16;

/**
 * Starts the log workers now (one fewer than the cores, at most 7) when one of `files` is large enough
 * to be read in parallel (`parallelMinBytes`, as readLogFileEvidence), so that reading it later does
 * not wait for them to load: the CLI calls this before it reads the inventory. Workers not used do not
 * keep the process alive. Returns how many workers are waiting.
 */
export async function prepareLogWorkers(
  files: readonly string[],
  options: { parallelMinBytes?: number } = {},
): Promise<number> {
  const sizes = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (s) => s.size,
        () => -1,
      ),
    ),
  );
  if (!sizes.some((size) => size >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES))) return waiting.length;
  const count = Math.min(7, availableParallelism() - 1);
  for (let i = waiting.length; i < count; i++) {
    const worker = new Worker(WORKER_URL, { resourceLimits: WORKER_LIMITS });
    worker.unref();
    // A worker that failed to start is dropped; runRange starts a fresh one.
    worker.once('error', () => {
      const at = waiting.indexOf(worker);
      if (at !== -1) waiting.splice(at, 1);
    });
    waiting.push(worker);
  }
  return waiting.length;
}

function runRange(task: RangeTask): Promise<RangeResult[]> {
  return new Promise((resolve, reject) => {
    const started = waiting.shift();
    const worker = started ?? new Worker(WORKER_URL, { workerData: task, resourceLimits: WORKER_LIMITS });
    worker.ref();
    worker.once('message', (results: RangeResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`log worker exited with code ${code}`)));
    if (started) started.postMessage(task);
  });
}

const IGNORED_REASONS_KEPT = 20;

/** The summary of a file from its ranges' summaries, with rejected rows named by their line in the file. */
function mergeRangeSummaries(path: string, results: readonly RangeOutcome[], maxSamples: number): LogSourceSummary {
  const tables = new Set<LogSourceSummary['tables'][number]>();
  const rejected: LogSourceSummary['rejected'] = [];
  const ignored = new Map<string, number>();
  let rowsRead = 0;
  let rowsRejected = 0;
  let rowsIgnored = 0;
  let firstSeen = Number.POSITIVE_INFINITY;
  let lastSeen = Number.NEGATIVE_INFINITY;
  let linesBefore = 0;
  let error: string | undefined;
  for (const { summary, headerLines, lines } of results) {
    for (const table of summary.tables) tables.add(table);
    rowsRead += summary.rowsRead;
    rowsRejected += summary.rowsRejected;
    for (const row of summary.rejected) {
      if (rejected.length >= maxSamples) break;
      rejected.push(row.line === undefined ? row : { ...row, line: linesBefore + row.line - headerLines });
    }
    for (const { reason, rows } of summary.ignored ?? []) {
      const key = ignored.has(reason) || ignored.size < IGNORED_REASONS_KEPT ? reason : 'other reasons';
      ignored.set(key, (ignored.get(key) ?? 0) + rows);
    }
    rowsIgnored += summary.rowsIgnored ?? 0;
    if (summary.firstSeen !== undefined && summary.firstSeen < firstSeen) firstSeen = summary.firstSeen;
    if (summary.lastSeen !== undefined && summary.lastSeen > lastSeen) lastSeen = summary.lastSeen;
    error ??= summary.error;
    linesBefore += lines;
  }
  const merged: LogSourceSummary = { source: path, tables: [...tables].sort(), rowsRead, rowsRejected, rejected };
  if (rowsRead > 0) {
    merged.firstSeen = firstSeen;
    merged.lastSeen = lastSeen;
  }
  merged.format = 'csv';
  if (rowsIgnored > 0) {
    merged.rowsIgnored = rowsIgnored;
    merged.ignored = [...ignored].map(([reason, rows]) => ({ reason, rows }));
  }
  if (error !== undefined) merged.error = error;
  return merged;
}

/**
 * Reads one log file into LogEvidence (its aggregates, summary, firewalls and covered hours). A large
 * plain CSV export is split into byte ranges at line feeds, parsed by worker threads and merged in
 * file order — the same evidence as one thread gives, sample sources included. Each range after the
 * first starts after a line feed that may lie inside a quoted field; that is detected (the previous
 * range then ends inside a record) and the file is read again on one thread.
 */
export async function readLogFileEvidence(path: string, options: LogFileEvidenceOptions): Promise<LogEvidence> {
  const maxRejectedSamples = options.maxRejectedSamples ?? 10;
  const workers = Math.max(1, Math.floor(options.workers ?? Math.min(8, availableParallelism())));
  if (workers > 1) {
    const parallel = await readInRanges(path, options, workers, maxRejectedSamples).catch(() => undefined);
    if (parallel !== undefined) return parallel;
  }
  const builder = createLogEvidenceBuilder(classifierFor(options.sourceGroups), options.aggregatorOptions);
  builder.addSource(
    await readLogFile(path, (record) => builder.add(record), { maxRejectedSamples, templates: builder }),
  );
  return builder.evidence();
}

/** The parallel read, or undefined when the file is not one to split (or a split fell inside a record). */
async function readInRanges(
  path: string,
  options: LogFileEvidenceOptions,
  workers: number,
  maxRejectedSamples: number,
): Promise<LogEvidence | undefined> {
  const handle = await open(path, 'r');
  let size: number;
  let head: Uint8Array;
  try {
    size = (await handle.stat()).size;
    if (size < (options.parallelMinBytes ?? PARALLEL_MIN_BYTES)) return undefined;
    head = new Uint8Array(PROBE_BYTES);
    head = head.subarray(0, (await handle.read(head, 0, PROBE_BYTES, 0)).bytesRead);
  } finally {
    await handle.close();
  }
  const headerEnd = splittableHeaderEnd(head);
  if (headerEnd === undefined) return undefined;
  const starts = await rangeStarts(path, size, headerEnd, workers);
  if (starts.length < 2) return undefined;
  const ranges = SharedRanges.create(starts, size, RANGES_A_THREAD * starts.length);
  const tasks = starts.map(
    (_, range): RangeTask => ({
      path,
      headerEnd,
      ranges: ranges.buffer,
      range,
      stealMinBytes: options.stealMinBytes ?? STEAL_MIN_BYTES,
      sourceGroups: options.sourceGroups,
      aggregatorOptions: options.aggregatorOptions,
      maxRejectedSamples,
    }),
  );
  // The first range on this thread, while the workers parse the others.
  const others = Promise.all(tasks.slice(1).map(runRange));
  // Should this thread's range throw (the file gone), a worker's later failure must not go unhandled.
  others.catch(() => undefined);
  const classifier = classifierFor(options.sourceGroups);
  const newBuilder = () => createLogEvidenceBuilder(classifier, options.aggregatorOptions);
  const builder = newBuilder();
  const ours = await parseRanges(tasks[0] as RangeTask, 0, builder, newBuilder);
  const results: Array<RangeOutcome & { packed?: PackedEvidence }> = [
    ...ours.map(({ outcome, builder: its }) => (its === builder ? outcome : { ...outcome, packed: its.pack() })),
    ...(await others).flat(),
  ];
  // In file order (the first range first): the evidence, sample sources included, is what one thread gives.
  results.sort((a, b) => ranges.start(a.range) - ranges.start(b.range));
  // Every range but the last must end at a record's end, or the next one began inside a record; and
  // every range must have read the header as the first did.
  if (results.slice(0, -1).some((result) => !result.endsAtRecord)) return undefined;
  if (results.some((result) => result.summary.error !== results[0]?.summary.error)) return undefined;
  for (const { packed } of results) if (packed) builder.absorb(packed);
  builder.addSource(mergeRangeSummaries(path, results, maxRejectedSamples));
  return builder.evidence();
}
