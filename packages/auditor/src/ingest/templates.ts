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

/** Where rows that repeat a template go: see FlowAggregator.addFlow and newTemplateId. */
export interface FlowTemplateSink {
  addFlow(template: FlowRecord, templateId: number, sourceIp: number, time: number): void;
  /** An id for a new template, never given before (a number is found faster than an object). */
  newTemplateId(): number;
}

/** Tables whose rows the templates stand for: one row is one flow, its count 1. */
const TEMPLATE_TABLES = new Set<string>(['AZFWApplicationRule', 'AZFWNetworkRule']);

/** Never part of the key: read per row (time, source, source port) or different on most rows (URL). */
const PER_ROW = new Set<number>([COLUMN.time, COLUMN.sourceIp, COLUMN.sourcePort, COLUMN.targetUrl]);

const MAX_TEMPLATES = 4096;
/**
 * The word masks of findHoles and equalsRun take byte k of an Int32 as its bits 8k–8k+7. On a
 * big-endian machine (s390x) there are no templates: every row is read the ordinary way.
 */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Where a key's fields are (Int32s): the next key of its hash (-1: none), its template's index. */
const NEXT = 0;
const TEMPLATE = 1;
/** Then, a run each, where its bytes are in the run store and how many there are. */
const RUN_LIST = 2;

/**
 * The keys of a cache's templates. Every row compares a key (~250 bytes: the rule path, the firewall's
 * ARM id), so its layout is what a row costs:
 * - keys are Int32s one after another, chained by offset (a Map from hash to its first key): a lookup
 *   reads a cache line or two, where an object per template with its own arrays cost a dependent miss
 *   a hop;
 * - a key holds where its runs' bytes are, and each distinct run is kept once (`runs`) however many
 *   keys share it: the firewall's ARM id ends every line and a rule path ends thousands, so the bytes a
 *   row is compared with stay in the CPU cache, where a copy per key (~1 MB for 4,000 keys) did not.
 * - each run is kept four times, its copy k starting at an offset that is k modulo 4 (copy 0 at the
 *   run's offset, copy k at k × runStride(length) + k after it): a line's bytes are compared with the
 *   copy of their own alignment in whole Int32 words, 30–40 % faster than DataView loads of the same
 *   bytes for the 250-byte rest of a typical line.
 */
class KeyArena {
  keys = new Int32Array(1 << 12);
  #size = 0;
  /** The runs' bytes, each run four times (see runStride). */
  runBytes = new Uint8Array(1 << 14);
  /** Views of runBytes: a run's copy 0 is where its key says, read by DataView when a row is split. */
  runs = new DataView(this.runBytes.buffer);
  runWords = new Int32Array(this.runBytes.buffer);
  #runSize = 0;
  /** A run's bytes' hash → where runs of that hash are. */
  readonly #runsByHash = new Map<number, number[]>();

  /** Keeps a key of the runs `source[froms[r], tos[r])` for `template`, before `next`; returns where it is. */
  add(source: Uint8Array, froms: ArrayLike<number>, tos: ArrayLike<number>, template: number, next: number): number {
    const at = this.#size;
    const size = at + RUN_LIST + 2 * froms.length;
    if (size > this.keys.length) {
      const grown = new Int32Array(Math.max(size, 2 * this.keys.length));
      grown.set(this.keys.subarray(0, at));
      this.keys = grown;
    }
    const keys = this.keys;
    keys[at + NEXT] = next;
    keys[at + TEMPLATE] = template;
    for (let run = 0; run < froms.length; run++) {
      const from = froms[run] as number;
      const to = tos[run] as number;
      keys[at + RUN_LIST + 2 * run] = this.#run(source, from, to);
      keys[at + RUN_LIST + 2 * run + 1] = to - from;
    }
    this.#size = size;
    return at;
  }

