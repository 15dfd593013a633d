/**
 * Offline input: every `*.json` under a directory, as the input contract says (docs/DESIGN.md,
 * "Input contract (offline)"). A file holds one resource, an array of resources, or a list response
 * `{"value": [...]}`. ARM example files (`{parameters, responses}`) are not accepted as such: give the
 * response body.
 *
 * - Files are read in a deterministic order (paths compared by code unit, `/` as separator);
 *   `node_modules` and names starting with a dot (folders and files) are skipped; symbolic links to
 *   files are read, links to folders are not followed (no cycles).
 * - Each resource remembers its file (relative to the input directory, `/` separators) and its JSON
 *   pointer inside it: '' for a single resource, `/3` in an array, `/value/3` in a list response.
 * - A file that is not JSON is an InputError with the line and column of the fault; a JSON value that
 *   holds no resources (a number, a string) is an InputError too; the other files are still read.
 * - A UTF-8 byte order mark is ignored; a file with a UTF-16 byte order mark is read as UTF-16.
 * - An input directory that cannot be read at all throws an InputDirectoryError.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LogEvidence } from '../model/flows.ts';
import type { CollectedResources, InputError, RawResource } from '../model/raw.ts';
import { isLogEvidenceDocument, logEvidenceOf } from './log-evidence-document.ts';
import { isSnapshotManifest, snapshotErrors } from './snapshot.ts';

export class InputDirectoryError extends Error {
  readonly dir: string;
  constructor(dir: string, cause: unknown) {
    super(`cannot read the input directory ${dir}: ${causeText(cause)}`, { cause });
    this.name = 'InputDirectoryError';
    this.dir = dir;
  }
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'it does not exist';
    if (code === 'ENOTDIR') return 'it is not a directory';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    return cause.message;
  }
  return String(cause);
}

// ── Parsing (pure) ──

/** Line and column (1-based) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Thrown inside locateJsonError at the first invalid character. */
class Fault {
  readonly at: number;
  constructor(at: number) {
    this.at = at;
  }
}

/**
 * The offset of the first character that makes `text` invalid JSON (text.length when it ends too
 * early). Used when the engine's message gives no position ("Unexpected token 'x', … is not valid
 * JSON" in V8 names none).
 */
export function locateJsonError(text: string): number {
  let i = 0;
  const n = text.length;
  const fail = (at = i): never => {
    throw new Fault(at);
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (word: string) => {
    for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) fail(i + k);
    i += word.length;
  };
  const string = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) fail();
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail(i + k);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(i + 1);
      } else i++;
    }
    fail(n);
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (/[1-9]/.test(text[i] ?? '')) while (/[0-9]/.test(text[i] ?? '')) i++;
    else fail();
    if (text[i] === '.') {
      i++;
      if (!/[0-9]/.test(text[i] ?? '')) fail();
      while (/[0-9]/.test(text[i] ?? '')) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!/[0-9]/.test(text[i] ?? '')) fail();
      while (/[0-9]/.test(text[i] ?? '')) i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    if (i < n) fail();
    return -1;
  } catch (e) {
    if (e instanceof Fault) return Math.min(e.at, n);
    throw e;
  }
}

/**
 * The text of a file's bytes, without its byte order mark: UTF-8, or UTF-16 when the file starts with
 * a UTF-16 byte order mark (Windows PowerShell 5.1 writes `az … > file.json` as UTF-16LE).
 */
export function decodeText(bytes: Uint8Array): string {
  // TextDecoder drops the byte order mark of its own encoding.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Where and why JSON.parse failed on `text`: the position comes from the message when it has one
 * (V8 in Node 22+ writes "… at position N (line L column C)", older V8 "… at position N"), else from
 * scanning the text.
 */
export function jsonErrorLocation(text: string, error: unknown): { line: number; column: number; reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message.replace(/\s*\(line \d+ column \d+\)\s*$/, '').replace(/\s+in JSON at position \d+$/, '');
  const lc = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]), reason };
  const pos = /at position (\d+)/.exec(message);
  if (pos) return { ...lineAndColumn(text, Number(pos[1])), reason };
  const at = locateJsonError(text);
  return { ...lineAndColumn(text, at < 0 ? text.length : at), reason };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** A list response: `{value: [...]}` that is not itself a resource (no `id`/`type`). */
function isListResponse(value: Record<string, unknown>): value is Record<string, unknown> & { value: unknown[] } {
  return Array.isArray(value.value) && typeof value.id !== 'string' && typeof value.type !== 'string';
}

/**
 * Parses the text of one input file into raw resources (pure; `file` is the name used in origins and
 * errors).
 */
