/**
 * The emulated Log Analytics query API: `POST /v1/workspaces/{id}/query` and the resource-id form
 * `POST /v1/{workspace ARM id}/query`, answered by running the query (kql.ts)
 * over the workspace's tables within the request's `timespan`. The rows come from firewall log
 * exports (CSV or JSON rows, the fixtures the file path reads), so a test can compare the workspace
 * path with the file path over the very same rows.
 *
 * Limits as the service applies them: past `resultRowLimit` rows the answer is a 200 with the first
 * rows and a PartialError whose inner error is E_QUERY_RESULT_SET_TOO_LARGE (the SDK's
 * `PartialFailure`). `partialFailure` makes matching queries answer a different partial error (half
 * the rows, "a workspace did not respond"), which a narrower time range does not cure.
 */
import { readFile } from 'node:fs/promises';
import { recognizeColumns, TimestampParser } from '@aro-aks-audit/auditor';
import Papa from 'papaparse';
import { KqlError, type KqlRow, type KqlTable, type KqlValue, runKql } from './kql.ts';
import type { EmulatorHandler, EmulatorRequest, EmulatorResponse } from './types.ts';

/** Columns Log Analytics types as numbers in the firewall tables. */
const NUMERIC_COLUMNS = new Set([
  'SourcePort',
  'DestinationPort',
  'TranslatedPort',
  'ApplicationRuleCount',
  'NetworkRuleCount',
  'NatRuleCount',
  'Severity',
]);

/** One exported row as the workspace holds it: typed values, `TimeGenerated` a Date, `_ResourceId` lower case. */
function typedRow(raw: Record<string, unknown>, timestamps: TimestampParser): KqlRow | undefined {
  const row: KqlRow = {};
  for (const [rawName, value] of Object.entries(raw)) {
    const name = rawName.replace(/\s*\[[^\]]*\]$/, '').trim();
    const text = value === null || value === undefined ? '' : String(value);
    if (name === 'TimeGenerated') {
      const time = timestamps.fromText(text);
      if (Number.isNaN(time)) return undefined;
      row[name] = new Date(time);
    } else if (NUMERIC_COLUMNS.has(name)) row[name] = text === '' ? null : Number(text);
    else row[name] = text;
  }
  // Every Log Analytics table has _ResourceId (lower case); AzureDiagnostics also keeps ResourceId as sent.
  const resourceId = row._ResourceId ?? row.ResourceId;
  row._ResourceId = typeof resourceId === 'string' ? resourceId.toLowerCase() : '';
  return row;
}

/** Rows of one export file: CSV with a header, a JSON array of row objects, or the query API's `{tables}`. */
async function rowsOfFile(path: string): Promise<Record<string, unknown>[]> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as Record<string, unknown>[];
  if (trimmed.startsWith('{')) {
    const response = JSON.parse(trimmed) as { tables?: { columns: { name: string }[]; rows: unknown[][] }[] };
    return (response.tables ?? []).flatMap((table) =>
      table.rows.map((values) => Object.fromEntries(table.columns.map((c, i) => [c.name, values[i]]))),
    );
  }
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  return parsed.data;
}

/**
 * A workspace's tables from firewall log exports: each row goes to the table its columns (or its
 * `Type`) name, as Log Analytics stores it. Rows that are not firewall rows, or have no time, are left
 * out (the workspace would not hold them in these tables).
 */
export async function workspaceTablesFromFiles(paths: readonly string[]): Promise<Map<string, KqlTable>> {
  const tables = new Map<string, KqlTable>();
  const timestamps = new TimestampParser();
  for (const path of paths) {
    for (const raw of await rowsOfFile(path)) {
      const shape = recognizeColumns(Object.keys(raw));
      if (typeof shape === 'string') continue;
      const row = typedRow(raw, timestamps);
      if (!row) continue;
      const type = typeof row.Type === 'string' && row.Type !== '' ? row.Type : shape.kind;
      const name = shape.kind === 'AzureDiagnostics' ? 'AzureDiagnostics' : type;
      const table = tables.get(name) ?? { columns: [], rows: [] };
      for (const column of Object.keys(row)) if (!table.columns.includes(column)) table.columns.push(column);
      table.rows.push(row);
      tables.set(name, table);
    }
  }
  return tables;
}

