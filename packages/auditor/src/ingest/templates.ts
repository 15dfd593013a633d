/**
 * Row shapes of CSV flow logs, for readers that aggregate. A firewall logs millions of rows but few
 * shapes: the destination, port, protocol, action, rule path and firewall repeat, only the time and
 * the source vary. The first row of a shape is built by the table's row builder (tables.ts) like any
 * other; later rows of the same bytes reuse that record as a template and only their time and source
 * are read — so both ways give the same evidence, and the builders stay the one definition of a row.
 *
 * A template is keyed by the exact bytes of every column but the time, the source address and port and
 * the URL (not aggregated). Columns no builder reads (the tenant, IsTlsInspected, SourceSystem) and
 * the web category are part of the key while they repeat with the shape, so that a line is split only
 * up to its URL; should one of them vary by row (the cache fills), the key narrows for good to the
 * columns the builder reads, less the web category (not aggregated). Rows whose destination would come
 * from the URL (no FQDN), rows with doubled quotes, and rows whose time, source or source port the
 * fast reading does not take as they are, go the ordinary way.
 *
 * Two keys find a template. A line without quotes (nearly every line of an API or Kusto export) is
 * matched before it is split: its bytes outside the "holes" — the per-row fields (once the key has
 * narrowed, also the columns no builder reads) — are compared with the template's, so the fields after the last hole are
 * neither split nor read one by one (`matchLine`). Other rows (the portal quotes its times) are split
 * and keyed by their fields (`find`).
 */
import type { FlowRecord, LogTable } from '../model/flows.ts';
import type { CsvRecord } from './csv.ts';
import { COLUMN, COLUMN_COUNT, type RowShape } from './tables.ts';

/** Where rows that repeat a template go: see FlowAggregator.addFlow. */
export interface FlowTemplateSink {
  addFlow(template: FlowRecord, sourceIp: number, time: number): void;
}

/** Tables whose rows the templates stand for: one row is one flow, its count 1. */
const TEMPLATE_TABLES = new Set<string>(['AZFWApplicationRule', 'AZFWNetworkRule']);

/** Never part of the key: read per row (time, source, source port) or different on most rows (URL). */
const PER_ROW = new Set<number>([COLUMN.time, COLUMN.sourceIp, COLUMN.sourcePort, COLUMN.targetUrl]);

const MAX_TEMPLATES = 4096;

/** Where a key's header fields are (Int32s): the next key of its hash (-1: none), its template's index, its run count. */
const NEXT = 0;
const TEMPLATE = 4;
const RUNS = 8;
/** Then the ends of its runs (Int32s, relative to its bytes), then the bytes. */
const ENDS = 12;

/**
 * The keys of a cache's templates, one after another in one buffer: a header (next key of the same
 * hash, template index, run count), the ends of the runs and their bytes. A key is compared on every
 * row (~250 bytes: the rule path, the firewall's ARM id) and found through a Map from hash to its first
 * key: kept in one place and chained by offset, a lookup reads a few adjacent cache lines, where an
 * object per template with its own arrays cost a dependent cache miss per hop. Bytes are compared 4 at
 * a time through DataViews (unaligned loads are free on the CPUs Node runs on).
 */
class KeyArena {
  #bytes = new Uint8Array(1 << 16);
  view = new DataView(this.#bytes.buffer);
  #size = 0;

  /** Keeps a key of `ends.length` runs whose bytes are `bytes`, for `template`, before `next`; returns where it is. */
  add(ends: Int32Array, bytes: Uint8Array, template: number, next: number): number {
    const at = this.#size;
    const size = at + ENDS + 4 * ends.length + bytes.length;
    if (size > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(size, 2 * this.#bytes.length));
      grown.set(this.#bytes.subarray(0, at));
      this.#bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.view.setInt32(at + NEXT, next, true);
    this.view.setInt32(at + TEMPLATE, template, true);
    this.view.setInt32(at + RUNS, ends.length, true);
    for (let run = 0; run < ends.length; run++) this.view.setInt32(at + ENDS + 4 * run, ends[run] as number, true);
    this.#bytes.set(bytes, at + ENDS + 4 * ends.length);
    this.#size = size;
    return at;
  }

  clear(): void {
    this.#size = 0;
  }
}

/** Whether `a[aAt, aAt + length)` equals `b[bAt, bAt + length)`, four bytes at a time. */
function equalBytes(a: DataView, aAt: number, b: DataView, bAt: number, length: number): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4) if (a.getInt32(aAt + i, true) !== b.getInt32(bAt + i, true)) return false;
  for (; i < length; i++) if (a.getUint8(aAt + i) !== b.getUint8(bAt + i)) return false;
  return true;
}

/**
 * An Int32 view (its last 0–3 bytes left out) and a DataView of all of `bytes`' ArrayBuffer, kept
 * while the buffer is the same.
 */
class BufferViews {
  #of: ArrayBufferLike | undefined;
  words: Int32Array<ArrayBufferLike> = new Int32Array(0);
  data: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  of(bytes: Uint8Array): this {
    if (bytes.buffer !== this.#of) {
      this.#of = bytes.buffer;
      this.words = new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >> 2);
      this.data = new DataView(bytes.buffer);
    }
    return this;
  }
}

const QUOTE = 34;

/** The hash of `bytes[start, end)` for a key: its length, first and last bytes (compared in full later). */
function hashRun(hash: number, bytes: Uint8Array, data: DataView, start: number, end: number): number {
  let h = (Math.imul(hash, 31) + end - start) | 0;
  if (end - start >= 8) {
    // Four loads instead of sixteen: the first and last 8 bytes as words.
    const at = bytes.byteOffset;
    h = (Math.imul(h, 31) + data.getInt32(at + start, true)) | 0;
    h = (Math.imul(h, 31) + data.getInt32(at + start + 4, true)) | 0;
    h = (Math.imul(h, 31) + data.getInt32(at + end - 8, true)) | 0;
    return (Math.imul(h, 31) + data.getInt32(at + end - 4, true)) | 0;
  }
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + (bytes[i] as number)) | 0;
  return h;
}

