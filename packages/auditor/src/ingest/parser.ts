/**
 * The firewall log parser: bytes in (any chunking), FlowRecords out through a callback, and a
 * LogSourceSummary of what was read. Pure and incremental: the caller reads the file (collect/logs.ts)
 * and pushes chunks; memory holds a chunk and one record, whatever the file size.
 *
 * The format is recognised by content, not by file name:
 * - a UTF-8 byte order mark is skipped; UTF-16 (Windows PowerShell's `Out-File`/`>` default) is
 *   transcoded; gzip and zip content is named, not parsed (collect/logs.ts gunzips);
 * - `{` or `[` first: JSON, read as JSON lines when the first line is one whole object, else by the
 *   structure scanner (`{"records": [...]}`, arrays, pretty-printed records, the query API's tables);
 * - anything else: CSV, whose header says the table (tables.ts); the delimiter is the one of `,` `;`
 *   and tab that makes the header a known table, or Excel's `sep=` line.
 * Every malformed row is counted and the first few are named with their line; reading continues.
 */
import type { FlowRecord, LogSourceSummary, LogTable } from '../model/flows.ts';
import { CsvFieldReader, type CsvRecord, CsvScanner } from './csv.ts';
import { type JsonItemKind, JsonLinesScanner, JsonStructureScanner } from './json.ts';
import {
  buildRecord,
  COLUMN,
  COLUMN_COUNT,
  type Column,
  columnOfName,
  isReadableTable,
  isRowProblem,
  type RowKind,
  type RowShape,
  type RowSource,
  recognizeColumns,
} from './tables.ts';
import { type FlowTemplateSink, TemplateCache } from './templates.ts';
import { ipv4FromBytes, parseCount, parseCountBytes, TimestampParser } from './values.ts';

export interface LogParser {
  /** Feeds the next bytes. Records found are handed to the callback before push returns. */
  push(chunk: Uint8Array): void;
  /** Ends the input: parses what is left and returns the summary. */
  end(): LogSourceSummary;
  /**
   * Where reading stands: the line the next record starts on, and the bytes held for a record not yet
   * complete (0 when the bytes pushed end at a record's end). A file split between workers is split
   * correctly when each part, parsed after the header, ends with nothing held.
   */
  position(): { line: number; heldBytes: number };
}

export interface LogParserOptions {
  /** How many rejected rows the summary names (default 10); all are counted. */
  maxRejectedSamples?: number;
  /**
   * For callers that aggregate: CSV rows that repeat the shape of an earlier row (templates.ts) go to
   * `templates.addFlow` with their time and source instead of becoming a record for the callback.
   */
  templates?: FlowTemplateSink;
}

/** Bytes looked at before deciding the format when no line ends sooner. */
const SNIFF_BYTES = 64 * 1024;
const MAX_IGNORED_REASONS = 20;

interface Consumer {
  push(chunk: Uint8Array): void;
  end(): void;
  /** CSV only: see LogParser.position. */
  readonly line?: number;
  readonly heldBytes?: number;
}

/** A CSV record as a RowSource through its header's column map. */
class CsvRowSource implements RowSource {
  readonly reader = new CsvFieldReader();
  shape: RowShape | undefined;

  text(column: Column): string | undefined {
    const index = (this.shape as RowShape).columnIndex[column] as number;
    return index < 0 ? undefined : this.reader.text(index);
  }
  integer(column: Column): number | undefined {
    const index = (this.shape as RowShape).columnIndex[column] as number;
    return index < 0 ? undefined : this.reader.integer(index);
  }
  time(column: Column): number | undefined {
    const index = (this.shape as RowShape).columnIndex[column] as number;
    return index < 0 ? undefined : this.reader.time(index);
  }
}

/** JSON values by column (Log Analytics rows, storage records, query API rows) as a RowSource. */
export class ValuesRowSource implements RowSource {
  readonly values: unknown[] = new Array(COLUMN_COUNT).fill(undefined);
  readonly #timestamps = new TimestampParser();

