/**
 * CSV as Log Analytics and Kusto export it, scanned as bytes (RFC 4180 quoting):
 * - the portal quotes only what needs it (`"TimeGenerated [UTC]"`, `"2/25/2025, 9:19:25.391 AM"`),
 *   Kusto/ADX exports quote every field (Azure-Sentinel's `*_IngestedLogs.csv` samples);
 * - a quoted field may hold the delimiter, doubled quotes and line breaks; CRLF or LF line ends;
 * - chunks may end anywhere (inside a quoted field, between CR and LF, inside a UTF-8 sequence):
 *   an incomplete record is carried over and scanned again with the next chunk, so no byte is decoded
 *   before its record is complete.
 * Field boundaries are found in one pass over the bytes (a JS loop: V8's TypedArray `indexOf` is a
 * generic element loop with a per-call cost, and measured slower here); every boundary is located,
 * since the field count is checked against the header's, but a field is decoded only when a row
 * builder asks for it, and integers and timestamps are parsed from the bytes without making strings.
 * A record longer than `maxRecordBytes` (an unclosed quote swallowing lines) is rejected by its first
 * line and scanning resumes at the next line, so one stray quote costs one row.
 */
import { parseCountBytes, StringInterner, TimestampParser } from './values.ts';

const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface CsvHandler {
  /** The header's fields. Returns false to stop reading (not a header the caller knows). */
  header(names: string[], line: number): boolean;
  /** A complete record with the header's field count. The record is valid only during the call. */
  record(record: CsvRecord, line: number): void;
  /** A record that is not CSV-valid: wrong field count, unclosed quote, text after a closing quote. */
  malformed(line: number, reason: string): void;
  /**
   * Optional, tried before a record is split: a whole line after the header, `bytes[start, end)`
   * without its line end, that holds no quote. Returns true when it took the line as a record (the
   * scanner then neither splits nor checks it); false sends the line the ordinary way.
   */
  line?(bytes: Uint8Array, start: number, end: number, line: number): boolean;
}

/** Buffer's native indexOf (memchr), for any Uint8Array: TypedArray's is an element loop. */
const indexOfByte = (bytes: Uint8Array, value: number, from: number): number =>
  Buffer.prototype.indexOf.call(bytes, value, from);

/** The fields of the current record as byte ranges of `bytes`. */
export class CsvRecord {
  bytes: Uint8Array = new Uint8Array(0);
  fieldCount = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 1 when the field was quoted and holds doubled quotes to undo (read only when anyEscaped). */
  escaped = new Uint8Array(64);
  anyEscaped = false;

  ensure(fields: number): void {
    if (fields <= this.starts.length) return;
    const size = Math.max(fields, this.starts.length * 2);
    const grow = <T extends Int32Array | Uint8Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.starts = grow(this.starts, new Int32Array(size));
    this.ends = grow(this.ends, new Int32Array(size));
    this.escaped = grow(this.escaped, new Uint8Array(size));
  }
}

/** Where one record ends and what it holds: written by splitRecord (one object, reused). */
interface Split {
  recordEnd: number;
  fields: number;
  extraLines: number;
  anyEscaped: boolean;
  problem: string | undefined;
}

/**
 * Splits the record starting at `pos` into fields (positions stored in `record`; typed-array stores past
 * the arrays' end are dropped, so a row with too many fields cannot overrun them). One pass, one
 * compare per ordinary byte: bytes above both the delimiter and LF are skipped at once. Returns false
 * when the record is incomplete (more bytes needed; at the end of input, an unclosed quote).
 */
function splitRecord(buf: Uint8Array, pos: number, final: boolean, delimiter: number, record: CsvRecord, out: Split) {
  const length = buf.length;
  const starts = record.starts;
  const ends = record.ends;
  const escapedFlags = record.escaped;
  const threshold = Math.max(delimiter, LF);
  let field = 0;
  let fieldStart = pos;
  let i = pos;
  let extraLines = 0;
  let anyEscaped = false;
  let problem: string | undefined;
  let recordEnd: number;
  for (;;) {
    if (buf[i] === QUOTE) {
      // A quoted field: to the closing quote, over doubled quotes, delimiters and line feeds.
      let escaped = 0;
      i++;
      for (;;) {
        if (i >= length) return false;
        const c = buf[i] as number;
        if (c === QUOTE) {
          if (i + 1 >= length && !final) return false;
          if (buf[i + 1] !== QUOTE) break;
          escaped = 1;
          i += 2;
          continue;
        }
        if (c === LF) extraLines++;
        i++;
      }
      starts[field] = fieldStart + 1;
      ends[field] = i;
      escapedFlags[field] = escaped;
      if (escaped === 1) anyEscaped = true;
      field++;
      i++;
      if (i >= length) {
        recordEnd = length;
        break;
      }
      const next = buf[i];
      if (next === delimiter) {
        i++;
        fieldStart = i;
        continue;
      }
      if (next === LF) {
        recordEnd = i + 1;
        break;
      }
      if (next === CR) {
        if (i + 1 >= length && !final) return false;
        if (i + 1 >= length) {
          recordEnd = length;
          break;
        }
        if (buf[i + 1] === LF) {
          recordEnd = i + 2;
          break;
        }
      }
      // `"abc"def`: the rest of the line is skipped and the row rejected.
      problem = 'text after a closing quote';
      while (i < length && buf[i] !== LF) i++;
      if (i >= length && !final) return false;
      recordEnd = i >= length ? length : i + 1;
      break;
    }
    // An unquoted field: to the next delimiter or line feed.
    for (;;) {
      if (i >= length) {
        if (!final) return false;
        starts[field] = fieldStart;
        ends[field] = length > fieldStart && buf[length - 1] === CR ? length - 1 : length;
        escapedFlags[field] = 0;
        field++;
        recordEnd = length;
        break;
      }
      const c = buf[i] as number;
      if (c > threshold) {
        i++;
        continue;
      }
      if (c === delimiter) {
        starts[field] = fieldStart;
        ends[field] = i;
        escapedFlags[field] = 0;
        field++;
        i++;
        fieldStart = i;
        recordEnd = -1;
        break;
      }
      if (c === LF) {
        starts[field] = fieldStart;
        ends[field] = i > fieldStart && buf[i - 1] === CR ? i - 1 : i;
        escapedFlags[field] = 0;
        field++;
        recordEnd = i + 1;
        break;
      }
      i++;
    }
    if (recordEnd !== -1) break;
  }
  out.recordEnd = recordEnd;
  out.fields = field;
  out.extraLines = extraLines;
  out.anyEscaped = anyEscaped;
  out.problem = problem;
  return true;
}

