/**
 * The rows of the presence and summarize queries (ingest/kql-summarize.ts) rebuilt as FlowRecords,
 * through the same row builders the file path uses, so the same LogEvidence comes out.
 */
import { LEGACY_CATEGORIES, RESOURCE_SPECIFIC_TABLES, type SummarizedTable } from '../../ingest/kql-summarize.ts';
import type { ValuesRowSource } from '../../ingest/parser.ts';
import { buildRecord, COLUMN, columnOfName, isRowProblem, type RowKind } from '../../ingest/tables.ts';
import type { FlowRecord, LogTable } from '../../model/flows.ts';
import { iso, type Row } from './log-query.ts';

/** Epoch ms of a datetime cell (a Date from the SDK; text when the column type was not datetime). */
export function timeOf(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && value !== '') {
    const time = Date.parse(value);
    return Number.isNaN(time) ? undefined : time;
  }
  return undefined;
}

/** A dynamic cell as a string array (the SDK parses dynamic columns; the text form is parsed here). */
function stringsOf(value: unknown): string[] {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return [];
    }
  }
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

const LEGACY_TABLES = new Set<string>(LEGACY_CATEGORIES);

/** Tables (and legacy categories) found by the presence query, the hours they cover and the firewalls they name. */
export interface Presence {
  tables: Set<LogTable>;
  legacy: boolean;
  hours: Set<number>;
  firewallIds: Set<string>;
}

export function presenceOf(rows: Row[]): Presence {
  const presence: Presence = { tables: new Set(), legacy: false, hours: new Set(), firewallIds: new Set() };
  for (const row of rows) {
    const table = String(row.SourceTable ?? '');
    const category = String(row.Category ?? '');
    if (table === 'AzureDiagnostics') {
      if (!LEGACY_TABLES.has(category)) continue;
      presence.legacy = true;
      presence.tables.add(category as LogTable);
    } else if (RESOURCE_SPECIFIC_TABLES.some((t) => t.table === table)) presence.tables.add(table as LogTable);
    else continue;
    const hour = timeOf(row.Hour);
    if (hour !== undefined) presence.hours.add(hour);
    if (typeof row.FirewallId === 'string' && row.FirewallId !== '')
      presence.firewallIds.add(row.FirewallId.toLowerCase());
  }
  return presence;
}

/**
 * The rows of a summarize query as FlowRecords. A row stands for `Hits` flows from the groups'
 * `SampleSourceIps`: the record carries the first sample and the count, and zero-count records carry
 * the other samples and the last-seen time, so the aggregate's samples, first and last seen come out
 * as the file path computes them.
 */
export function* recordsOf(
  kind: RowKind,
  spec: SummarizedTable | undefined,
  row: Row,
  source: ValuesRowSource,
): Generator<FlowRecord | { rejected: string; rows: number }> {
  const rows = Number(row.Rows ?? 0);
  const hits = Number(row.Hits ?? rows);
  const firstSeen = timeOf(row.FirstSeen);
  const lastSeen = timeOf(row.LastSeen);
  const samples = stringsOf(row.SampleSourceIps);
  const [first] = samples;
  if (firstSeen === undefined || lastSeen === undefined || first === undefined) {
    yield { rejected: 'a summarized row without FirstSeen, LastSeen or a source address', rows };
    return;
  }
  source.clear();
  const set = (name: string, value: unknown) => {
    const column = name === 'Message' ? COLUMN.msg : columnOfName(name);
    if (column !== undefined && source.values[column] === undefined) source.values[column] = value;
  };
  for (const [name, value] of Object.entries(row)) {
    if (name === 'SourceGroup' || name === 'Hour' || name === 'FirstSeen' || name === 'LastSeen') continue;
    if (name === 'Rows' || name === 'Hits' || name === 'SampleSourceIps') continue;
    set(name, value);
  }
  set('TimeGenerated', iso(firstSeen));
  set('SourceIp', first);
  if (spec?.countColumn) set(spec.countColumn, hits);
  const built = buildRecord(kind, source);
  if (isRowProblem(built)) {
    yield { rejected: built.problem === 'rejected' ? built.reason : `ignored: ${built.reason}`, rows };
    return;
  }
  const record: FlowRecord = { ...built, sourceIp: first, count: hits };
  yield record;
  for (const ip of samples.slice(1)) yield { ...record, sourceIp: ip, count: 0 };
  if (lastSeen !== firstSeen) yield { ...record, time: lastSeen, count: 0 };
}
