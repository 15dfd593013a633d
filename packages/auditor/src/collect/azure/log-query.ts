/**
 * Log Analytics queries through the SDK, and the splitting of a time range whose result the service
 * cut short for its size limits (a PartialError, E_QUERY_RESULT_SET_TOO_LARGE, or a query that ran out
 * of time or memory): asked again in two halves, down to `minSplitMs`; what still fails is said.
 */
import { LogsQueryClient, type LogsQueryResult, type LogsTable } from '@azure/monitor-query-logs';
import { type AzureConnection, sdkPipelineOptions } from './arm-reader.ts';

/** Where a workspace's logs are read from, and which firewalls' rows. */
export interface LogAnalyticsTarget {
  /** The workspace id (a GUID, its customer id) or its ARM resource id. */
  workspace: string;
  /** Only these firewalls' rows (ARM ids); every firewall row in the workspace when absent. */
  firewallIds?: string[];
}

export interface LogQueryWindow {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

/** The Log Analytics role a reader needs, said whenever the service refuses. */
export const LOG_READER_ROLE =
  'Log Analytics Reader on the workspace (or Reader on the firewall, with resource-context access to its logs)';

function isArmId(workspace: string): boolean {
  return workspace.trim().startsWith('/');
}

/**
 * The SDK's client for the API base, and the raw `error` of the last query response. The SDK keeps a
 * partial error's code and message but drops `details[].innererror`, which is where the service says
 * why (E_QUERY_RESULT_SET_TOO_LARGE): a pipeline policy keeps it so a size limit can be told from
 * other partial failures. Queries are sent one at a time, so "the last response" is the one at hand.
 */
export interface LogsQuerier {
  client: LogsQueryClient;
  lastResponseError(): unknown;
}

export function createLogsQueryClient(connection: AzureConnection): LogsQuerier {
  const client = new LogsQueryClient(connection.credential, {
    ...sdkPipelineOptions(connection),
    // `/v1` is part of the endpoint the SDK wants; the token is for the cloud's Log Analytics audience.
    endpoint: `${connection.endpoints.logs.replace(/\/+$/, '')}/v1`,
    credentials: { scopes: [connection.endpoints.logsScope] },
  });
  let lastError: unknown;
  client.pipeline.addPolicy({
    name: 'aroAksAuditKeepQueryError',
    sendRequest: async (request, next) => {
      lastError = undefined;
      const response = await next(request);
      const text = response.bodyAsText;
      if (text?.includes('"error"')) {
        try {
          lastError = (JSON.parse(text) as { error?: unknown }).error;
        } catch {
          // Not JSON: the SDK reports it.
        }
      }
      return response;
    },
  });
  return { client, lastResponseError: () => lastError };
}

/** What went wrong with an SDK request (a RestError), with the role to ask for when the service refused. */
export function describeQueryError(error: unknown, role: string): string {
  const status = (error as { statusCode?: number } | undefined)?.statusCode;
  // The service's reason is often in the details (a query it cannot compile names the table or column).
  const details = (
    (error as { details?: { error?: { details?: { message?: string }[] } } }).details?.error?.details ?? []
  )
    .map((d) => d.message)
    .filter((m): m is string => typeof m === 'string' && m !== '');
  const first = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const message = details.length > 0 ? `${first} (${details.join('; ')})` : first;
  if (status === 401 || status === 403) return `access denied (HTTP ${status}: ${message}); this needs ${role}`;
  return status !== undefined ? `HTTP ${status}: ${message}` : message;
}

/**
 * The Kusto engine's HRESULTs for a size or resource limit (errorsinnativecode.md: E_RUNAWAY_QUERY
 * 0x80DA0001, E_QUERY_RESULT_SET_TOO_LARGE 0x80DA0003, E_LOW_MEMORY_CONDITION 0x80DA0007), as the
 * service writes them in an innererror's `code`: a signed decimal (`-2133196797`). The code is what
 * tells: a message such as `The results of this query exceed the set limit of 1 records.` names no
 * constant.
 */
const LIMIT_HRESULTS = new Set([0x80da0001, 0x80da0003, 0x80da0007].map((h) => h - 2 ** 32));

function codesOf(error: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(error)) for (const item of error) codesOf(item, out);
  else if (typeof error === 'object' && error !== null) {
    for (const [key, value] of Object.entries(error)) {
      if (key === 'code') out.push(value);
      else codesOf(value, out);
    }
  }
  return out;
}

