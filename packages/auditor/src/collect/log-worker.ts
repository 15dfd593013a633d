/**
 * One byte range of a CSV log export, parsed (after the file's header, so the columns are known) and
 * reduced to LogEvidence: by readLogFileEvidence on its own thread for the first range, and by this
 * module as a worker thread for the others. The range starts just after a line feed; whether that was
 * a record's end is proven by the previous range ending with nothing held (logs.ts checks it and falls
 * back to one thread when not). A worker takes its task from workerData, or — started ahead of time
 * (startLogWorkers) — from its first message.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createLogEvidenceBuilder } from '../ingest/evidence.ts';
import { createLogParser } from '../ingest/parser.ts';
import { classifierFor } from '../ingest/sources.ts';
import type { RangeResult, RangeTask } from './logs.ts';

const READ_BYTES = 4 << 20;

export function parseRange(task: RangeTask): RangeResult {
  const builder = createLogEvidenceBuilder(classifierFor(task.sourceGroups), task.aggregatorOptions);
  const parser = createLogParser(task.path, (record) => builder.add(record), {
    maxRejectedSamples: task.maxRejectedSamples,
    templates: builder,
  });
  const fd = openSync(task.path, 'r');
  // A plain Uint8Array (not a Buffer): the parser's scanners stay monomorphic.
  const buffer = new Uint8Array(READ_BYTES);
  try {
    const readInto = (from: number, to: number) => {
      let position = from;
      while (position < to) {
        const bytesRead = readSync(fd, buffer, 0, Math.min(READ_BYTES, to - position), position);
        if (bytesRead === 0) break;
        parser.push(buffer.subarray(0, bytesRead));
        position += bytesRead;
      }
    };
    if (task.start > 0) readInto(0, task.headerEnd);
    const headerLines = task.start > 0 ? parser.position().line - 1 : 0;
    readInto(task.start, task.end);
    const { line, heldBytes } = parser.position();
    const summary = parser.end();
    return {
      summary,
      evidence: builder.evidence(),
      endsAtRecord: heldBytes === 0,
      headerLines,
      lines: line - 1 - headerLines,
    };
  } finally {
    closeSync(fd);
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  if (workerData) port.postMessage(parseRange(workerData as RangeTask));
  else port.once('message', (task: RangeTask) => port.postMessage(parseRange(task)));
}
