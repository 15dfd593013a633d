/**
 * Firewall logs from Log Analytics: the workspace(s) the firewalls send their logs to (their
 * diagnostic settings, or `--workspace`), queried with the aggregating KQL of ingest/kql-summarize.ts
 * over the window (`--since`, 7 days by default). The service returns one row per source group,
 * destination, port, protocol, action and deciding rule (and hour, for denies); each row becomes a
 * FlowRecord through the same row builders the file path uses, so the same LogEvidence comes out and
 * the same checks run.
 *
 * A result the service cut short for its size limits (a PartialError, E_QUERY_RESULT_SET_TOO_LARGE,
 * or a query that ran out of time or memory) is asked again in two halves of the time range, down
 * to `minSplitMs`; what still fails, and every other partial or failed query, is said in the
 * source's `error`: the evidence is then incomplete, never taken as complete.
 */

import { MonitorClient } from '@azure/arm-monitor';
import { LogsQueryClient, type LogsQueryResult, type LogsTable } from '@azure/monitor-query-logs';
import ipaddr from 'ipaddr.js';
import { createLogEvidenceBuilder } from '../../ingest/evidence.ts';
import {
  LEGACY_CATEGORIES,
  presenceQuery,
  RESOURCE_SPECIFIC_TABLES,
  type SummarizedTable,
  summarizeLegacyQuery,
  summarizeTableQuery,
} from '../../ingest/kql-summarize.ts';
import { ValuesRowSource } from '../../ingest/parser.ts';
import { classifierFor, type SourceGroup, sourceGroupsOf } from '../../ingest/sources.ts';
import { buildRecord, COLUMN, columnOfName, isRowProblem, type RowKind } from '../../ingest/tables.ts';
import type { FlowRecord, LogEvidence, LogSourceSummary, LogTable } from '../../model/flows.ts';
import type { Inventory } from '../../model/inventory.ts';
import { type AzureConnection, sdkPipelineOptions } from './arm-reader.ts';

export const DAY_MS = 86_400_000;

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

export interface LogAnalyticsQueryOptions {
  groups: readonly SourceGroup[];
  window: LogQueryWindow;
  /** The narrowest time range still split when the service says a result is too large (default 1 minute). */
  minSplitMs?: number;
  /** Rejected rows named in the summary (default 10). */
  maxRejectedSamples?: number;
}

/** The Log Analytics role a reader needs, said whenever the service refuses. */
const LOG_READER_ROLE =
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

