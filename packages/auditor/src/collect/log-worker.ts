/**
 * Byte ranges of a CSV log export, each parsed (after the file's header, so the columns are known) into
 * a LogEvidenceBuilder of its own: by readLogFileEvidence on its own thread for the first range, and by
 * this module as a worker thread for the others. A thread done with its range takes the second half of
 * what is left of the largest other (log-ranges.ts). A worker hands its builders' pack() over
 * (transferred, not copied) for the first range's builder to absorb in file order. A range starts just
 * after a line feed; whether that was a record's end is proven by the previous range ending with nothing
 * held (logs.ts checks it and falls back to one thread when not). A worker takes its task from
 * workerData, or — started ahead of time (prepareLogWorkers) — from its first message.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createLogEvidenceBuilder, type LogEvidenceBuilder, transferablesOf } from '../ingest/evidence.ts';
import { createLogParser } from '../ingest/parser.ts';
import { classifierFor } from '../ingest/sources.ts';
import { SharedRanges } from './log-ranges.ts';
import type { RangeOutcome, RangeResult, RangeTask } from './logs.ts';

// Reads that fit the L2 cache: the parser then reads bytes the copy just brought in. Measured on the
// development machine, reading a cached 1.7 GB file took 0.16 s in 256 KiB reads and 0.7–1.0 s in 4 MiB.
const READ_BYTES = 256 << 10;

/** How many bytes of a read of `want` at `position` to make (0: none, the part is done). */
export type ReadGrant = (position: number, want: number) => number;

/** Reads up to `to`. */
export const upTo =
  (to: number): ReadGrant =>
  (position, want) =>
    Math.min(want, to - position);

/**
 * Hands the bytes of an open file from `from` on, as far as `grant` allows, to `onChunk` in chunks of
 * up to READ_BYTES, each valid only during the call. Two buffers: the next read is under way (on
 * libuv's threads) while a chunk is handled, so a file the page cache no longer holds costs its disk
 * time once, not on top of the parsing.
 */
export async function readChunks(
  handle: FileHandle,
  from: number,
  grant: ReadGrant,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  // Plain Uint8Arrays (not Buffers): the parser's scanners stay monomorphic.
  const buffers = [new Uint8Array(READ_BYTES), new Uint8Array(READ_BYTES)];
  let position = from;
  let next = 0;
  const readNext = () => {
    const length = grant(position, READ_BYTES);
    if (length <= 0) return undefined;
    const buffer = buffers[next] as Uint8Array;
    next ^= 1;
    return handle.read(buffer, 0, length, position);
  };
  let reading = readNext();
  while (reading !== undefined) {
    const { bytesRead, buffer } = await reading;
    if (bytesRead === 0) break;
    position += bytesRead;
    reading = readNext();
    try {
      onChunk(buffer.subarray(0, bytesRead));
    } catch (error) {
      // The read under way must settle before the caller closes the file, and its failure is not news.
      await reading?.catch(() => undefined);
      throw error;
    }
  }
}

/**
 * Where the first line after `target` starts: just after the first line feed in the PROBE_BYTES from
 * `target`, or undefined when there is none there.
 */
export async function lineStartAfter(handle: FileHandle, target: number): Promise<number | undefined> {
  const probe = new Uint8Array(PROBE_BYTES);
  const { bytesRead } = await handle.read(probe, 0, PROBE_BYTES, target);
  const lf = probe.subarray(0, bytesRead).indexOf(10);
  return lf === -1 ? undefined : target + lf + 1;
}

const PROBE_BYTES = 64 << 10;

/** Parses range `k` of the board into `builder`, as far as its end when the owner gets there. */
async function parseRangeInto(
  task: RangeTask,
  handle: FileHandle,
  ranges: SharedRanges,
  k: number,
  builder: LogEvidenceBuilder,
): Promise<RangeOutcome> {
  const parser = createLogParser(task.path, (record) => builder.add(record), {
    maxRejectedSamples: task.maxRejectedSamples,
    templates: builder,
  });
  const push = (chunk: Uint8Array) => parser.push(chunk);
  const start = ranges.start(k);
  if (start > 0) await readChunks(handle, 0, upTo(task.headerEnd), push);
  const headerLines = start > 0 ? parser.position().line - 1 : 0;
  await readChunks(handle, start, (position, want) => ranges.claim(k, position, want), push);
  const { line, heldBytes } = parser.position();
  const summary = parser.end();
  return { range: k, summary, endsAtRecord: heldBytes === 0, headerLines, lines: line - 1 - headerLines };
}

/**
 * The second half of the largest part of a range nobody has claimed (at least `minBytes`), split just
 * after a line feed: the new range's index, or undefined when there is none to take.
 */
async function steal(handle: FileHandle, ranges: SharedRanges, task: RangeTask): Promise<number | undefined> {
  // A split fails when the owner claimed past it meanwhile (look again at what is left) or when no line
  // starts between the middle and the end (a few tries, not a loop over the same range).
  for (let tries = 0; tries < 4; tries++) {
    const largest = ranges.largestUnclaimed(task.stealMinBytes);
    if (largest === undefined) return undefined;
    // Never inside the header (lines before it: a `sep=` hint), which every range reads first anyway.
    const at = await lineStartAfter(handle, Math.max(largest.middle, task.headerEnd - 1));
    if (at === undefined) return undefined;
    const range = ranges.split(largest.range, at);
    if (range !== undefined) return range;
  }
  return undefined;
}

/** A range parsed: its outcome and the builder that holds its evidence. */
export interface ParsedRange {
  outcome: RangeOutcome;
  builder: LogEvidenceBuilder;
}

/**
 * Parses range `own` of the task's board into `builder`; then, while some range has at least
 * `task.stealMinBytes` that nobody has claimed, takes the second half of the largest and parses it into
 * a builder of its own (`newBuilder`). Returns the ranges parsed, `own` first.
 */
export async function parseRanges(
  task: RangeTask,
  own: number,
  builder: LogEvidenceBuilder,
  newBuilder: () => LogEvidenceBuilder,
): Promise<ParsedRange[]> {
  const ranges = new SharedRanges(task.ranges);
  const handle = await open(task.path, 'r');
  try {
    const parsed = [{ outcome: await parseRangeInto(task, handle, ranges, own, builder), builder }];
    for (let k = await steal(handle, ranges, task); k !== undefined; ) {
      const stolen = newBuilder();
      parsed.push({ outcome: await parseRangeInto(task, handle, ranges, k, stolen), builder: stolen });
      k = await steal(handle, ranges, task);
    }
    return parsed;
  } finally {
    await handle.close();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const run = async (task: RangeTask) => {
    const classifier = classifierFor(task.sourceGroups);
    const newBuilder = () => createLogEvidenceBuilder(classifier, task.aggregatorOptions);
    const parsed = await parseRanges(task, task.range, newBuilder(), newBuilder);
    const results: RangeResult[] = parsed.map(({ outcome, builder }) => ({ ...outcome, packed: builder.pack() }));
    port.postMessage(
      results,
      results.flatMap((result) => transferablesOf(result.packed)),
    );
  };
  if (workerData) run(workerData as RangeTask);
  else port.once('message', run);
}
