/**
 * Offline input: every `*.json` under a directory, as the input contract says (docs/DESIGN.md,
 * "Input contract (offline)"). A file holds one resource, an array of resources, or a list response
 * `{"value": [...]}`. ARM example files (`{parameters, responses}`) are not accepted as such: give the
 * response body.
 *
 * - Files are read in a deterministic order (paths compared by code unit, `/` as separator);
 *   `node_modules` and names starting with a dot (folders and files) are skipped; symbolic links to
 *   files are read, links to folders are not followed (no cycles).
 * - A `*.json` entry that is not a regular file — a dangling or looping symbolic link, a FIFO, a
 *   device, a socket, or a link to one — is an InputError, never opened: a FIFO blocks its reader and
 *   a device never ends.
 * - Each resource remembers its file (relative to the input directory, `/` separators) and its JSON
 *   pointer inside it: '' for a single resource, `/3` in an array, `/value/3` in a list response.
 * - A file that is not JSON is an InputError with the line and column of the fault; a JSON value that
 *   holds no resources (a number, a string) is an InputError too; the other files are still read.
 * - A UTF-8 byte order mark is ignored; a file with a UTF-16 byte order mark is read as UTF-16. Bytes
 *   that are not valid in the encoding are read as U+FFFD and the file gets one warning.
 * - Error messages say what is wrong; where (file, line, column) is in the error's fields, said once.
 * - An input directory that cannot be read at all throws an InputDirectoryError.
 */
import type { Dirent, Stats } from 'node:fs';
import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LogEvidence } from '../model/flows.ts';
import type { CollectedResources, InputError, RawResource } from '../model/raw.ts';
import { MAX_RESOURCE_DEPTH, nestingDepth, TOO_DEEP } from './json-depth.ts';
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

const IN_ARRAY = 0;
const IN_OBJECT = 1;

/**
 * The offset of the first character that makes `text` invalid JSON (text.length when it ends too
 * early). Used when the engine's message gives no position ("Unexpected token 'x', … is not valid
 * JSON" in V8 names none). Iterative, with the open arrays and objects on a byte stack: a file of
 * nothing but `[` is as deep as it is long, and a recursive scan would overflow the call stack.
 */
export function locateJsonError(text: string): number {
  let i = 0;
  const n = text.length;
  let stack = new Uint8Array(64);
  let depth = 0;
  const push = (kind: number) => {
    if (depth === stack.length) {
      const grown = new Uint8Array(stack.length * 2);
      grown.set(stack);
      stack = grown;
    }
    stack[depth++] = kind;
  };
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
  const key = () => {
    ws();
    if (text[i] !== '"') fail();
    string();
    ws();
    if (text[i] !== ':') fail();
    i++;
  };
  /** Reads one value; an array or object that is not empty is opened (pushed) and left to the loop. */
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      ws();
      if (text[i] === (c === '{' ? '}' : ']')) {
        i++;
        return;
      }
      push(c === '{' ? IN_OBJECT : IN_ARRAY);
      if (c === '{') key();
      return;
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    for (;;) {
      const before = depth;
      value();
      if (depth > before) continue; // a container was opened: its first value comes next
      // A value is complete: close the containers it completes, up to the next separator.
      for (;;) {
        ws();
        if (depth === 0) {
          if (i < n) fail();
          return -1;
        }
        const inObject = stack[depth - 1] === IN_OBJECT;
        if (text[i] === ',') {
          i++;
          if (inObject) key();
          break;
        }
        if (text[i] === (inObject ? '}' : ']')) {
          i++;
          depth--;
          continue;
        }
        fail();
      }
    }
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
  return decodeInput(bytes).text;
}

/** Bytes that are not valid in the file's encoding: each became U+FFFD in the text. */
export interface InvalidEncoding {
  encoding: 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';
  /** Invalid sequences (each one U+FFFD). */
  count: number;
  /** Where the first one is, in the decoded text. */
  line: number;
  column: number;
}

/**
 * The text of a file's bytes (see decodeText) and, when some bytes are not valid in its encoding,
 * how many and where the first is: the decoder replaces them with U+FFFD, which a name or an address
 * can then hold without anyone having written it.
 */