  /** Where `source[from, to)` is in the run store, added when no run there has its bytes. */
  #run(source: Uint8Array, from: number, to: number): number {
    let hash = to - from;
    for (let i = from; i < to; i++) hash = (Math.imul(hash, 31) + (source[i] as number)) | 0;
    const sameHash = this.#runsByHash.get(hash);
    const line = new DataView(source.buffer, source.byteOffset, source.byteLength);
    for (const at of sameHash ?? []) if (equalBytes(this.runs, at, line, from, to - from)) return at;
    const at = this.#runSize;
    const stride = runStride(to - from);
    if (at + 4 * stride > this.runBytes.length) {
      const grown = new Uint8Array(Math.max(at + 4 * stride, 2 * this.runBytes.length));
      grown.set(this.runBytes.subarray(0, at));
      this.runBytes = grown;
      this.runs = new DataView(grown.buffer);
      this.runWords = new Int32Array(grown.buffer);
    }
    for (let copy = 0; copy < 4; copy++) this.runBytes.set(source.subarray(from, to), at + copy * stride + copy);
    this.#runSize = at + 4 * stride;
    if (sameHash === undefined) this.#runsByHash.set(hash, [at]);
    else sameHash.push(at);
    return at;
  }

  clear(): void {
    this.#size = 0;
    this.#runSize = 0;
    this.#runsByHash.clear();
  }
}

/** How far apart the four copies of a run of `length` bytes are: a multiple of 4 with room for the shift. */
export function runStride(length: number): number {
  return (length + 7) & ~3;
}

/**
 * Whether the line's bytes at `base + from` (in the buffer `words` views as Int32s) equal the `length`
 * bytes of the run whose copy 0 is at `run`: the copy of the same alignment is compared word by word,
 * its first and last words masked to the run's bytes (little-endian: byte k of a word is bits 8k–8k+7),
 * without a branch per byte. A line in the last 0–3 bytes of its buffer, outside `words`, compares
 * unequal and goes the ordinary way.
 */
export function equalsRun(
  runWords: Int32Array,
  run: number,
  words: Int32Array,
  base: number,
  from: number,
  length: number,
) {
  if (length === 0) return true;
  const start = base + from;
  const shift = start & 3;
  const runFirst = (run + shift * runStride(length) + shift) >> 2;
  const first = start >> 2;
  const last = (start + length - 1) >> 2;
  const headMask = -1 << (8 * shift);
  const endBytes = (start + length) & 3;
  const tailMask = endBytes === 0 ? -1 : (1 << (8 * endBytes)) - 1;
  if (first === last) return (((words[first] as number) ^ (runWords[runFirst] as number)) & headMask & tailMask) === 0;
  if ((((words[first] as number) ^ (runWords[runFirst] as number)) & headMask) !== 0) return false;
  const words1 = last - first;
  for (let w = 1; w < words1; w++) if (words[first + w] !== runWords[runFirst + w]) return false;
  return (((words[last] as number) ^ (runWords[runFirst + words1] as number)) & tailMask) === 0;
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
 * the line has fewer fields (or lies in the last 0–3 bytes of its buffer, outside `words`: it then goes
 * the ordinary way). The line is read four bytes at a time through `words`, an Int32 view of `bytes`'
 * whole ArrayBuffer, its first and last words masked to the line: for x = word ^ the delimiter in every
 * byte, `~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f)` has the high bit of exactly the bytes that
 * are the delimiter, taken lowest first by their bit (a byte loop costs about 3 ns a byte here, and
 * taking a hit word byte by byte branched on every byte).
 */
export function findHoles(
  bytes: Uint8Array,
  words: Int32Array,
  start: number,
  end: number,
  delimiter: number,
  holes: Int32Array,
  holeStarts: Int32Array,
  holeEnds: Int32Array,
): boolean {
  const base = bytes.byteOffset;
  const first = (base + start) >> 2;
  const last = (base + end - 1) >> 2;
  if (end <= start || last >= words.length) return false;
  const pattern = Math.imul(delimiter, 0x01010101);
  const headMask = -1 << (8 * ((base + start) & 3));
  const endBytes = (base + end) & 3;
  const tailMask = endBytes === 0 ? -1 : (1 << (8 * endBytes)) - 1;
  let hole = 0;
  let target = holes[0] as number;
  let field = 0;
  let fieldStart = start;
  for (let word = first; word <= last; word++) {
    const x = (words[word] as number) ^ pattern;
    let hits = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | 0 | x | 0x7f7f7f7f);
    if (word === first) hits &= headMask;
    if (word === last) hits &= tailMask;
    while (hits !== 0) {
      const at = word * 4 - base + ((31 - Math.clz32(hits & -hits)) >> 3);
      if (field === target) {
        holeStarts[hole] = fieldStart;
        holeEnds[hole] = at;
        if (++hole === holes.length) return true;
        target = holes[hole] as number;
      }
      field++;
      fieldStart = at + 1;
      hits &= hits - 1;
    }
  }
  // The line's last field ends at its end.
  if (field !== target) return false;
  holeStarts[hole] = fieldStart;
  holeEnds[hole] = end;
  return hole + 1 === holes.length;
}