  clear(): void {
    this.values.fill(undefined);
  }
  text(column: Column): string | undefined {
    const value = this.values[column];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  }
  integer(column: Column): number | undefined {
    const value = this.values[column];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : Number.NaN;
    return typeof value === 'string' ? parseCount(value.trim()) : Number.NaN;
  }
  time(column: Column): number | undefined {
    const value = this.values[column];
    if (value === undefined || value === null || value === '') return undefined;
    return typeof value === 'string' ? this.#timestamps.fromText(value) : Number.NaN;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Splits one CSV line (the header) as text, quote-aware, to try delimiters. */
function splitLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      fields.push(current);
      current = '';
    } else current += char;
  }
  fields.push(current.replace(/\r$/, ''));
  return fields;
}

class FirewallLogParser implements LogParser {
  readonly #source: string;
  readonly #onRecord: (record: FlowRecord) => void;
  readonly #maxRejectedSamples: number;
  readonly #templateSink: FlowTemplateSink | undefined;
  /** Times of rows read through a template. */
  readonly #timestamps = new TimestampParser();
  #rowsRead = 0;
  #rowsRejected = 0;
  readonly #rejected: { line?: number; reason: string }[] = [];
  #rowsIgnored = 0;
  readonly #ignored = new Map<string, number>();
  readonly #tables = new Set<LogTable>();
  #firstSeen = Number.POSITIVE_INFINITY;
  #lastSeen = Number.NEGATIVE_INFINITY;
  #format: LogSourceSummary['format'];
  #error: string | undefined;
  #sniffed: Uint8Array[] = [];
  #consumer: Consumer | undefined;
  #utf16: InstanceType<typeof TextDecoder> | undefined;
  readonly #encoder = new TextEncoder();
  #summary: LogSourceSummary | undefined;
  // JSON rows
  readonly #values = new ValuesRowSource();
  readonly #shapes = new Map<string, RowShape | string>();
  #apiShape: RowShape | string | undefined;

  constructor(source: string, onRecord: (record: FlowRecord) => void, options: LogParserOptions) {
    this.#source = source;
    this.#onRecord = onRecord;
    this.#maxRejectedSamples = options.maxRejectedSamples ?? 10;
    this.#templateSink = options.templates;
  }