/**
 * Finds where the fields `holes` (ascending) of the line `bytes[start, end)` start and end; false when
 * the line has fewer fields. Delimiters are looked for four bytes at a time through `words`, an Int32
 * view of `bytes`' whole ArrayBuffer (a byte loop costs about 3 ns a byte on the development machine,
 * and most of a line is the fields before the last hole): a word holds the delimiter when
 * `(x - 0x01010101) & ~x & 0x80808080` is non-zero for x = word ^ the delimiter in every byte.
 */
function findHoles(
  bytes: Uint8Array,
  words: Int32Array,
  start: number,
  end: number,
  delimiter: number,
  holes: Int32Array,
  holeStarts: Int32Array,
  holeEnds: Int32Array,
): boolean {
  const pattern = Math.imul(delimiter, 0x01010101);
  const base = bytes.byteOffset;
  let hole = 0;
  let target = holes[0] as number;
  let field = 0;
  let fieldStart = start;
  let i = start;
  // Whole words only: the first aligned byte at or after `start`, up to the last word before `end`.
  const firstWord = (base + start + 3) >> 2;
  const lastWord = (base + end) >> 2;
  let word = firstWord;
  // `i` walks bytes until the aligned part, then the words (`i` at each hit word's first byte), then the rest.
  let stop = firstWord < lastWord ? firstWord * 4 - base : end;
  for (;;) {
    for (; i < stop; i++) {
      if (bytes[i] !== delimiter) continue;
      if (field === target) {
        holeStarts[hole] = fieldStart;
        holeEnds[hole] = i;
        if (++hole === holes.length) return true;
        target = holes[hole] as number;
      }
      field++;
      fieldStart = i + 1;
    }
    if (i >= end) break;
    // Aligned: skip words without the delimiter, then take the next hit word byte by byte.
    while (word < lastWord) {
      const x = (words[word] as number) ^ pattern;
      if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
      word++;
    }
    if (word < lastWord) {
      i = word * 4 - base;
      stop = i + 4;
      word++;
    } else {
      i = word * 4 - base;
      stop = end;
    }
  }
  // The line's last field ends at its end.
  if (field !== target) return false;
  holeStarts[hole] = fieldStart;
  holeEnds[hole] = end;
  return hole + 1 === holes.length;
}

/**
 * Whether the runs of a line between its holes equal the key at `key` in `arena`: run 0 is
 * [start, holeStarts[0]), run j is [holeEnds[j-1], holeStarts[j]), the last is [holeEnds[last], end);
 * `line` is a DataView of the line's buffer, `base` the line's bytes' offset in it.
 */
function runsEqual(
  arena: DataView,
  key: number,
  line: DataView,
  base: number,
  start: number,
  end: number,
  holeStarts: Int32Array,
  holeEnds: Int32Array,
): boolean {
  const holes = holeStarts.length;
  const keyBytes = key + ENDS + 4 * (holes + 1);
  let at = 0;
  for (let run = 0; run <= holes; run++) {
    const from = run === 0 ? start : (holeEnds[run - 1] as number);
    const to = run === holes ? end : (holeStarts[run] as number);
    const next = arena.getInt32(key + ENDS + 4 * run, true);
    if (next - at !== to - from || !equalBytes(arena, keyBytes + at, line, base + from, next - at)) return false;
    at = next;
  }
  return true;
}