/**
 * Whether the runs of a line between its holes equal the key at `key`: run 0 is [start,
 * holeStarts[0]), run j is [holeEnds[j-1], holeStarts[j]), the last is [holeEnds[last], end); `line` is
 * the line's bytes and `words` an Int32 view of their whole buffer.
 */
function runsEqual(
  arena: KeyArena,
  key: number,
  line: Uint8Array,
  words: Int32Array,
  start: number,
  end: number,
  holeStarts: Int32Array,
  holeEnds: Int32Array,
): boolean {
  const { keys, runWords } = arena;
  const base = line.byteOffset;
  const holes = holeStarts.length;
  for (let run = 0; run <= holes; run++) {
    const from = run === 0 ? start : (holeEnds[run - 1] as number);
    const to = run === holes ? end : (holeStarts[run] as number);
    const length = keys[key + RUN_LIST + 2 * run + 1] as number;
    if (
      length !== to - from ||
      !equalsRun(runWords, keys[key + RUN_LIST + 2 * run] as number, words, base, from, length)
    ) {
      return false;
    }
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
  /** The templates' ids (FlowTemplateSink.newTemplateId), by the same index. */
  #ids: number[] = [];
  /** The id of the template matchLine or find returned last. */
  matchedId = -1;
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
    return LITTLE_ENDIAN && TEMPLATE_TABLES.has(shape.kind as LogTable)
      ? new TemplateCache(shape, fieldCount, delimiter)
      : undefined;
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
    const arena = this.#keys;
    const keys = arena.keys;
    for (let key = this.#byLineHash.get(hash) ?? -1; key !== -1; key = keys[key + NEXT] as number) {
      if (runsEqual(arena, key, bytes, views.words, start, end, holeStarts, holeEnds)) {
        this.matchedId = this.#ids[keys[key + TEMPLATE] as number] as number;
        return this.#records[keys[key + TEMPLATE] as number];
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
    const { keys, runs } = this.#keys;
    const line = this.#views.of(bytes).data;
    const base = bytes.byteOffset;
    for (let k = 0; k < keyFields.length; k++) {
      const start = starts[keyFields[k] as number] as number;
      const length = (ends[keyFields[k] as number] as number) - start;
      const run = key + RUN_LIST + 2 * k;
      if (keys[run + 1] !== length || !equalBytes(runs, keys[run] as number, line, base + start, length)) {
        return undefined;
      }
    }
    this.matchedId = this.#ids[keys[key + TEMPLATE] as number] as number;
    return this.#records[keys[key + TEMPLATE] as number];
  }

  /** Keeps `record`, built from the row last given to `find`, as the template of its bytes, with its id. */
  remember(row: CsvRecord, record: FlowRecord, id: number): void {
    if (this.#records.length >= MAX_TEMPLATES) {
      this.#byHash.clear();
      this.#byLineHash.clear();
      this.#keys.clear();
      this.#records = [];
      this.#ids = [];
      if (this.#wide) {
        // A column outside the builder's varies by row: key on what the builder reads from now on.
        this.#wide = false;
        this.#layOut();
        return;
      }
    }
    const template = this.#records.length;
    this.#records.push(record);
    this.#ids.push(id);
    const keyFields = Array.from(this.#keyFields);
    const starts = keyFields.map((field) => row.starts[field] as number);
    const ends = keyFields.map((field) => row.ends[field] as number);
    this.#byHash.set(this.#hash, this.#keys.add(row.bytes, starts, ends, template, -1));
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
    // The runs between the holes: from the line's start or a hole's end to the next hole's start or the line's end.
    const froms = [start, ...Array.from(holes, (field) => row.ends[field] as number)];
    const tos = [...Array.from(holes, (field) => row.starts[field] as number), end];
    let hash = holes.length;
    for (let run = 0; run <= holes.length; run++)
      hash = hashRun(hash, row.bytes, data, froms[run] as number, tos[run] as number);
    this.#byLineHash.set(hash, this.#keys.add(row.bytes, froms, tos, template, this.#byLineHash.get(hash) ?? -1));
  }
}