/** Says whether a partial error is the service's size or resource limit, which a narrower time range avoids. */
export function isLimitError(error: unknown): boolean {
  if (codesOf(error).some((code) => LIMIT_HRESULTS.has(Number(code)))) return true;
  const text = JSON.stringify(error) ?? '';
  return /E_QUERY_RESULT_SET_TOO_LARGE|E_RUNAWAY_QUERY|E_LOW_MEMORY_CONDITION|exceeded the (?:internal )?(?:record count|data size)|exceed the set limit|result set .*too large|ResponsePayloadTooLarge|query execution has exceeded the allowed limits/i.test(
    text,
  );
}

function errorText(error: unknown): string {
  const e = error as {
    code?: string;
    message?: string;
    innererror?: { message?: string };
    details?: { innererror?: { message?: string } }[];
  };
  const inner = e.innererror?.message ?? e.details?.map((d) => d.innererror?.message).find(Boolean);
  return [e.code, e.message, inner].filter(Boolean).join(': ') || JSON.stringify(error);
}

/** One result row, by column name. */
export type Row = Record<string, unknown>;

function rowsOf(tables: LogsTable[]): Row[] {
  const rows: Row[] = [];
  for (const table of tables) {
    const names = table.columnDescriptors.map((c) => c.name ?? '');
    for (const values of table.rows) {
      const row: Row = {};
      names.forEach((name, i) => {
        row[name] = values[i];
      });
      rows.push(row);
    }
  }
  return rows;
}

export const iso = (time: number) => new Date(time).toISOString();

export interface QueryRun {
  rows: Row[];
  /** What kept the result from being complete, when anything did. */
  problems: string[];
  queries: number;
}

/**
 * Runs `build(window)` over the window; a result cut short by the service's limits is asked again in
 * two halves (recursively), so the rows are complete unless a range narrower than `minSplitMs` still
 * exceeds them.
 */
export async function queryWindow(
  querier: LogsQuerier,
  target: LogAnalyticsTarget,
  build: (window: LogQueryWindow) => string,
  window: LogQueryWindow,
  minSplitMs: number,
): Promise<QueryRun> {
  const query = build(window);
  const timespan = { startTime: new Date(window.from), endTime: new Date(window.to) };
  let result: LogsQueryResult;
  try {
    // The resource route is `/v1/{resourceId}/query`: the id goes in without its leading slash.
    result = isArmId(target.workspace)
      ? await querier.client.queryResource(target.workspace.trim().replace(/^\/+/, ''), query, timespan)
      : await querier.client.queryWorkspace(target.workspace, query, timespan);
  } catch (error) {
    return {
      rows: [],
      problems: [
        `query for ${iso(window.from)}..${iso(window.to)} failed: ${describeQueryError(error, LOG_READER_ROLE)}`,
      ],
      queries: 1,
    };
  }
  if (result.status === 'Success') return { rows: rowsOf(result.tables), problems: [], queries: 1 };
  const partialError = querier.lastResponseError() ?? result.partialError;
  if (isLimitError(partialError) && window.to - window.from > minSplitMs) {
    const middle = window.from + Math.floor((window.to - window.from) / 2);
    const first = await queryWindow(querier, target, build, { from: window.from, to: middle }, minSplitMs);
    const second = await queryWindow(querier, target, build, { from: middle, to: window.to }, minSplitMs);
    return {
      rows: [...first.rows, ...second.rows],
      problems: [...first.problems, ...second.problems],
      queries: 1 + first.queries + second.queries,
    };
  }
  // The partial rows are kept (they are real), and the result is said to be incomplete.
  return {
    rows: rowsOf(result.partialTables),
    problems: [
      `the result for ${iso(window.from)}..${iso(window.to)} is partial (${errorText(partialError)})${
        isLimitError(partialError) ? `, even for a range of ${Math.round((window.to - window.from) / 1000)} s` : ''
      }`,
    ],
    queries: 1,
  };
}