  push(chunk: Uint8Array): void {
    if (this.#summary) throw new Error(`log parser for ${this.#source}: push after end`);
    if (chunk.length === 0) return;
    // A plain Uint8Array view of a Buffer (no copy): the scanners then see one array type and stay
    // optimised; a Buffer here and a Uint8Array there deoptimises them ("wrong map").
    const bytes =
      Object.getPrototypeOf(chunk) === Uint8Array.prototype
        ? chunk
        : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#accept(this.#utf16 ? this.#encoder.encode(this.#utf16.decode(bytes, { stream: true })) : bytes);
  }

  position(): { line: number; heldBytes: number } {
    const consumer = this.#consumer;
    let sniffed = 0;
    for (const part of this.#sniffed) sniffed += part.length;
    return { line: consumer?.line ?? 1, heldBytes: sniffed + (consumer?.heldBytes ?? 0) };
  }

  end(): LogSourceSummary {
    if (this.#summary) return this.#summary;
    if (this.#utf16) {
      const rest = this.#utf16.decode();
      if (rest !== '') this.#accept(this.#encoder.encode(rest));
    }
    if (!this.#consumer) this.#decide(true);
    this.#consumer?.end();
    this.#summary = this.#summarize();
    return this.#summary;
  }

  #accept(chunk: Uint8Array): void {
    if (this.#consumer) {
      this.#consumer.push(chunk);
      return;
    }
    // A copy: the caller may reuse its buffer before the format is decided.
    this.#sniffed.push(chunk.slice());
    this.#decide(false);
  }

  /** Decides the format once the first line (or SNIFF_BYTES) is in, and hands the bytes on. */
  #decide(final: boolean): void {
    const bytes = this.#sniffed.length === 1 ? (this.#sniffed[0] as Uint8Array) : joinAll(this.#sniffed);
    if (!final && bytes.length < 4) {
      this.#sniffed = [bytes];
      return;
    }
    let start = 0;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      this.#utf16 = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be');
      this.#sniffed = [];
      const text = this.#encoder.encode(this.#utf16.decode(bytes.subarray(2), { stream: !final }));
      if (text.length > 0) this.#accept(text);
      if (final && !this.#consumer) this.#decide(true);
      return;
    } else if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      this.#reject('gzip-compressed: decompress it first (readLogFile does)');
      return;
    } else if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4) {
      this.#reject('a zip archive: extract the log files from it first');
      return;
    }
    let first = start;
    while (
      first < bytes.length &&
      (bytes[first] === 32 || bytes[first] === 9 || bytes[first] === 10 || bytes[first] === 13)
    ) {
      first++;
    }
    const lineEnd = bytes.indexOf(10, first);
    if (!final && (first === bytes.length || lineEnd === -1) && bytes.length < SNIFF_BYTES) {
      this.#sniffed = [bytes];
      return;
    }
    this.#sniffed = [];
    if (first === bytes.length) {
      if (final) {
        this.#reject(start === bytes.length ? 'the file is empty' : 'the file holds only blank lines');
        return;
      }
      // More than SNIFF_BYTES of blank space: drop it (memory stays bounded) and keep looking.
      return;
    }
    const probe = bytes.subarray(start, Math.min(bytes.length, start + 4096));
    if (probe.includes(0)) {
      this.#reject('binary content, not a log export');
      return;
    }
    const firstLine = new TextDecoder().decode(bytes.subarray(first, lineEnd === -1 ? bytes.length : lineEnd)).trim();
    const opening = bytes[first];
    if (opening === 0x7b || opening === 0x5b) {
      const structured =
        opening === 0x5b || /^\{\s*"(records|tables|value)"\s*:/.test(firstLine) || !firstLine.endsWith('}');
      this.#format = structured ? 'json' : 'json-lines';
      const handler = {
        value: (value: unknown, line: number, kind: JsonItemKind) => this.#jsonItem(value, line, kind),
        malformed: (line: number, reason: string) => this.#rejectRow(line, reason),
      };
      this.#consumer = structured ? new JsonStructureScanner(handler) : new JsonLinesScanner(handler);
    } else {
      this.#format = 'csv';
      this.#consumer = this.#csvConsumer(firstLine);
    }
    this.#consumer.push(bytes.subarray(start));
  }

  #csvConsumer(firstLine: string): Consumer {
    const rows = new CsvRowSource();
    let delimiter = ',';
    let skipLines = 0;
    const hint = /^sep=(.)$/.exec(firstLine);
    if (hint) {
      delimiter = hint[1] ?? ',';
      skipLines = 1;
    } else {
      delimiter =
        [',', ';', '\t'].find((candidate) => typeof recognizeColumns(splitLine(firstLine, candidate)) !== 'string') ??
        ',';
    }
    let templates: TemplateCache | undefined;
    // The time, source address and source port fields of the header (-1: no such column).
    type Fields = [time: number, sourceIp: number, sourcePort: number];
    let fields: Fields = [-1, -1, -1];
    return new CsvScanner(
      {
        header: (names) => {
          const shape = recognizeColumns(names);
          if (typeof shape === 'string') {
            this.#error = `not a firewall log export: ${shape}`;
            return false;
          }
          rows.shape = shape;
          templates = this.#templateSink && TemplateCache.for(shape, names.length, delimiter.charCodeAt(0));
          const { columnIndex } = shape;
          fields = [COLUMN.time, COLUMN.sourceIp, COLUMN.sourcePort].map((c) => columnIndex[c] as number) as Fields;
          return true;
        },
        line: (bytes: Uint8Array, start: number, end: number) => {
          const template = templates?.matchLine(bytes, start, end);
          if (template === undefined) return false;
          const { matchedId, holeStarts, holeEnds, timeHole, sourceIpHole, sourcePortHole } =
            templates as TemplateCache;
          return this.#templateRow(
            template,
            matchedId,
            bytes,
            holeStarts,
            holeEnds,
            timeHole,
            sourceIpHole,
            sourcePortHole,
          );
        },
        record: (record: CsvRecord, line: number) => {
          rows.reader.record = record;
          const shape = rows.shape as RowShape;
          if (templates === undefined) {
            this.#row(shape.kind, rows, line);
            return;
          }
          const template = templates.find(record);
          const [time, ip, port] = fields;
          const { bytes, starts, ends } = record;
          if (template && this.#templateRow(template, templates.matchedId, bytes, starts, ends, time, ip, port)) {
            return;
          }
          const built = this.#row(shape.kind, rows, line);
          if (template === undefined && built !== undefined) {
            templates.remember(record, built, (this.#templateSink as FlowTemplateSink).newTemplateId());
          }
        },
        malformed: (line, reason) => this.#rejectRow(line, reason),
      },
      { delimiter: delimiter.charCodeAt(0), skipLines },
    );
  }

  #reject(error: string): void {
    this.#error = error;
    this.#sniffed = [];
    this.#consumer = { push: () => {}, end: () => {} };
  }

