/**
 * Row shapes of CSV flow logs, for readers that aggregate. A firewall logs millions of rows but few
 * shapes: the destination, port, protocol, action, rule path and firewall repeat, only the time and
 * the source vary. The first row of a shape is built by the table's row builder (tables.ts) like any
 * other; later rows of the same bytes reuse that record as a template and only their time and source
 * are read — so both ways give the same evidence, and the builders stay the one definition of a row.
 *
 * A template is keyed by the exact bytes of every column the builder reads except the time, the source
 * address and port, the URL and the web category (the last three are not aggregated). Rows whose
 * destination would come from the URL (no FQDN), rows with doubled quotes, and rows whose time,
 * source or source port the fast reading does not take as they are, go the ordinary way.
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

/** Not part of the key: read per row (time, source, source port) or not aggregated (URL, web category). */
const PER_ROW = new Set<number>([
  COLUMN.time,
  COLUMN.sourceIp,
  COLUMN.sourcePort,
  COLUMN.targetUrl,
  COLUMN.webCategory,
]);

const MAX_TEMPLATES = 4096;

interface Template {
  record: FlowRecord;
  /** The key fields' bytes, one after another; `ends[i]` is where field i ends. A Buffer for its native compare. */
  bytes: Buffer;
  ends: Int32Array;
}

export class TemplateCache {
  /** Field indices of the key columns in the header's order. */
  readonly #keyFields: Int32Array;
  readonly #fqdnField: number;
  readonly #byHash = new Map<number, Template>();
  /** The hash of the row last looked up, for `remember`. */
  #hash = 0;

  constructor(shape: RowShape) {
    const fields: number[] = [];
    for (let column = 0; column < COLUMN_COUNT; column++) {
      const index = shape.columnIndex[column] as number;
      if (index >= 0 && !PER_ROW.has(column)) fields.push(index);
    }
    this.#keyFields = Int32Array.from(fields.sort((a, b) => a - b));
    this.#fqdnField = shape.kind === 'AZFWApplicationRule' ? (shape.columnIndex[COLUMN.fqdn] as number) : -1;
  }

  /** A cache for a header, when its table is one templates stand for. */
  static for(shape: RowShape): TemplateCache | undefined {
    return TEMPLATE_TABLES.has(shape.kind as LogTable) ? new TemplateCache(shape) : undefined;
  }

  /**
   * The template of this row, or undefined (a new shape, or a row to read the ordinary way). Also
   * computes the row's hash for `remember`; returns null when the row must not become a template.
   */
  find(record: CsvRecord): Template | undefined | null {
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
    const template = this.#byHash.get(hash);
    if (template === undefined) return undefined;
    // Equal hashes are not equal rows: compare the bytes.
    const known = template.bytes;
    const knownEnds = template.ends;
    let at = 0;
    for (let k = 0; k < keyFields.length; k++) {
      const field = keyFields[k] as number;
      const start = starts[field] as number;
      const end = ends[field] as number;
      const length = end - start;
      if ((knownEnds[k] as number) - at !== length) return undefined;
      if (length > 32) {
        // Long values (the firewall's ARM id): one native compare beats a loop over the bytes.
        if (known.compare(bytes, start, end, at, at + length) !== 0) return undefined;
        at += length;
      } else {
        for (let i = start; i < end; i++, at++) if (known[at] !== bytes[i]) return undefined;
      }
    }
    return template;
  }

  /** Keeps `record`, built from the row last given to `find`, as the template of its bytes. */
  remember(row: CsvRecord, record: FlowRecord): void {
    const keyFields = this.#keyFields;
    let size = 0;
    for (let k = 0; k < keyFields.length; k++) {
      const field = keyFields[k] as number;
      size += (row.ends[field] as number) - (row.starts[field] as number);
    }
    const bytes = Buffer.alloc(size);
    const ends = new Int32Array(keyFields.length);
    let at = 0;
    for (let k = 0; k < keyFields.length; k++) {
      const field = keyFields[k] as number;
      bytes.set(row.bytes.subarray(row.starts[field], row.ends[field]), at);
      at += (row.ends[field] as number) - (row.starts[field] as number);
      ends[k] = at;
    }
    if (this.#byHash.size >= MAX_TEMPLATES) this.#byHash.clear();
    this.#byHash.set(this.#hash, { record, bytes, ends });
  }
}
