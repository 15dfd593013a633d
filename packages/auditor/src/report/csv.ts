import Papa from 'papaparse';
import type { AuditResult, Finding } from '../model/finding.ts';
import { visibleText } from './visible-text.ts';

/**
 * `findings.csv`: one row per finding, columns stable and documented in README.md. Cells that a
 * spreadsheet would run as a formula (starting with = + - @ tab or CR) are neutralised by papaparse's
 * escapeFormulae, because rule and resource names are user-controlled; terminal escapes and bidi
 * controls are shown as `\uXXXX` (visibleText), since a CSV is read in terminals too.
 */
export const CSV_COLUMNS = [
  'id',
  'status',
  'severity',
  'check_id',
  'code',
  'title',
  'message',
  'resource_id',
  'resource_name',
  'resource_type',
  'subject',
  'cluster_name',
  'cluster_kind',
  'endpoint_destination',
  'endpoint_protocol',
  'endpoint_port',
  'evidence',
  'remediation',
  'remediation_cli',
  'suppressed_reason',
] as const;

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

function toRow(finding: Finding): CsvRow {
  return {
    id: finding.id,
    status: finding.status,
    severity: finding.severity,
    check_id: finding.checkId,
    code: finding.code,
    title: finding.title,
    message: finding.message,
    resource_id: finding.resourceId,
    resource_name: finding.resource.name,
    resource_type: finding.resource.type,
    subject: finding.subject ?? '',
    cluster_name: finding.cluster?.name ?? '',
    cluster_kind: finding.cluster?.kind ?? '',
    endpoint_destination: finding.endpoint?.destination ?? '',
    endpoint_protocol: finding.endpoint?.protocol ?? '',
    endpoint_port: finding.endpoint?.port ?? '',
    evidence: finding.evidence.map((e) => (e.detail ? `${e.label}: ${e.detail}` : e.label)).join(' | '),
    remediation: finding.remediation.text,
    remediation_cli: finding.remediation.cli ?? '',
    suppressed_reason: finding.suppressed?.reason ?? '',
  };
}

/** CSV text with a header row, as spreadsheets expect; formula-like cells and acting characters are neutralised. */
export function toCsv(fields: readonly string[], rows: readonly (readonly string[])[]): string {
  return [...csvChunks(fields, rows)].join('');
}

/** Rows a piece of csvChunks holds: a tenant's findings.csv is 100 MB and more as one string. */
const ROWS_A_CHUNK = 2000;

/** toCsv's text in pieces of ROWS_A_CHUNK rows, each made as the rows are read. */
export function* csvChunks(fields: readonly string[], rows: Iterable<readonly string[]>): Generator<string> {
  const options = { newline: '\n', escapeFormulae: true };
  let batch: string[][] = [];
  let first = true;
  const flush = () => {
    const text = Papa.unparse({ fields: [...fields], data: batch }, { ...options, header: first });
    const piece = first ? text : `\n${text}`;
    first = false;
    batch = [];
    return piece;
  };
  for (const row of rows) {
    batch.push(row.map(visibleText));
    if (batch.length === ROWS_A_CHUNK) yield flush();
  }
  if (first || batch.length > 0) yield flush();
  yield '\n';
}

export function renderCsv(result: AuditResult): string {
  return [...renderCsvChunks(result)].join('');
}

/** findings.csv in pieces (renderCsv's text), for writing a tenant's findings without one huge string. */
export function renderCsvChunks(result: AuditResult): Generator<string> {
  function* rows() {
    for (const finding of result.findings) {
      const row = toRow(finding);
      yield CSV_COLUMNS.map((c) => row[c]);
    }
  }
  return csvChunks(CSV_COLUMNS, rows());
}