  /** Builds, counts and hands on one row's record; returns it when the row was one. */
  #row(kind: RowKind, row: RowSource, line: number): FlowRecord | undefined {
    const result = buildRecord(kind, row);
    if (!isRowProblem(result)) {
      this.#rowsRead++;
      this.#tables.add(result.table);
      if (result.time < this.#firstSeen) this.#firstSeen = result.time;
      if (result.time > this.#lastSeen) this.#lastSeen = result.time;
      this.#onRecord(result);
      return result;
    }
    if (result.problem === 'rejected') this.#rejectRow(line, result.reason);
    else this.#ignore(result.reason);
    return undefined;
  }

  /**
   * A row of a known shape: only its time, source address and source port are read. False when one
   * of them is not in the plain form (empty, not a time, not a canonical IPv4 address, not a port):
   * the row then goes the ordinary way, which says what is wrong with it. The fields are where
   * `starts`/`ends` say at `timeAt`, `ipAt` and `portAt` (-1: no port column): a split record's fields,
   * or the holes of a line matched whole.
   */
  #templateRow(
    template: FlowRecord,
    templateId: number,
    bytes: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    timeAt: number,
    ipAt: number,
    portAt: number,
  ): boolean {
    const timeStart = starts[timeAt] as number;
    const timeEnd = ends[timeAt] as number;
    if (timeStart === timeEnd) return false;
    const time = this.#timestamps.fromBytes(bytes, timeStart, timeEnd);
    if (Number.isNaN(time)) return false;
    const ip = ipv4FromBytes(bytes, starts[ipAt] as number, ends[ipAt] as number);
    if (ip < 0) return false;
    // An empty port (or no port column) is read as absent, as the builder reads it.
    if (portAt >= 0) {
      const portStart = starts[portAt] as number;
      const portEnd = ends[portAt] as number;
      if (portStart !== portEnd && !(parseCountBytes(bytes, portStart, portEnd) <= 65535)) return false;
    }
    this.#rowsRead++;
    if (time < this.#firstSeen) this.#firstSeen = time;
    if (time > this.#lastSeen) this.#lastSeen = time;
    (this.#templateSink as FlowTemplateSink).addFlow(template, templateId, ip, time);
    return true;
  }

  #rejectRow(line: number, reason: string): void {
    this.#rowsRejected++;
    if (this.#rejected.length < this.#maxRejectedSamples) this.#rejected.push({ line, reason });
  }

  #ignore(reason: string): void {
    this.#rowsIgnored++;
    const key = this.#ignored.has(reason) || this.#ignored.size < MAX_IGNORED_REASONS ? reason : 'other reasons';
    this.#ignored.set(key, (this.#ignored.get(key) ?? 0) + 1);
  }

  #jsonItem(value: unknown, line: number, kind: JsonItemKind): void {
    if (kind === 'columns') {
      const names = Array.isArray(value) ? value.map((column) => (isObject(column) ? String(column.name) : '')) : [];
      this.#apiShape = recognizeColumns(names);
      return;
    }
    if (kind === 'row') {
      const shape = this.#apiShape;
      if (shape === undefined) {
        this.#rejectRow(line, 'a query API row before its columns');
        return;
      }
      if (typeof shape === 'string') {
        this.#rejectRow(line, shape);
        return;
      }
      if (!Array.isArray(value)) {
        this.#rejectRow(line, 'a query API row that is not an array');
        return;
      }
      const values = this.#values;
      values.clear();
      for (let column = 0; column < COLUMN_COUNT; column++) {
        const index = shape.columnIndex[column] as number;
        if (index >= 0) values.values[column] = value[index];
      }
      this.#row(shape.kind, values, line);
      return;
    }
    this.#jsonRecord(value, line);
  }

  #jsonRecord(value: unknown, line: number): void {
    if (!isObject(value)) {
      this.#rejectRow(line, 'not a JSON object');
      return;
    }
    if (Array.isArray(value.records)) {
      for (const record of value.records) this.#jsonRecord(record, line);
      return;
    }
    const category = value.category ?? value.Category;
    const operation = value.operationName ?? value.OperationName;
    if (value.properties !== undefined && (typeof category === 'string' || typeof operation === 'string')) {
      this.#resourceLogRecord(value, category, operation, line);
      return;
    }
    this.#rowObject(value, line);
  }

