/**
 * One byte range of a CSV log export, parsed (after the file's header, so the columns are known) into
 * a LogEvidenceBuilder: by readLogFileEvidence on its own thread for the first range, and by this
 * module as a worker thread for the others, which hands its builder's pack() over (transferred, not
 * copied) for the first range's builder to absorb. The range starts just after a line feed; whether that was
 * a record's end is proven by the previous range ending with nothing held (logs.ts checks it and falls
 * back to one thread when not). A worker takes its task from workerData, or — started ahead of time
 * (startLogWorkers) — from its first message.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createLogEvidenceBuilder, type LogEvidenceBuilder, transferablesOf } from '../ingest/evidence.ts';
import { createLogParser } from '../ingest/parser.ts';
import { classifierFor } from '../ingest/sources.ts';
import type { RangeOutcome, RangeResult, RangeTask } from './logs.ts';

// Reads that fit the L2 cache: the parser then reads bytes the copy just brought in. Measured on the
// development machine, reading a cached 1.7 GB file took 0.16 s in 256 KiB reads and 0.7–1.0 s in 4 MiB.
const READ_BYTES = 256 << 10;

/**
 * Hands `[from, to)` of an open file to `onChunk` in chunks of READ_BYTES (fewer at the end of the
 * file), each valid only during the call. Two buffers: the next read is under way (on libuv's threads)
 * while a chunk is handled, so a file the page cache no longer holds costs its disk time once, not on
 * top of the parsing.
 */
export async function readChunks(
  handle: FileHandle,
  from: number,
  to: number,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  // Plain Uint8Arrays (not Buffers): the parser's scanners stay monomorphic.
  const buffers = [new Uint8Array(READ_BYTES), new Uint8Array(READ_BYTES)];
  let position = from;
  let next = 0;
  const readNext = () => {
    const buffer = buffers[next] as Uint8Array;
    next ^= 1;
    return handle.read(buffer, 0, Math.min(READ_BYTES, to - position), position);
  };
  let reading = position < to ? readNext() : undefined;
  while (reading !== undefined) {
    const { bytesRead, buffer } = await reading;
    if (bytesRead === 0) break;
    position += bytesRead;
    reading = position < to ? readNext() : undefined;
    try {
      onChunk(buffer.subarray(0, bytesRead));
    } catch (error) {
      // The read under way must settle before the caller closes the file, and its failure is not news.
      await reading?.catch(() => undefined);
      throw error;
    }
  }
}

/** Parses the range of `task` into `builder`. */
export async function parseRangeInto(task: RangeTask, builder: LogEvidenceBuilder): Promise<RangeOutcome> {
  const parser = createLogParser(task.path, (record) => builder.add(record), {
    maxRejectedSamples: task.maxRejectedSamples,
    templates: builder,
  });
  const handle = await open(task.path, 'r');
  try {
    const push = (chunk: Uint8Array) => parser.push(chunk);
    if (task.start > 0) await readChunks(handle, 0, task.headerEnd, push);
    const headerLines = task.start > 0 ? parser.position().line - 1 : 0;
    await readChunks(handle, task.start, task.end, push);
    const { line, heldBytes } = parser.position();
    const summary = parser.end();
    return {
      summary,
      endsAtRecord: heldBytes === 0,
      headerLines,
      lines: line - 1 - headerLines,
    };
  } finally {
    await handle.close();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const run = async (task: RangeTask) => {
    const builder = createLogEvidenceBuilder(classifierFor(task.sourceGroups), task.aggregatorOptions);
    const outcome = await parseRangeInto(task, builder);
    const packed = builder.pack();
    const result: RangeResult = { ...outcome, packed };
    port.postMessage(result, transferablesOf(packed));
  };
  if (workerData) run(workerData as RangeTask);
  else port.once('message', run);
}