export function parseResourceDocument(
  text: string,
  file: string,
): { resources: RawResource[]; errors: InputError[]; logEvidence?: LogEvidence } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (error) {
    const { line, column, reason } = jsonErrorLocation(source, error);
    return {
      resources: [],
      errors: [{ file, line, column, message: `${file}:${line}:${column}: not valid JSON: ${reason}` }],
    };
  }
  // A snapshot's manifest is not a resource: it carries what the live collection could not read.
  if (isSnapshotManifest(doc)) return { resources: [], errors: snapshotErrors(doc) };
  // A snapshot's log evidence (what Log Analytics answered) is not a resource either.
  if (isLogEvidenceDocument(doc)) {
    const evidence = logEvidenceOf(doc, file);
    return 'aggregates' in evidence
      ? { resources: [], errors: [], logEvidence: evidence }
      : { resources: [], errors: [evidence] };
  }
  const resources: RawResource[] = [];
  const errors: InputError[] = [];
  const take = (items: unknown[], prefix: string) => {
    items.forEach((item, index) => {
      const pointer = `${prefix}/${index}`;
      if (isPlainObject(item)) resources.push({ body: item, origin: { file, pointer } });
      else
        errors.push({
          file,
          message: `${file}: the item at ${pointer} is ${describeValue(item)}, not a resource object`,
        });
    });
  };
  if (Array.isArray(doc)) take(doc, '');
  else if (isPlainObject(doc)) {
    if (isListResponse(doc)) {
      take(doc.value, '/value');
      if (typeof doc.nextLink === 'string' && doc.nextLink) {
        errors.push({
          file,
          message: `${file}: the list has a nextLink, so later pages are missing from the file; the list may be incomplete`,
        });
      }
    } else resources.push({ body: doc, origin: { file, pointer: '' } });
  } else {
    errors.push({
      file,
      message: `${file}: holds ${describeValue(doc)}; expected a resource, an array of resources or a list {"value": [...]}`,
    });
  }
  return { resources, errors };
}

// ── Reading the directory ──

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The file-system calls the collector makes; tests pass a reader that fails where they need it to. */
export interface FileSystemAccess {
  readdir(dir: string): Promise<Dirent[]>;
  readFile(file: string): Promise<Uint8Array>;
  stat(file: string): Promise<Stats>;
}

export const NODE_FILE_SYSTEM: FileSystemAccess = {
  readdir: (dir) => readdir(dir, { withFileTypes: true }),
  readFile: (file) => readFile(file),
  stat: (file) => stat(file),
};

async function listJsonFiles(root: string, errors: InputError[], fs: FileSystemAccess): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const absolute = relative ? path.join(root, relative) : root;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(absolute);
    } catch (error) {
      if (!relative) throw new InputDirectoryError(root, error);
      errors.push({
        file: toPosix(relative),
        message: `${toPosix(relative)}: cannot read this folder: ${causeText(error)}`,
      });
      return;
    }
    entries.sort((a, b) => compareCodeUnits(a.name, b.name));
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const child = relative ? path.join(relative, name) : name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(path.join(root, child));
          isFile = target.isFile();
          isDir = false; // links to folders are not followed
        } catch {
          isFile = false;
        }
      }
      if (isDir) await walk(child);
      else if (isFile && name.toLowerCase().endsWith('.json')) found.push(toPosix(child));
    }
  };
  await walk('');
  return found.sort(compareCodeUnits);
}

/** Reads every `*.json` (any case) under `dir` (see the module comment). Throws InputDirectoryError when dir cannot be read. */
export async function collectFiles(dir: string, fs: FileSystemAccess = NODE_FILE_SYSTEM): Promise<CollectedResources> {
  const root = path.resolve(dir);
  let info: Stats;
  try {
    info = await fs.stat(root);
  } catch (error) {
    throw new InputDirectoryError(dir, error);
  }
  if (!info.isDirectory())
    throw new InputDirectoryError(dir, Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }));

  const errors: InputError[] = [];
  const files = await listJsonFiles(root, errors, fs);
  const resources: RawResource[] = [];
  const sourcesRead: string[] = [];
  const logEvidence: LogEvidence[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = decodeText(await fs.readFile(path.join(root, ...file.split('/'))));
    } catch (error) {
      errors.push({ file, message: `${file}: cannot read the file: ${causeText(error)}` });
      continue;
    }
    sourcesRead.push(file);
    const parsed = parseResourceDocument(text, file);
    // A loop, not push(...): one file can hold a whole tenant, more resources than a call's arguments.
    for (const resource of parsed.resources) resources.push(resource);
    for (const error of parsed.errors) errors.push(error);
    if (parsed.logEvidence) logEvidence.push(parsed.logEvidence);
  }
  return { resources, errors, sourcesRead, ...(logEvidence.length > 0 && { logEvidence }) };
}