  /**
   * A resource log record as Azure Monitor writes it to storage and Event Hubs: `time`, `resourceId`,
   * `category`, `operationName`, `properties` (docs example records; research notes §5.4). Legacy
   * categories carry `properties.msg`; resource-specific ones (`category: AZFWNetworkRule`) carry the
   * table's columns in `properties`.
   */
  #resourceLogRecord(record: Record<string, unknown>, category: unknown, operation: unknown, line: number): void {
    let properties = record.properties;
    if (typeof properties === 'string') {
      try {
        properties = JSON.parse(properties);
      } catch {
        this.#rejectRow(line, 'properties is a string that is not JSON');
        return;
      }
    }
    if (!isObject(properties)) {
      this.#rejectRow(line, 'properties is not an object');
      return;
    }
    const values = this.#values;
    values.clear();
    values.values[COLUMN.time] = record.time ?? record.TimeGenerated;
    values.values[COLUMN.resourceId] = record.resourceId ?? record.ResourceId;
    if (properties.msg !== undefined) {
      values.values[COLUMN.msg] = properties.msg;
      values.values[COLUMN.category] = category;
      values.values[COLUMN.operationName] = operation;
      this.#row('AzureDiagnostics', values, line);
      return;
    }
    const table = typeof category === 'string' ? category : '';
    if (!isReadableTable(table)) {
      this.#ignore(
        /^azfw/i.test(table)
          ? `table ${table} is not a flow log the audit reads`
          : `category ${table || String(operation)} is not a firewall flow log`,
      );
      return;
    }
    for (const key of Object.keys(properties)) {
      const column = this.#columnOfKey(key);
      if (column !== undefined && values.values[column] === undefined) values.values[column] = properties[key];
    }
    this.#row(table, values, line);
  }

  readonly #columnOfKeyCache = new Map<string, Column | undefined>();
  #columnOfKey(key: string): Column | undefined {
    if (this.#columnOfKeyCache.has(key)) return this.#columnOfKeyCache.get(key);
    const column = columnOfName(key);
    if (this.#columnOfKeyCache.size < 1000) this.#columnOfKeyCache.set(key, column);
    return column;
  }

  /** A Log Analytics row as JSON (`az monitor log-analytics query`, data export): keys are the columns. */
  #rowObject(row: Record<string, unknown>, line: number): void {
    const keys = Object.keys(row);
    const signature = keys.join('\u0000');
    let shape = this.#shapes.get(signature);
    if (shape === undefined) {
      shape = recognizeColumns(keys);
      if (this.#shapes.size >= 64) this.#shapes.clear();
      this.#shapes.set(signature, shape);
    }
    if (typeof shape === 'string') {
      this.#rejectRow(line, shape);
      return;
    }
    const values = this.#values;
    values.clear();
    for (const key of keys) {
      const column = this.#columnOfKey(key);
      if (column !== undefined && values.values[column] === undefined) values.values[column] = row[key];
    }
    this.#row(shape.kind, values, line);
  }

  #summarize(): LogSourceSummary {
    const summary: LogSourceSummary = {
      source: this.#source,
      tables: [...this.#tables].sort(),
      rowsRead: this.#rowsRead,
      rowsRejected: this.#rowsRejected,
      rejected: this.#rejected,
    };
    if (this.#rowsRead > 0) {
      summary.firstSeen = this.#firstSeen;
      summary.lastSeen = this.#lastSeen;
    }
    if (this.#format !== undefined) summary.format = this.#format;
    if (this.#rowsIgnored > 0) {
      summary.rowsIgnored = this.#rowsIgnored;
      summary.ignored = [...this.#ignored].map(([reason, rows]) => ({ reason, rows }));
    }
    if (this.#error !== undefined) summary.error = this.#error;
    return summary;
  }
}

function joinAll(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/**
 * Creates a parser for one source (`sourceName` names it in the summary: a file path). Records are
 * handed to `onRecord` as they are parsed; `end()` returns the LogSourceSummary.
 */
export function createLogParser(
  sourceName: string,
  onRecord: (record: FlowRecord) => void,
  options: LogParserOptions = {},
): LogParser {
  return new FirewallLogParser(sourceName, onRecord, options);
}
