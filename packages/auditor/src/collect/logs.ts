/**
 * Reads one firewall log file: the only place log files are read. The file is streamed (never read
 * whole), gunzipped when its first bytes are the gzip magic (storage-account archives are often
 * downloaded compressed; `.csv.gz` exports), and fed to the pure parser (ingest/parser.ts).
 *
 * A file that cannot be read is not a throw that stops the audit: the summary says why (`error`), with
 * the rows read before the failure still counted, and the caller marks the audit incomplete. Errors
 * thrown by `onRecord` are the caller's and are rethrown.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { createLogParser, type LogParserOptions } from '../ingest/parser.ts';
import type { FlowRecord, LogSourceSummary } from '../model/flows.ts';

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
    const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
    let source: Readable = file;
    if (gzip) {
      // Several gzip members one after another (appended blobs) are read as one stream by zlib.
      const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
      file.once('error', (error) => gunzip.destroy(error));
      source = file.pipe(gunzip);
    }
    try {
      for await (const chunk of source) {
        bytesRead += (chunk as Uint8Array).length;
        parser.push(chunk as Uint8Array);
      }
    } finally {
      file.destroy();
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
