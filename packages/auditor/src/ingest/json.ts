/**
 * JSON log files, streamed: memory holds one record, never the file.
 *
 * - JSON lines (storage-account archives since November 2018: "each event is a line", Azure Monitor
 *   "archive platform logs to storage"; Log Analytics data export): split at line feeds, one
 *   `JSON.parse` per line, so a broken line costs that line only.
 * - Everything else (the older `{"records": [...]}` blobs, a JSON array of rows, pretty-printed single
 *   records as the docs print them, the Log Analytics query API's `{"tables": [{"columns", "rows"}]}`):
 *   a byte scanner tracks strings and nesting, and hands over each element of the arrays that hold
 *   records (`records[i]`, `value[i]`, the root array's elements, `tables[i].columns`,
 *   `tables[i].rows[j]`), or a root object that turns out to be a record itself. Only these values are
 *   buffered and parsed.
 */

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;
const COLON = 58;
/** Stands for "the last significant byte was part of a scalar". */
const SCALAR = 1;

export type JsonItemKind = 'record' | 'columns' | 'row';

export interface JsonHandler {
  value(value: unknown, line: number, kind: JsonItemKind): void;
  malformed(line: number, reason: string): void;
}

function join(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

function parseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `not valid JSON: ${message.length > 160 ? `${message.slice(0, 160)}…` : message}`;
}

const isSpace = (code: number | undefined) => code === SPACE || code === TAB || code === CR || code === LF;

export class JsonLinesScanner {
  readonly #handler: JsonHandler;
  readonly #maxLineBytes: number;
  readonly #decoder = new TextDecoder();
  #pending: Uint8Array | undefined;
  #line = 1;
  #skipToLineEnd = false;

  constructor(handler: JsonHandler, maxLineBytes = 16 << 20) {
    this.#handler = handler;
    this.#maxLineBytes = maxLineBytes;
  }

  push(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.#skipToLineEnd) {
      const lf = bytes.indexOf(LF);
      if (lf === -1) return;
      this.#skipToLineEnd = false;
      this.#line++;
      bytes = bytes.subarray(lf + 1);
    }
    if (this.#pending) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
    }
    let pos = 0;
    for (let lf = bytes.indexOf(LF); lf !== -1; lf = bytes.indexOf(LF, pos)) {
      this.#lineAt(bytes, pos, lf);
      pos = lf + 1;
    }
    if (bytes.length - pos > this.#maxLineBytes) {
      this.#handler.malformed(this.#line, `the line is longer than ${this.#maxLineBytes} bytes`);
      this.#pending = undefined;
      this.#skipToLineEnd = true;
      return;
    }
    this.#pending = pos < bytes.length ? bytes.slice(pos) : undefined;
  }

  end(): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) this.#lineAt(pending, 0, pending.length);
  }

  #lineAt(bytes: Uint8Array, from: number, to: number): void {
    const line = this.#line++;
    let start = from;
    let end = to;
    while (start < end && isSpace(bytes[start])) start++;
    while (end > start && isSpace(bytes[end - 1])) end--;
    if (start === end) return;
    let value: unknown;
    try {
      value = JSON.parse(this.#decoder.decode(bytes.subarray(start, end)));
    } catch (error) {
      this.#handler.malformed(line, parseError(error));
      return;
    }
    this.#handler.value(value, line, 'record');
  }
}

interface Capture {
  /** Nesting depth outside the captured value: it is complete when the depth is back to this. */
  depth: number;
  kind: JsonItemKind;
  line: number;
  parts: Uint8Array[];
  size: number;
  /** Where the captured bytes start in the current chunk. */
  start: number;
  tooLarge: boolean;
}

export class JsonStructureScanner {
  readonly #handler: JsonHandler;
  readonly #maxValueBytes: number;
  readonly #decoder = new TextDecoder();
  #line = 1;
  /** Container types by depth (OPEN_OBJECT or OPEN_ARRAY). */
  readonly #stack: number[] = [];
  /** The current key of each object on the stack. */
  readonly #keys: (string | undefined)[] = [];
  #inString = false;
  #escape = false;
  #last = 0;
  #key: number[] | undefined;
  #capture: Capture | undefined;
  /** A root object: a record itself, until an array of records is found inside it (a wrapper). */
  #root: (Capture & { wrapper: boolean }) | undefined;
  #garbageLine = 0;

  constructor(handler: JsonHandler, maxValueBytes = 64 << 20) {
    this.#handler = handler;
    this.#maxValueBytes = maxValueBytes;
  }