export function decodeInput(bytes: Uint8Array): { text: string; invalid?: InvalidEncoding } {
  const encoding: InvalidEncoding['encoding'] =
    bytes[0] === 0xff && bytes[1] === 0xfe ? 'UTF-16LE' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'UTF-16BE' : 'UTF-8';
  const label = encoding.toLowerCase();
  // TextDecoder drops the byte order mark of its own encoding.
  try {
    return { text: new TextDecoder(label, { fatal: true }).decode(bytes) };
  } catch {
    // Not valid: decoded again below, replacing, with where (only on this rare path).
  }
  const text = new TextDecoder(label).decode(bytes);
  const replaced = countOf(text, '\ufffd');
  if (encoding !== 'UTF-8') {
    const first = text.indexOf('\ufffd');
    return { text, invalid: { encoding, count: replaced, ...lineAndColumn(text, Math.max(first, 0)) } };
  }
  // A U+FFFD written in the file (EF BF BD) is text, not a fault.
  const written = countOf(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
    '\xef\xbf\xbd',
  );
  const at = firstInvalidUtf8(bytes);
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
  const { line, column } = lineAndColumn(before, before.length);
  return { text, invalid: { encoding, count: replaced - written, line, column } };
}

function countOf(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) count++;
  return count;
}

/** The offset of the first byte that starts no valid UTF-8 sequence (RFC 3629), or bytes.length. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let k = 0;
  while (k < bytes.length) {
    const b = bytes[k] ?? 0;
    if (b < 0x80) {
      k++;
      continue;
    }
    const trailing = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (trailing === 0) return k;
    // The second byte's range excludes overlong forms and surrogates (RFC 3629, section 4).
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[k + 1];
    if (second === undefined || second < low || second > high) return k;
    for (let j = 2; j <= trailing; j++) if (((bytes[k + j] ?? 0) & 0xc0) !== 0x80) return k;
    k += trailing + 1;
  }
  return bytes.length;
}

/** What a file that is not JSON most likely is, from its first lines: the fix a user needs. */
export function likelyCause(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'the file is empty (did the command that wrote it fail, or print nothing?)';
  if (text.includes('\u0000'))
    return 'it holds NUL characters: UTF-16 without a byte order mark, or a binary file? Save it as UTF-8';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI colour sequence starts with ESC.
  if (/\u001b\[[0-9;]*m/.test(text))
    return 'it holds terminal colour codes (`-o jsonc` or `-o yamlc`, or a copy of a coloured terminal): run the command with `-o json`';
  const lines = trimmed.split(/\r?\n/, 40);
  if (lines.some((l) => /^(WARNING|ERROR|INFO|DEBUG):/.test(l)))
    return 'az printed a WARNING or ERROR line into the file: redirect only its standard output (`> file.json`, not `2>&1` or `&>`), or add `--only-show-errors`';
  if (/^[-\s]*-{2,}[-\s]*$/.test(lines[1] ?? ''))
    return 'this looks like `-o table` output (a header, then a line of dashes): run the command with `-o json`';
  if (/^(- )?[A-Za-z_][\w.-]*: /.test(lines[0] ?? '') && !/^[[{"]/.test(trimmed))
    return 'this looks like `-o yaml` output: run the command with `-o json`';
  if (lines[0]?.includes('\t') && !/^[[{"]/.test(trimmed))
    return 'this looks like `-o tsv` output (tab-separated values, no keys): run the command with `-o json`';
  return undefined;
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

/** Why JSON.parse failed, with the likely cause when the text shows one. */
function notJsonMessage(text: string, reason: string): string {
  const cause = likelyCause(text);
  if (cause) return `not valid JSON: ${cause}`;
  if (/^Unexpected end of JSON input/.test(reason))
    return `not valid JSON: it ends before the JSON does (was the file cut short?)`;
  if (/^Unexpected non-whitespace character after JSON/.test(reason))
    return `not valid JSON: more follows the first JSON value (two outputs appended into one file?)`;
  return `not valid JSON: ${reason}`;
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
    return { resources: [], errors: [{ file, line, column, message: notJsonMessage(source, reason) }] };
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
  const accept = (body: Record<string, unknown>, pointer: string) => {
    if (nestingDepth(body) > MAX_RESOURCE_DEPTH)
      errors.push({ file, message: `the resource at ${pointer || 'the top'} is ${TOO_DEEP}` });
    else resources.push({ body, origin: { file, pointer } });
  };
  const take = (items: unknown[], prefix: string) => {
    items.forEach((item, index) => {
      const pointer = `${prefix}/${index}`;
      if (isPlainObject(item)) accept(item, pointer);
      else
        errors.push({
          file,
          message: `the item at ${pointer} is ${describeValue(item)}, not a resource object`,
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
          message: `the list has a nextLink, so later pages are missing from the file; the list may be incomplete`,
        });
      }
    } else accept(doc, '');
  } else {
    errors.push({
      file,
      message: `it holds ${describeValue(doc)}; expected a resource, an array of resources or a list {"value": [...]}`,
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
  /** The bytes of a regular file; anything else (a FIFO, a device) is refused without being read. */
  readFile(file: string): Promise<Uint8Array>;
  stat(file: string): Promise<Stats>;
}

/** What a directory entry is, after following a symbolic link: only a regular file is ever opened. */
function kindOf(
  stats: Pick<Stats, 'isFile' | 'isDirectory' | 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket'>,
): string {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

class NotARegularFile extends Error {
  readonly code = 'ENOTREG';
}

/**
 * Reads a regular file and nothing else. The entry was checked before, but it can be replaced between
 * the check and the read: the file is opened without blocking (a FIFO with no writer would block the
 * open forever) and checked again on the open descriptor before a byte is read.
 */
async function readRegularFile(file: string): Promise<Uint8Array> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const kind = kindOf(await handle.stat());
    if (kind !== 'file') throw new NotARegularFile(`it is ${kind}, not a file`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export const NODE_FILE_SYSTEM: FileSystemAccess = {
  readdir: (dir) => readdir(dir, { withFileTypes: true }),
  readFile: readRegularFile,
  stat: (file) => stat(file),
};

/** Why a symbolic link cannot be followed, from the error of `stat` on it. */
function brokenLinkText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'a symbolic link whose target does not exist';
  if (code === 'ELOOP') return 'a symbolic link that loops (it leads back to itself)';
  return `a symbolic link that cannot be followed (${causeText(error)})`;
}

const isJsonName = (name: string) => name.toLowerCase().endsWith('.json');

async function listJsonFiles(root: string, errors: InputError[], fs: FileSystemAccess): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const absolute = relative ? path.join(root, relative) : root;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(absolute);
    } catch (error) {
      if (!relative) throw new InputDirectoryError(root, error);
      errors.push({ file: toPosix(relative), message: `cannot read this folder: ${causeText(error)}` });
      return;
    }
    entries.sort((a, b) => compareCodeUnits(a.name, b.name));
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const child = relative ? path.join(relative, name) : name;
      if (entry.isDirectory()) {
        await walk(child);
        continue;
      }
      // Only *.json entries are input: any other name is not the user's data, whatever it is.
      if (!isJsonName(name)) continue;
      let kind = kindOf(entry);
      if (entry.isSymbolicLink()) {
        try {
          kind = kindOf(await fs.stat(path.join(root, child)));
        } catch (error) {
          errors.push({ file: toPosix(child), message: `${brokenLinkText(error)}: not read` });
          continue;
        }
        // Links to folders are not followed (no cycles), as documented.
        if (kind === 'folder') continue;
      }
      if (kind === 'file') found.push(toPosix(child));
      else errors.push({ file: toPosix(child), message: `${kind}, not a file: not read` });
    }
  };
  await walk('');
  return found.sort(compareCodeUnits);
}

/** What collectFiles read, and the files whose bytes were not valid in their encoding. */
export interface CollectedFiles extends CollectedResources {
  /** One per file whose bytes were not all valid: read with U+FFFD in their place, worth a warning. */
  warnings: InputError[];
}

/** Reads every `*.json` (any case) under `dir` (see the module comment). Throws InputDirectoryError when dir cannot be read. */
export async function collectFiles(dir: string, fs: FileSystemAccess = NODE_FILE_SYSTEM): Promise<CollectedFiles> {
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
  const warnings: InputError[] = [];
  const files = await listJsonFiles(root, errors, fs);
  const resources: RawResource[] = [];
  const sourcesRead: string[] = [];
  const logEvidence: LogEvidence[] = [];
  for (const file of files) {
    let decoded: ReturnType<typeof decodeInput>;
    try {
      decoded = decodeInput(await fs.readFile(path.join(root, ...file.split('/'))));
    } catch (error) {
      errors.push({ file, message: `cannot read the file: ${causeText(error)}` });
      continue;
    }
    sourcesRead.push(file);
    if (decoded.invalid) warnings.push(invalidEncodingWarning(file, decoded.invalid));
    const parsed = parseResourceDocument(decoded.text, file);
    // A loop, not push(...): one file can hold a whole tenant, more resources than a call's arguments.
    for (const resource of parsed.resources) resources.push(resource);
    for (const error of parsed.errors) errors.push(error);
    if (parsed.logEvidence) logEvidence.push(parsed.logEvidence);
  }
  return { resources, errors, warnings, sourcesRead, ...(logEvidence.length > 0 && { logEvidence }) };
}

function invalidEncodingWarning(file: string, invalid: InvalidEncoding): InputError {
  const { encoding, count, line, column } = invalid;
  const bytes = count === 1 ? 'one byte sequence is' : `${count} byte sequences are`;
  return {
    file,
    line,
    column,
    message: `${bytes} not valid ${encoding} (the first here) and ${count === 1 ? 'was' : 'were'} read as U+FFFD: a name or address holding one does not match what Azure holds; save the file as UTF-8`,
  };
}