export interface LogAnalyticsEmulatorOptions {
  /** Workspaces by id: a GUID (`/v1/workspaces/{id}/query`) or an ARM id (`/v1/{id}/query`). */
  workspaces: Record<string, ReadonlyMap<string, KqlTable>>;
  /** Rows past which a result is cut with E_QUERY_RESULT_SET_TOO_LARGE (the service's is 500,000). */
  resultRowLimit?: number;
  /** Queries (by their text) answered with half their rows and a partial error a split does not cure. */
  partialFailure?: RegExp;
}

/** `start/end`, `start/duration`, `duration/end` or a duration (ISO 8601) as a half-open range. */
function timespanRange(timespan: unknown, now: number): { from: number; to: number } | undefined {
  if (typeof timespan !== 'string' || timespan === '') return undefined;
  const duration = (text: string) => {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
    if (!m) return Number.NaN;
    return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
  };
  const [a = '', b] = timespan.split('/');
  if (b === undefined) return { from: now - duration(a), to: now };
  const start = Date.parse(a);
  const end = Date.parse(b);
  if (!Number.isNaN(start) && !Number.isNaN(end)) return { from: start, to: end };
  if (!Number.isNaN(start)) return { from: start, to: start + duration(b) };
  return { from: end - duration(a), to: end };
}

const error = (status: number, code: string, message: string, inner?: string): EmulatorResponse => ({
  status,
  body: {
    error: {
      code,
      message,
      ...(inner && {
        details: [{ code: 'SemanticError', message: inner, innererror: { code: 'SYN0002', message: inner } }],
      }),
    },
  },
});

function columnType(values: KqlValue[]): string {
  const present = values.find((v) => v !== null);
  if (present instanceof Date) return 'datetime';
  if (Array.isArray(present)) return 'dynamic';
  if (typeof present === 'number') return 'long';
  if (typeof present === 'boolean') return 'bool';
  return 'string';
}

function responseTable(table: KqlTable, rows: KqlRow[]) {
  const types = table.columns.map((c) => columnType(rows.map((r) => r[c] ?? null)));
  return {
    name: 'PrimaryResult',
    columns: table.columns.map((name, i) => ({ name, type: types[i] })),
    rows: rows.map((row) =>
      table.columns.map((c, i) => {
        const value = row[c] ?? null;
        if (value instanceof Date) return value.toISOString();
        // Dynamic values travel as JSON text, as the service sends them.
        if (types[i] === 'dynamic') return JSON.stringify(value);
        return value;
      }),
    ),
  };
}

/** The workspace a request names, if it is a query request. */
function workspaceOf(request: EmulatorRequest): string | undefined {
  const path = decodeURIComponent(request.url.pathname);
  const byId = /^\/v1\/workspaces\/([^/]+)\/query$/i.exec(path);
  if (byId) return byId[1];
  const byResource = /^\/v1(\/subscriptions\/.+)\/query$/i.exec(path);
  return byResource?.[1];
}