export interface CsvScannerOptions {
  delimiter?: number;
  /** Lines before the header to skip (Excel's `sep=;` hint line). */
  skipLines?: number;
  maxRecordBytes?: number;
  /** The most header fields kept (AzureDiagnostics has hundreds of columns; more is not a log export). */
  maxFields?: number;
}

export class CsvScanner {
  readonly #handler: CsvHandler;
  readonly #delimiter: number;
  readonly #maxRecordBytes: number;
  readonly #maxFields: number;
  readonly #record = new CsvRecord();
  readonly #decoder = new TextDecoder();
  #pending: Uint8Array | undefined;
  /** Line number (1-based) where the next record starts. */
  #line = 1;
  #skipLines: number;
  /** The header's field count; -1 until the header is read. */
  #headerFields = -1;
  #stopped = false;
  /** After an over-long record: drop bytes until the next line feed. */
  #skipToLineEnd = false;
  /** The carried record did not end at the chunk's first line feed: join whole chunks to it. */
  #pendingNeedsMore = false;
  readonly #split: Split = { recordEnd: 0, fields: 0, extraLines: 0, anyEscaped: false, problem: undefined };

  constructor(handler: CsvHandler, options: CsvScannerOptions = {}) {
    this.#handler = handler;
    this.#delimiter = options.delimiter ?? 44;
    this.#skipLines = options.skipLines ?? 0;
    this.#maxRecordBytes = options.maxRecordBytes ?? 1 << 20;
    this.#maxFields = options.maxFields ?? 10_000;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** The line (1-based) where the next record starts: every line pushed so far is behind it. */
  get line(): number {
    return this.#line;
  }

  /** Bytes held for a record not yet complete (0 when the input so far ends at a record's end). */
  get heldBytes(): number {
    return (this.#pending?.length ?? 0) + (this.#skipToLineEnd ? 1 : 0);
  }

  push(chunk: Uint8Array): void {
    let bytes = chunk;
    while (bytes.length > 0 && !this.#stopped) {
      if (this.#skipToLineEnd) {
        const lf = bytes.indexOf(LF);
        if (lf === -1) return;
        this.#skipToLineEnd = false;
        this.#line++;
        bytes = bytes.subarray(lf + 1);
        continue;
      }
      const pending = this.#pending;
      if (pending === undefined) {
        this.#pendingNeedsMore = false;
        this.#scanAll(bytes, false);
        return;
      }
      // Complete the carried record with the chunk's bytes up to its next line feed only: joining
      // the whole chunk would copy every byte once more. When that is not enough (line feeds inside
      // quotes, an unclosed quote), the whole chunk is joined: line by line would rescan the growing
      // record once per line.
      const lf = this.#pendingNeedsMore ? -1 : bytes.indexOf(LF);
      const take = lf === -1 ? bytes.length : lf + 1;
      const joined = new Uint8Array(pending.length + take);
      joined.set(pending);
      joined.set(bytes.subarray(0, take), pending.length);
      this.#pending = undefined;
      this.#scanAll(joined, false);
      // #scanAll sets #pending again when the record is still incomplete.
      const carried = this.#pending as Uint8Array | undefined;
      this.#pendingNeedsMore = carried !== undefined && carried.length === joined.length;
      bytes = bytes.subarray(take);
    }
  }

  end(): void {
    if (this.#stopped) return;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) this.#scanAll(pending, true);
  }

  /** Scans, keeps the incomplete tail (a copy: the caller may reuse its buffer), and recovers from over-long records. */
  #scanAll(bytes: Uint8Array, final: boolean): void {
    let from = 0;
    for (;;) {
      const consumed = this.#scan(bytes, from, final);
      if (this.#stopped) {
        this.#pending = undefined;
        return;
      }
      const tail = bytes.length - consumed;
      if (tail === 0) {
        this.#pending = undefined;
        return;
      }
      if (!final && tail <= this.#maxRecordBytes) {
        this.#pending = bytes.slice(consumed);
        return;
      }
      // The record at `consumed` never ends (an unclosed quote at end of input) or is longer than
      // maxRecordBytes: reject it by its first line and resume after that line.
      this.#handler.malformed(
        this.#line,
        final
          ? 'a quoted field is not closed before the end of the input'
          : `the row is longer than ${this.#maxRecordBytes} bytes (an unclosed quote?)`,
      );
      const lf = bytes.indexOf(LF, consumed);
      this.#line++;
      if (lf === -1) {
        this.#pending = undefined;
        this.#skipToLineEnd = !final;
        return;
      }
      from = lf + 1;
    }
  }

  /** Scans complete records from `from`; returns where the first incomplete record starts. */
  #scan(buf: Uint8Array, from: number, final: boolean): number {
    const length = buf.length;
    const record = this.#record;
    const split = this.#split;
    record.bytes = buf;
    let pos = from;
    // Room for every field a header may have: stores past the arrays' end are dropped.
    record.ensure(this.#maxFields);
    const handler = this.#handler;
    const wholeLines = handler.line !== undefined;
    // The next quote at or after `pos` (-1: none left in the buffer), for lines the handler may take whole.
    let nextQuote = -2;
    while (pos < length) {
      if (wholeLines && this.#headerFields !== -1 && this.#skipLines === 0) {
        if (nextQuote !== -1 && nextQuote < pos) nextQuote = indexOfByte(buf, QUOTE, pos);
        const lf = indexOfByte(buf, LF, pos);
        if (lf !== -1 && (nextQuote === -1 || nextQuote > lf)) {
          const end = lf > pos && buf[lf - 1] === CR ? lf - 1 : lf;
          if ((handler.line as NonNullable<CsvHandler['line']>)(buf, pos, end, this.#line)) {
            this.#line++;
            pos = lf + 1;
            continue;
          }
        }
      }
      if (!splitRecord(buf, pos, final, this.#delimiter, record, split)) return pos;
      const line = this.#line;
      const fields = split.fields;
      this.#line += 1 + split.extraLines;
      pos = split.recordEnd;
      record.fieldCount = fields;
      record.anyEscaped = split.anyEscaped;
      // A blank line (one empty unquoted field) is no row.
      const firstStart = record.starts[0] as number;
      if (
        fields === 1 &&
        split.problem === undefined &&
        firstStart === record.ends[0] &&
        buf[firstStart - 1] !== QUOTE
      ) {
        continue;
      }
      if (this.#skipLines > 0) {
        this.#skipLines--;
        continue;
      }
      if (split.problem !== undefined) {
        this.#handler.malformed(line, split.problem);
        continue;
      }
      if (this.#headerFields === -1) {
        const names: string[] = [];
        for (let f = 0; f < Math.min(fields, this.#maxFields); f++) names.push(this.text(f));
        this.#headerFields = fields;
        if (!this.#handler.header(names, line)) {
          this.#stopped = true;
          return length;
        }
        continue;
      }
      if (fields !== this.#headerFields) {
        this.#handler.malformed(line, `the row has ${fields} fields, the header has ${this.#headerFields}`);
        continue;
      }
      this.#handler.record(record, line);
    }
    return pos;
  }

  /** Field `index` of the current record as text (the header; rows go through CsvRowSource). */
  text(index: number): string {
    const record = this.#record;
    const text = this.#decoder.decode(record.bytes.subarray(record.starts[index], record.ends[index]));
    return record.anyEscaped && record.escaped[index] ? text.replaceAll('""', '"') : text;
  }
}

/**
 * A CSV record as a RowSource: the column → field index map of the header, one interner per field,
 * integers and timestamps parsed from the bytes.
 */
export class CsvFieldReader {
  readonly #interners: StringInterner[] = [];
  readonly #timestamps = new TimestampParser();
  record: CsvRecord = new CsvRecord();

  text(index: number): string | undefined {
    const record = this.record;
    const start = record.starts[index] as number;
    const end = record.ends[index] as number;
    if (start === end) return undefined;
    let interner = this.#interners[index];
    if (interner === undefined) {
      interner = new StringInterner();
      this.#interners[index] = interner;
    }
    const text = interner.decode(record.bytes, start, end);
    return record.anyEscaped && record.escaped[index] ? text.replaceAll('""', '"') : text;
  }

  integer(index: number): number | undefined {
    const record = this.record;
    const start = record.starts[index] as number;
    const end = record.ends[index] as number;
    if (start === end) return undefined;
    return parseCountBytes(record.bytes, start, end);
  }

  time(index: number): number | undefined {
    const record = this.record;
    const start = record.starts[index] as number;
    const end = record.ends[index] as number;
    if (start === end) return undefined;
    return this.#timestamps.fromBytes(record.bytes, start, end);
  }
}
