/**
 * Firewall logs from Log Analytics: the workspace(s) the firewalls send their logs to (their
 * diagnostic settings, or `--workspace`), queried with the aggregating KQL of ingest/kql-summarize.ts
 * over the window (`--since`, 7 days by default). The service returns one row per source group,
 * destination, port, protocol, action and deciding rule (and hour, for denies); each row becomes a
 * FlowRecord (log-rows.ts) through the same row builders the file path uses, so the same LogEvidence
 * comes out and the same checks run. Which workspaces: log-workspaces.ts.
 *
 * A result the service cut short for its size limits (a PartialError, E_QUERY_RESULT_SET_TOO_LARGE,
 * or a query that ran out of time or memory) is asked again in two halves of the time range
 * (log-query.ts), down to `minSplitMs`; what still fails, and every other partial or failed query,
 * is said in the source's `error`: the evidence is then incomplete, never taken as complete.
 */

import { createLogEvidenceBuilder } from '../../ingest/evidence.ts';
import {
  presenceQuery,
  RESOURCE_SPECIFIC_TABLES,
  type SummarizedTable,
  summarizeLegacyQuery,
  summarizeTableQuery,
} from '../../ingest/kql-summarize.ts';
import { ValuesRowSource } from '../../ingest/parser.ts';
import { classifierFor, type SourceGroup, sourceGroupsOf } from '../../ingest/sources.ts';
import type { RowKind } from '../../ingest/tables.ts';
import type { LogEvidence, LogSourceSummary } from '../../model/flows.ts';
import type { Inventory } from '../../model/inventory.ts';
import type { AzureConnection } from './arm-reader.ts';
import {
  createLogsQueryClient,
  iso,
  type LogAnalyticsTarget,
  type LogQueryWindow,
  type LogsQuerier,
  queryWindow,
  type Row,
} from './log-query.ts';
import { presenceOf, recordsOf, timeOf } from './log-rows.ts';
import { findLogWorkspaces } from './log-workspaces.ts';

export interface LogAnalyticsQueryOptions {
  groups: readonly SourceGroup[];
  window: LogQueryWindow;
  /** The narrowest time range still split when the service says a result is too large (default 1 minute). */
  minSplitMs?: number;
  /** Rejected rows named in the summary (default 10). */
  maxRejectedSamples?: number;
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