export class TemplateCache {
  /** Field indices of the key columns in the header's order. */
  #keyFields: Int32Array = new Int32Array(0);
  readonly #fqdnField: number;
  /** Field keys: hash → its first key in #keys (the others chained), compared in full. */
  readonly #byHash = new Map<number, number>();
  /** The hash of the row last looked up, for `remember`. */
  #hash = 0;
  /** Line keys: hash → its first key in #keys (the others chained), compared in full. */
  readonly #byLineHash = new Map<number, number>();
  /** The templates' records, by the index their keys hold. */
  #records: FlowRecord[] = [];
  readonly #delimiter: number;
  /** The fields a line key leaves out, ascending: the per-row columns (narrow: and the columns not read). */
  #holes: Int32Array = new Int32Array(0);
  /** Where the holes of the line last given to `matchLine` start and end. */
  holeStarts: Int32Array = new Int32Array(0);
  holeEnds: Int32Array = new Int32Array(0);
  /** Which hole is the time, the source address and the source port (-1: no such column). */
  timeHole = -1;
  sourceIpHole = -1;
  sourcePortHole = -1;
  /** Views of the bytes being matched (findHoles, runsEqual). */
  readonly #views = new BufferViews();
  /** The templates' keys. */
  readonly #keys = new KeyArena();
  readonly #shape: RowShape;
  readonly #fieldCount: number;
  /** Whether the key still holds the columns no builder reads and the web category. */
  #wide = true;

  constructor(shape: RowShape, fieldCount: number, delimiter: number) {
    this.#shape = shape;
    this.#fieldCount = fieldCount;
    this.#fqdnField = shape.kind === 'AZFWApplicationRule' ? (shape.columnIndex[COLUMN.fqdn] as number) : -1;
    this.#delimiter = delimiter;
    this.#layOut();
  }