/** Says whether a partial error is the service's size or resource limit, which a narrower time range avoids. */
export function isLimitError(error: unknown): boolean {
  const text = JSON.stringify(error) ?? '';
  return /E_QUERY_RESULT_SET_TOO_LARGE|E_RUNAWAY_QUERY|E_LOW_MEMORY_CONDITION|exceeded the (?:internal )?(?:record count|data size)|result set .*too large|ResponsePayloadTooLarge|query execution has exceeded the allowed limits/i.test(
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

type Row = Record<string, unknown>;

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

const iso = (time: number) => new Date(time).toISOString();

/** Epoch ms of a datetime cell (a Date from the SDK; text when the column type was not datetime). */
function timeOf(value: unknown): number | undefined {
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

interface QueryRun {
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
async function queryWindow(
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

/** `unknown6:<Kusto's full IPv6 form>` as the aggregator names it (`unknown:<prefix>::/64`). */
function _sourceGroupOf(kqlGroup: string): string {
  if (!kqlGroup.startsWith('unknown6:')) return kqlGroup;
  try {
    return `unknown:${ipaddr.IPv6.parse(kqlGroup.slice('unknown6:'.length)).toString()}/64`;
  } catch {
    return `unknown:${kqlGroup.slice('unknown6:'.length)}`;
  }
}

const LEGACY_TABLES = new Set<string>(LEGACY_CATEGORIES);

/** Tables (and legacy categories) found by the presence query, the hours they cover and the firewalls they name. */
interface Presence {
  tables: Set<LogTable>;
  legacy: boolean;
  hours: Set<number>;
  firewallIds: Set<string>;
}

function presenceOf(rows: Row[]): Presence {
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
function* recordsOf(
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

export interface LogAnalyticsEvidence {
  evidence: LogEvidence;
  /** Queries sent (the presence query, each table's summarize, and the halves of split ranges). */
  queries: number;
}

/**
 * Reads one workspace: which firewall tables have rows in the window, then each table's aggregate,
 * as LogEvidence with one LogSourceSummary (`Log Analytics workspace <id>`).
 */
export async function queryLogAnalytics(
  querier: LogsQuerier,
  target: LogAnalyticsTarget,
  options: LogAnalyticsQueryOptions,
): Promise<LogAnalyticsEvidence> {
  const minSplitMs = options.minSplitMs ?? 60_000;
  const maxSamples = options.maxRejectedSamples ?? 10;
  const summary: LogSourceSummary = {
    source: `Log Analytics workspace ${target.workspace} (${iso(options.window.from)} to ${iso(options.window.to)})`,
    tables: [],
    rowsRead: 0,
    rowsRejected: 0,
    rejected: [],
  };
  const problems: string[] = [];
  let queries = 0;
  const builder = createLogEvidenceBuilder(classifierFor(options.groups));
  const firewallIds = target.firewallIds;

  const presenceRun = await queryWindow(
    querier,
    target,
    (w) => presenceQuery(firewallIds, w),
    options.window,
    minSplitMs,
  );
  queries += presenceRun.queries;
  problems.push(...presenceRun.problems);
  const presence = presenceOf(presenceRun.rows);
  summary.tables = [...presence.tables].sort();

  const rejectedReasons = new Map<string, number>();
  const consume = (kind: RowKind, spec: SummarizedTable | undefined, rows: Row[]) => {
    const source = new ValuesRowSource();
    for (const row of rows) {
      for (const item of recordsOf(kind, spec, row, source)) {
        if ('rejected' in item) {
          summary.rowsRead += item.rows;
          summary.rowsRejected += item.rows;
          rejectedReasons.set(item.rejected, (rejectedReasons.get(item.rejected) ?? 0) + item.rows);
          continue;
        }
        builder.add(item);
        if (item.count === 0) continue;
        summary.rowsRead += Number(row.Rows ?? 0);
        const lastSeen = timeOf(row.LastSeen) ?? item.time;
        summary.firstSeen = Math.min(summary.firstSeen ?? item.time, item.time);
        summary.lastSeen = Math.max(summary.lastSeen ?? lastSeen, lastSeen);
      }
    }
  };
  for (const spec of RESOURCE_SPECIFIC_TABLES) {
    if (!presence.tables.has(spec.table)) continue;
    const run = await queryWindow(
      querier,
      target,
      (w) => summarizeTableQuery(spec, { groups: options.groups, ...(firewallIds && { firewallIds }), window: w }),
      options.window,
      minSplitMs,
    );
    queries += run.queries;
    problems.push(...run.problems.map((p) => `${spec.table}: ${p}`));
    consume(spec.table, spec, run.rows);
  }
  if (presence.legacy) {
    const run = await queryWindow(
      querier,
      target,
      (w) => summarizeLegacyQuery({ groups: options.groups, ...(firewallIds && { firewallIds }), window: w }),
      options.window,
      minSplitMs,
    );
    queries += run.queries;
    problems.push(...run.problems.map((p) => `AzureDiagnostics: ${p}`));
    consume('AzureDiagnostics', undefined, run.rows);
  }
  summary.rejected = [...rejectedReasons]
    .slice(0, maxSamples)
    .map(([reason, rows]) => ({ reason: `${reason} (${rows} row${rows === 1 ? '' : 's'})` }));
  if (problems.length > 0) summary.error = `Log Analytics workspace ${target.workspace}: ${problems.join('; ')}`;
  builder.addSource(summary);
  const evidence = builder.evidence();
  // The hours and firewalls of every row in the window, not only those of the aggregated rows' first
  // and last times: how much of the window the logs cover.
  evidence.coveredHours = [...new Set([...evidence.coveredHours, ...presence.hours])].sort((a, b) => a - b);
  evidence.firewallIds = [...new Set([...evidence.firewallIds, ...presence.firewallIds])].sort();
  return { evidence, queries };
}

// ── Which workspace ──

/** The diagnostic-settings categories that carry the firewall logs the audit reads. */
const FIREWALL_LOG_CATEGORIES = new Set(
  [...RESOURCE_SPECIFIC_TABLES.map((t) => t.table), ...LEGACY_CATEGORIES].map((c) => c.toLowerCase()),
);

export interface WorkspaceDiscovery {
  targets: LogAnalyticsTarget[];
  /** Firewalls whose logs could not be located, and why. */
  problems: { firewallId: string; cause: string }[];
}

/**
 * The workspaces the firewalls send their logs to, from their diagnostic settings (a setting with a
 * workspace and at least one firewall log category or the `allLogs` group enabled). Firewalls that share
 * a workspace share one target. A firewall with no such setting, or whose settings cannot be read, is a
 * problem: its logs are evidence not read.
 */
export async function findLogWorkspaces(
  connection: AzureConnection,
  firewallIds: readonly string[],
): Promise<WorkspaceDiscovery> {
  const byWorkspace = new Map<string, { workspace: string; firewallIds: string[] }>();
  const problems: WorkspaceDiscovery['problems'] = [];
  for (const firewallId of firewallIds) {
    const subscription = /\/subscriptions\/([^/]+)/i.exec(firewallId)?.[1] ?? '';
    const client = new MonitorClient(connection.credential, subscription, {
      ...sdkPipelineOptions(connection),
      endpoint: connection.endpoints.arm,
      credentials: { scopes: [connection.endpoints.armScope] },
    });
    let found = false;
    try {
      for await (const setting of client.diagnosticSettings.list(firewallId.replace(/^\/+/, ''))) {
        const workspace = setting.workspaceId;
        const logs = setting.logs ?? [];
        const sendsFirewallLogs = logs.some(
          (l) =>
            l.enabled &&
            (FIREWALL_LOG_CATEGORIES.has(l.category?.toLowerCase() ?? '') ||
              l.categoryGroup?.toLowerCase() === 'alllogs'),
        );
        if (!workspace || !sendsFirewallLogs) continue;
        found = true;
        const key = workspace.toLowerCase();
        const entry = byWorkspace.get(key) ?? { workspace, firewallIds: [] };
        if (!entry.firewallIds.includes(firewallId)) entry.firewallIds.push(firewallId);
        byWorkspace.set(key, entry);
      }
    } catch (error) {
      problems.push({
        firewallId,
        cause: `its diagnostic settings could not be read: ${describeQueryError(error, 'Reader or Monitoring Reader on the firewall')}`,
      });
      continue;
    }
    if (!found) {
      problems.push({
        firewallId,
        cause: 'no diagnostic setting sends its firewall logs to a Log Analytics workspace (give --workspace ID)',
      });
    }
  }
  const targets = [...byWorkspace.values()]
    .sort((a, b) => (a.workspace.toLowerCase() < b.workspace.toLowerCase() ? -1 : 1))
    .map((t) => ({ workspace: t.workspace, firewallIds: t.firewallIds }));
  return { targets, problems };
}

/** `7d`, `36h`, `90m`, or an ISO 8601 duration (`P7D`, `PT12H`) as milliseconds; undefined when not one. */
export function parseDuration(text: string): number | undefined {
  const short = /^(\d+(?:\.\d+)?)\s*(d|h|m)$/i.exec(text.trim());
  if (short) {
    const unit = { d: DAY_MS, h: 3_600_000, m: 60_000 }[(short[2] ?? 'd').toLowerCase() as 'd' | 'h' | 'm'];
    return Number(short[1]) * unit;
  }
  const iso8601 = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(text.trim());
  if (iso8601 && text.trim().length > 1 && !/T$/i.test(text.trim())) {
    const [, d = '0', h = '0', m = '0'] = iso8601;
    return Number(d) * DAY_MS + Number(h) * 3_600_000 + Number(m) * 60_000;
  }
  return undefined;
}

export interface LiveLogOptions {
  /** `--workspace`: query these workspaces (GUID or ARM id) instead of the firewalls' diagnostic settings. */
  workspaces?: readonly string[];
  window: LogQueryWindow;
  minSplitMs?: number;
  /** Progress per workspace (`Log Analytics workspaces`, done of total). */
  onProgress?: (progress: { step: string; done: number; total: number }) => void;
}

/**
 * The live audit's log evidence: the workspaces (given, or from the firewalls' diagnostic settings),
 * each queried for the inventory's source groups. One LogEvidence per workspace; firewalls whose
 * workspace could not be found are said as sources too (an error when their settings could not be
 * read, which makes the audit incomplete; no rows when they send no logs to a workspace).
 */
export async function collectLogAnalyticsEvidence(
  connection: AzureConnection,
  inventory: Inventory,
  options: LiveLogOptions,
): Promise<LogEvidence[]> {
  const groups = sourceGroupsOf(inventory);
  let targets: LogAnalyticsTarget[];
  const evidences: LogEvidence[] = [];
  if (options.workspaces && options.workspaces.length > 0) {
    // A named workspace may hold other firewalls' logs too: only the audited firewalls' rows are read.
    const firewallIds = inventory.firewalls.map((f) => f.id);
    targets = options.workspaces.map((workspace) => ({ workspace, ...(firewallIds.length > 0 && { firewallIds }) }));
  } else {
    const discovery = await findLogWorkspaces(
      connection,
      inventory.firewalls.map((f) => f.id),
    );
    targets = discovery.targets;
    if (discovery.problems.length > 0) {
      evidences.push({
        sources: discovery.problems.map(({ firewallId, cause }) => ({
          source: `Log Analytics logs of firewall ${firewallId}`,
          tables: [],
          rowsRead: 0,
          rowsRejected: 0,
          rejected: [],
          // A read that failed is an error; a firewall that sends no logs anywhere is only said.
          ...(cause.startsWith('its diagnostic settings could not be read') && { error: cause }),
        })),
        aggregates: [],
        droppedHits: 0,
        firewallIds: [],
        coveredHours: [],
      });
    }
  }
  const querier = createLogsQueryClient(connection);
  const step = 'Log Analytics workspaces';
  options.onProgress?.({ step, done: 0, total: targets.length });
  for (const [index, target] of targets.entries()) {
    const { evidence } = await queryLogAnalytics(querier, target, {
      groups,
      window: options.window,
      ...(options.minSplitMs !== undefined && { minSplitMs: options.minSplitMs }),
    });
    evidences.push(evidence);
    options.onProgress?.({ step, done: index + 1, total: targets.length });
  }
  return evidences;
}