  push(chunk: Uint8Array): void {
    if (this.#capture) this.#capture.start = 0;
    if (this.#root) this.#root.start = 0;
    const stack = this.#stack;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (c === BACKSLASH) this.#escape = true;
        else if (c === QUOTE) {
          this.#inString = false;
          if (this.#key) {
            this.#keys[stack.length - 1] = String.fromCharCode(...this.#key);
            this.#key = undefined;
          }
          continue;
        } else if (c === LF) this.#line++;
        if (this.#key && this.#key.length < 64) this.#key.push(c);
        continue;
      }
      switch (c) {
        case LF:
          this.#line++;
          // Between root values (JSON lines read by this scanner), each line's text stands alone.
          if (stack.length === 0) this.#last = 0;
          continue;
        case SPACE:
        case TAB:
        case CR:
          continue;
        case QUOTE: {
          this.#inString = true;
          const depth = stack.length;
          const inObject = stack[depth - 1] === OPEN_OBJECT;
          if (!this.#capture && inObject && (this.#last === OPEN_OBJECT || this.#last === COMMA)) {
            // Keys matter in the root object and in `tables[i]`.
            if (depth === 1 || depth === 3) this.#key = [];
          } else {
            this.#scalarStart();
          }
          this.#last = QUOTE;
          continue;
        }
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.#valueStart(i, c);
          stack.push(c);
          this.#keys.push(undefined);
          this.#last = c;
          continue;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY: {
          if (stack.length === 0) {
            this.#garbage();
            continue;
          }
          stack.pop();
          this.#keys.pop();
          this.#last = c;
          const capture = this.#capture;
          if (capture && stack.length === capture.depth) {
            this.#capture = undefined;
            this.#finish(capture, chunk, i + 1);
          } else if (stack.length === 0 && this.#root) {
            const root = this.#root;
            this.#root = undefined;
            if (!root.wrapper) this.#finish(root, chunk, i + 1);
          }
          continue;
        }
        case COMMA:
        case COLON:
          this.#last = c;
          continue;
        default:
          if (this.#last !== SCALAR) this.#scalarStart();
          this.#last = SCALAR;
      }
    }
    this.#keep(this.#capture, chunk);
    if (this.#root && !this.#root.wrapper) this.#keep(this.#root, chunk);
  }

  end(): void {
    const open = this.#capture ?? (this.#root && !this.#root.wrapper ? this.#root : undefined);
    if (open) {
      this.#handler.malformed(
        open.line,
        this.#inString
          ? 'the input ends inside a string of this JSON value (a string not closed by a plain " quote?)'
          : 'the input ends inside this JSON value',
      );
    }
    this.#capture = undefined;
    this.#root = undefined;
  }

  /** Where a value opened by `{`/`[` is one the caller wants. */
  #valueStart(at: number, bracket: number): void {
    if (this.#capture) return;
    const stack = this.#stack;
    const keys = this.#keys;
    const depth = stack.length;
    if (depth === 0) {
      if (bracket === OPEN_OBJECT) {
        this.#root = {
          depth: 0,
          kind: 'record',
          line: this.#line,
          parts: [],
          size: 0,
          start: at,
          tooLarge: false,
          wrapper: false,
        };
      }
      return;
    }
    let kind: JsonItemKind | undefined;
    if (depth === 1 && stack[0] === OPEN_ARRAY) kind = 'record';
    else if (stack[0] === OPEN_OBJECT && stack[1] === OPEN_ARRAY) {
      if (depth === 2 && (keys[0] === 'records' || keys[0] === 'value')) kind = 'record';
      else if (keys[0] === 'tables' && stack[2] === OPEN_OBJECT && bracket === OPEN_ARRAY) {
        if (depth === 3 && keys[2] === 'columns') kind = 'columns';
        else if (depth === 4 && keys[2] === 'rows' && stack[3] === OPEN_ARRAY) kind = 'row';
      }
    }
    if (kind === undefined) return;
    if (this.#root) {
      // The root object holds records: it is a wrapper, not a record.
      this.#root.wrapper = true;
      this.#root.parts = [];
    }
    this.#capture = { depth, kind, line: this.#line, parts: [], size: 0, start: at, tooLarge: false };
  }

  /** A scalar (or a string) begins: where records are expected, that is a malformed record. */
  #scalarStart(): void {
    if (this.#capture) return;
    const stack = this.#stack;
    const depth = stack.length;
    if (depth === 0) {
      this.#garbage();
      return;
    }
    const inRecordArray =
      (depth === 1 && stack[0] === OPEN_ARRAY) ||
      (depth === 2 &&
        stack[0] === OPEN_OBJECT &&
        stack[1] === OPEN_ARRAY &&
        (this.#keys[0] === 'records' || this.#keys[0] === 'value'));
    if (inRecordArray && (this.#last === OPEN_ARRAY || this.#last === COMMA)) {
      this.#handler.malformed(this.#line, 'an array element that is not a JSON object');
    }
  }

  /** Text outside any JSON value: one rejected row per line. */
  #garbage(): void {
    if (this.#garbageLine === this.#line) return;
    this.#garbageLine = this.#line;
    this.#handler.malformed(this.#line, 'text outside any JSON value');
  }

  #keep(capture: Capture | undefined, chunk: Uint8Array): void {
    if (!capture || capture.tooLarge) return;
    const part = chunk.slice(capture.start);
    capture.size += part.length;
    if (capture.size > this.#maxValueBytes) {
      capture.tooLarge = true;
      capture.parts = [];
    } else if (part.length > 0) {
      capture.parts.push(part);
    }
  }

  #finish(capture: Capture, chunk: Uint8Array, end: number): void {
    if (capture.tooLarge || capture.size + end - capture.start > this.#maxValueBytes) {
      this.#handler.malformed(capture.line, `a JSON value larger than ${this.#maxValueBytes} bytes`);
      return;
    }
    const last = chunk.subarray(capture.start, end);
    capture.parts.push(last);
    let value: unknown;
    try {
      value = JSON.parse(this.#decoder.decode(join(capture.parts, capture.size + last.length)));
    } catch (error) {
      this.#handler.malformed(capture.line, parseError(error));
      return;
    }
    this.#handler.value(value, capture.line, capture.kind);
  }
}