  /** The key's fields and the holes, wide or narrow (see the module's comment). */
  #layOut(): void {
    const { columnIndex } = this.#shape;
    const notKey = new Set<number>();
    for (let column = 0; column < COLUMN_COUNT; column++) {
      if (PER_ROW.has(column) || (!this.#wide && column === COLUMN.webCategory))
        notKey.add(columnIndex[column] as number);
    }
    const read = new Set(columnIndex.filter((index) => index >= 0));
    const fields: number[] = [];
    const holes: number[] = [];
    for (let field = 0; field < this.#fieldCount; field++) {
      if (notKey.has(field) || (!this.#wide && !read.has(field))) holes.push(field);
      else fields.push(field);
    }
    this.#keyFields = Int32Array.from(fields);
    this.#holes = Int32Array.from(holes);
    this.holeStarts = new Int32Array(holes.length);
    this.holeEnds = new Int32Array(holes.length);
    const holeOf = (column: number) => holes.indexOf(columnIndex[column] as number);
    this.timeHole = holeOf(COLUMN.time);
    this.sourceIpHole = holeOf(COLUMN.sourceIp);
    this.sourcePortHole = holeOf(COLUMN.sourcePort);
  }

  /** A cache for a header of `fieldCount` fields, when its table is one templates stand for. */
  static for(shape: RowShape, fieldCount: number, delimiter: number): TemplateCache | undefined {
    return TEMPLATE_TABLES.has(shape.kind as LogTable) ? new TemplateCache(shape, fieldCount, delimiter) : undefined;
  }

  /**
   * The template of a line without quotes, `bytes[start, end)` (no line end), or undefined; the
   * holes' positions are then in holeStarts/holeEnds. The line is split only up to its last hole:
   * the rest is compared as one run, whose delimiters make the field count the template's.
   */
  matchLine(bytes: Uint8Array, start: number, end: number): FlowRecord | undefined {
    const holes = this.#holes;
    const holeStarts = this.holeStarts;
    const holeEnds = this.holeEnds;
    if (holes.length === 0) return undefined;
    const views = this.#views.of(bytes);
    if (!findHoles(bytes, views.words, start, end, this.#delimiter, holes, holeStarts, holeEnds)) return undefined;
    let hash = holes.length;
    for (let run = 0; run <= holes.length; run++) {
      const from = run === 0 ? start : (holeEnds[run - 1] as number);
      const to = run === holes.length ? end : (holeStarts[run] as number);
      hash = hashRun(hash, bytes, views.data, from, to);
    }
    const arena = this.#keys.view;
    for (let key = this.#byLineHash.get(hash) ?? -1; key !== -1; key = arena.getInt32(key + NEXT, true)) {
      if (runsEqual(arena, key, views.data, bytes.byteOffset, start, end, holeStarts, holeEnds)) {
        return this.#records[arena.getInt32(key + TEMPLATE, true)];
      }
    }
    return undefined;
  }

  /**
   * The template of this row, or undefined (a new shape, or a row to read the ordinary way). Also
   * computes the row's hash for `remember`; returns null when the row must not become a template.
   */
  find(record: CsvRecord): FlowRecord | undefined | null {
    if (record.anyEscaped) return null;
    const { bytes, starts, ends } = record;
    const fqdn = this.#fqdnField;
    if (fqdn >= 0 && starts[fqdn] === ends[fqdn]) return null;
    const keyFields = this.#keyFields;
    // Each field's length, first 8 and last 24 bytes: values that differ (names, ports, firewall ids)
    // differ there, and the bytes are compared in full below, so a collision costs time, not a wrong row.
    let hash = keyFields.length;
    for (let k = 0; k < keyFields.length; k++) {
      const field = keyFields[k] as number;
      const start = starts[field] as number;
      const end = ends[field] as number;
      hash = (Math.imul(hash, 31) + end - start) | 0;
      const head = Math.min(end, start + 8);
      for (let i = start; i < head; i++) hash = (Math.imul(hash, 31) + (bytes[i] as number)) | 0;
      for (let i = Math.max(head, end - 24); i < end; i++) hash = (Math.imul(hash, 31) + (bytes[i] as number)) | 0;
    }
    this.#hash = hash;
    const key = this.#byHash.get(hash);
    if (key === undefined) return undefined;
    // Equal hashes are not equal rows: compare the bytes (field keys are not chained: a collision is a miss).
    const arena = this.#keys.view;
    const line = this.#views.of(bytes).data;
    const base = bytes.byteOffset;
    const keyBytes = key + ENDS + 4 * keyFields.length;
    let at = 0;
    for (let k = 0; k < keyFields.length; k++) {
      const start = starts[keyFields[k] as number] as number;
      const end = ends[keyFields[k] as number] as number;
      const next = arena.getInt32(key + ENDS + 4 * k, true);
      if (next - at !== end - start || !equalBytes(arena, keyBytes + at, line, base + start, next - at)) {
        return undefined;
      }
      at = next;
    }
    return this.#records[arena.getInt32(key + TEMPLATE, true)];
  }

  /** Keeps `record`, built from the row last given to `find`, as the template of its bytes. */
  remember(row: CsvRecord, record: FlowRecord): void {
    const keyFields = this.#keyFields;
    let size = 0;
    for (let k = 0; k < keyFields.length; k++) {
      const field = keyFields[k] as number;
      size += (row.ends[field] as number) - (row.starts[field] as number);
    }
    const bytes = new Uint8Array(size);
    const ends = new Int32Array(keyFields.length);
    let at = 0;
    for (let k = 0; k < keyFields.length; k++) {
      const field = keyFields[k] as number;
      bytes.set(row.bytes.subarray(row.starts[field], row.ends[field]), at);
      at += (row.ends[field] as number) - (row.starts[field] as number);
      ends[k] = at;
    }
    if (this.#records.length >= MAX_TEMPLATES) {
      this.#byHash.clear();
      this.#byLineHash.clear();
      this.#keys.clear();
      this.#records = [];
      if (this.#wide) {
        // A column outside the builder's varies by row: key on what the builder reads from now on.
        this.#wide = false;
        this.#layOut();
        return;
      }
    }
    const template = this.#records.length;
    this.#records.push(record);
    this.#byHash.set(this.#hash, this.#keys.add(ends, bytes, template, -1));
    this.#rememberLine(row, template);
  }

  /** Keeps the line key of `row` too, when the row is a whole line without quotes. */
  #rememberLine(row: CsvRecord, template: number): void {
    const holes = this.#holes;
    const last = row.fieldCount - 1;
    if (holes.length === 0 || last < (holes[holes.length - 1] as number)) return;
    const start = row.starts[0] as number;
    const end = row.ends[last] as number;
    // A quoted field has a quote in [start, end]: its closing one, or its opening one after field 0.
    for (let i = start; i <= end && i < row.bytes.length; i++) if (row.bytes[i] === QUOTE) return;
    const data = this.#views.of(row.bytes).data;
    const holeStarts = this.holeStarts;
    const holeEnds = this.holeEnds;
    for (let hole = 0; hole < holes.length; hole++) {
      holeStarts[hole] = row.starts[holes[hole] as number] as number;
      holeEnds[hole] = row.ends[holes[hole] as number] as number;
    }
    const ends = new Int32Array(holes.length + 1);
    const bytes = new Uint8Array(end - start - holeEnds.reduce((sum, e, h) => sum + e - (holeStarts[h] as number), 0));
    let at = 0;
    let hash = holes.length;
    for (let run = 0; run <= holes.length; run++) {
      const from = run === 0 ? start : (holeEnds[run - 1] as number);
      const to = run === holes.length ? end : (holeStarts[run] as number);
      bytes.set(row.bytes.subarray(from, to), at);
      at += to - from;
      ends[run] = at;
      hash = hashRun(hash, row.bytes, data, from, to);
    }
    this.#byLineHash.set(hash, this.#keys.add(ends, bytes, template, this.#byLineHash.get(hash) ?? -1));
  }
}