export function logAnalyticsHandler(options: LogAnalyticsEmulatorOptions): EmulatorHandler {
  const workspaces = new Map(Object.entries(options.workspaces).map(([id, tables]) => [id.toLowerCase(), tables]));
  return (request) => {
    if (!/^\/v1\//i.test(request.url.pathname)) return undefined;
    const workspace = workspaceOf(request);
    if (workspace === undefined) return undefined;
    if (request.method !== 'POST') return error(405, 'MethodNotAllowed', `${request.method} is not supported`);
    const tables = workspaces.get(workspace.toLowerCase());
    if (!tables) return error(404, 'WorkspaceNotFoundError', `The workspace could not be found: ${workspace}`);
    const body = request.body as { query?: unknown; timespan?: unknown } | undefined;
    if (typeof body?.query !== 'string')
      return error(400, 'BadArgumentError', 'The request had some invalid properties');
    const range = timespanRange(body.timespan, Date.now());
    const inRange = new Map<string, KqlTable>();
    for (const [name, table] of tables) {
      inRange.set(name, {
        columns: table.columns,
        rows: range
          ? table.rows.filter((row) => {
              const time = row.TimeGenerated;
              return time instanceof Date && time.getTime() >= range.from && time.getTime() < range.to;
            })
          : table.rows,
      });
    }
    let result: KqlTable;
    try {
      result = runKql(body.query, inRange);
    } catch (e) {
      if (e instanceof KqlError) {
        return error(400, 'BadArgumentError', 'The request had some invalid properties', e.message);
      }
      throw e;
    }
    const limit = options.resultRowLimit;
    if (limit !== undefined && result.rows.length > limit) {
      return {
        status: 200,
        body: {
          tables: [responseTable(result, result.rows.slice(0, limit))],
          error: {
            code: 'PartialError',
            message: 'There were some errors when processing your query.',
            details: [
              {
                code: 'EngineError',
                message: 'Something went wrong processing your query on the server.',
                innererror: {
                  code: '-2133196797',
                  message: `Query result set has exceeded the internal record count limit ${limit} (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)`,
                  severity: 2,
                  severityName: 'Error',
                },
              },
            ],
          },
        },
      };
    }
    if (options.partialFailure?.test(body.query)) {
      return {
        status: 200,
        body: {
          tables: [responseTable(result, result.rows.slice(0, Math.ceil(result.rows.length / 2)))],
          error: {
            code: 'PartialError',
            message: 'There were some errors when processing your query.',
            details: [
              {
                code: 'InternalServerError',
                message: 'A workspace did not respond in time; results may be incomplete.',
              },
            ],
          },
        },
      };
    }
    return { status: 200, body: { tables: [responseTable(result, result.rows)] } };
  };
}

/** A diagnostic setting of a resource, as ARM returns it (`Microsoft.Insights/diagnosticSettings`). */
export interface EmulatedDiagnosticSetting {
  name: string;
  /** The workspace's ARM id. */
  workspaceId?: string;
  logs: { category?: string; categoryGroup?: string; enabled: boolean }[];
  /** `Dedicated`: resource-specific tables; absent: AzureDiagnostics. */
  logAnalyticsDestinationType?: string;
}

/**
 * `GET {resource id}/providers/Microsoft.Insights/diagnosticSettings`: the settings given for the
 * resource (an empty list for any other resource, as ARM answers for a resource without settings).
 */
export function diagnosticSettingsHandler(settings: Record<string, EmulatedDiagnosticSetting[]>): EmulatorHandler {
  const byResource = new Map(Object.entries(settings).map(([id, list]) => [id.toLowerCase(), list]));
  return (request) => {
    const match = /^(\/subscriptions\/.+)\/providers\/microsoft\.insights\/diagnosticsettings\/?$/i.exec(
      decodeURIComponent(request.url.pathname),
    );
    if (!match) return undefined;
    if (request.method !== 'GET') return error(405, 'MethodNotAllowed', `${request.method} is not supported`);
    const resourceId = match[1] as string;
    return {
      status: 200,
      body: {
        value: (byResource.get(resourceId.toLowerCase()) ?? []).map((s) => ({
          id: `${resourceId}/providers/microsoft.insights/diagnosticSettings/${s.name}`,
          type: 'Microsoft.Insights/diagnosticSettings',
          name: s.name,
          properties: {
            ...(s.workspaceId && { workspaceId: s.workspaceId }),
            logs: s.logs.map((l) => ({ ...l, retentionPolicy: { enabled: false, days: 0 } })),
            metrics: [],
            ...(s.logAnalyticsDestinationType && { logAnalyticsDestinationType: s.logAnalyticsDestinationType }),
          },
        })),
      },
    };
  };
}
