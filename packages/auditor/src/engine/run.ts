import { createAnalysis } from '../evaluate/egress-paths.ts';
import { parseArmId } from '../model/arm-id.ts';
import { compareText } from '../model/compare.ts';
import type {
  AuditError,
  AuditResult,
  CheckSummary,
  CoverageEntry,
  Finding,
  LogReport,
  LogSourceReport,
  Status,
} from '../model/finding.ts';
import { severityRank } from '../model/finding.ts';
import type { LogEvidence, LogSourceSummary } from '../model/flows.ts';
import { logWindowOf } from '../model/flows.ts';
import { type Inventory, idKey, type ResourceBase } from '../model/inventory.ts';
import {
  type Check,
  type CheckContext,
  type ClusterContribution,
  defineCheck,
  type FindingDraft,
  type MissingKey,
  renderMessage,
} from './check.ts';
import { clusterVerdictsOf } from './cluster-verdicts.ts';
import { fingerprint } from './fingerprint.ts';
import { headlineOf } from './headline.ts';
import { applySuppressions, type Suppression } from './suppressions.ts';

export interface AuditInput<Settings> {
  inventory: Inventory;
  settings: Settings;
  tool: { name: string; version: string };
  /** The clock is an input: the engine stays a pure function. */
  generatedAt: Date;
  inputs: string[];
  /** Errors met before the checks ran (unreadable files, malformed resources). */
  errors: AuditError[];
  /** Firewall log evidence (files, Log Analytics); absent when no logs were given. */
  logs?: LogEvidence;
  /** Accepted risks (`--suppressions`): matching findings are marked, expired ones reported. */
  suppressions?: Suppression[];
}

const STATUS_ORDER: Record<Status, number> = { fail: 0, unknown: 1, pass: 2, skip: 3 };

export function toFinding(check: Check<string, never>, draft: FindingDraft, missing: MissingKey = 'keep'): Finding {
  const { meta } = check;
  const data = draft.data ?? {};
  const template = (meta.messages as Record<string, string>)[draft.messageId];
  if (template === undefined) throw new Error(`check ${meta.id} reported unknown message id "${draft.messageId}"`);
  const message = renderMessage(template, data, missing);
  return {
    id: fingerprint(meta.code, draft.resource.id, draft.subject),
    checkId: meta.id,
    code: meta.code,
    status: draft.status,
    severity: draft.status === 'fail' || draft.status === 'unknown' ? (draft.severity ?? meta.severity) : 'info',
    title: headlineOf(message),
    messageId: draft.messageId,
    message,
    data,
    resourceId: draft.resource.id,
    resource: draft.resource,
    ...(draft.subject !== undefined && { subject: draft.subject }),
    ...(draft.cluster && { cluster: draft.cluster }),
    ...(draft.endpoint && { endpoint: draft.endpoint }),
    evidence: draft.evidence ?? [],
    remediation: { text: meta.remediation, ...draft.remediation },
  };
}

/** Most severe first, then failing before undecided before passing; then by check, resource and subject. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    compareText(a.checkId, b.checkId) ||
    compareText(a.resourceId.toLowerCase(), b.resourceId.toLowerCase()) ||
    compareText(a.subject ?? '', b.subject ?? '')
  );
}

export function summarizeCheck(check: Check<string, never>): CheckSummary {
  const { meta } = check;
  return {
    id: meta.id,
    code: meta.code,
    title: meta.title,
    severity: meta.severity,
    risk: meta.risk,
    remediation: meta.remediation,
    references: [...meta.references],
  };
}

/**
 * The engine's own finding, one per error of the run (an input that could not be read, a check that
 * crashed): errors are in the result's `errors`, but a reader of the CSV or a SIEM reading the OCSF
 * events sees findings only — an audit with errors must not look clean there. `unknown`, never
 * `fail` or `pass`: what the error hid is not known. Its code is reserved for the engine.
 */
export const AUDIT_ERROR_CHECK = defineCheck<'failed'>({
  meta: {
    id: 'audit-error',
    code: 'AZFW999',
    severity: 'high',
    title: 'The audit read every input and ran every check',
    risk: 'Part of the audit did not run or could not read its input: findings it would have made are missing, so the result is not a clean bill of health.',
    remediation:
      'Fix what the finding names (the file, the permission, or report the crashed check with its message) and run the audit again.',
    references: ['https://learn.microsoft.com/azure/role-based-access-control/built-in-roles#reader'],
    messages: { failed: '{{source}} failed: {{message}}. What it would have found is not in this report.' },
  },
  *run() {},
});

function auditErrorFinding(error: AuditError): Finding {
  return toFinding(AUDIT_ERROR_CHECK as Check<string, never>, {
    status: 'unknown',
    messageId: 'failed',
    resource: { id: '/', name: 'audit run', type: 'aro-aks-audit/run' },
    subject: `${error.source}: ${error.message}`,
    data: { source: error.source, message: error.message },
    evidence: [{ kind: 'resource', label: error.source, detail: error.message }],
  });
}

/**
 * Runs every check over the inventory. A check that throws does not stop the audit: its error is
 * recorded and the result is marked incomplete, because a crashed check is never a pass.
 */
export function runAudit<Settings>(
  checks: readonly Check<string, Settings>[],
  input: AuditInput<Settings>,
): AuditResult {
  const context: CheckContext<Settings> = {
    inventory: input.inventory,
    analysis: createAnalysis(input.inventory),
    settings: input.settings,
    now: input.generatedAt,
    ...(input.logs && { logs: input.logs }),
    ...(input.suppressions && { suppressions: input.suppressions }),
  };
  const findings: Finding[] = [];
  const deniedRequired = new Map<string, Map<number, number>>();
  const coverage: CoverageEntry[] = [];
  const contributions: ClusterContribution[] = [];
  const errors: AuditError[] = [...input.errors];
  for (const check of checks) {
    try {
      for (const draft of check.run(context)) {
        const finding = toFinding(check as Check<string, never>, draft);
        findings.push(finding);
        if (draft.coverage && draft.cluster && draft.endpoint) {
          coverage.push({ cluster: draft.cluster, endpoint: draft.endpoint, ...draft.coverage });
        }
        if (draft.deniedRequiredHours && draft.cluster) {
          const hours = deniedRequired.get(draft.cluster.name) ?? new Map<number, number>();
          for (const { hour, hits } of draft.deniedRequiredHours) hours.set(hour, (hours.get(hour) ?? 0) + hits);
          deniedRequired.set(draft.cluster.name, hours);
        }
      }
      if (check.clusters) contributions.push(...check.clusters(context));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors.push({ source: `check ${check.meta.id}`, message });
      // A crashed check that decides cluster egress leaves every cluster undecided, never "ok".
      if (check.clusters)
        for (const cluster of input.inventory.clusters)
          contributions.push({
            clusterId: cluster.id,
            undecided: { verdict: 'unknown', reason: `check ${check.meta.id} failed: ${message}` },
          });
    }
  }
  findings.push(...errors.map(auditErrorFinding));
  findings.sort(compareFindings);
  // The file a resource was read from lets reports point at it (SARIF physical locations).
  const origins = new Map(allResources(input.inventory).map((r) => [idKey(r.id), r.origin]));
  for (const finding of findings) {
    const origin = origins.get(idKey(finding.resourceId));
    if (origin?.file)
      finding.origin = { file: origin.file, ...(origin.pointer !== undefined && { pointer: origin.pointer }) };
  }
  coverage.sort(
    (a, b) =>
      compareText(a.cluster.name, b.cluster.name) ||
      compareText(a.endpointId, b.endpointId) ||
      compareText(a.firewallId ?? '', b.firewallId ?? ''),
  );
  const { inventory } = input;
  const result: AuditResult = {
    schemaVersion: 1,
    tool: input.tool,
    generatedAt: input.generatedAt.toISOString(),
    scope: {
      inputs: input.inputs,
      subscriptions: [
        ...new Set(
          allResourceIds(inventory)
            .map(subscriptionOf)
            .filter((s): s is string => Boolean(s)),
        ),
      ].sort(),
      clusters: inventory.clusters.length,
      firewalls: inventory.firewalls.length,
      resources: allResourceIds(inventory).length,
    },
    incomplete: errors.length > 0 || inventory.unavailable.length > 0,
    checks: [...checks, ...(errors.length > 0 ? [AUDIT_ERROR_CHECK] : [])].map((c) =>
      summarizeCheck(c as Check<string, never>),
    ),
    findings,
    coverage,
    clusters: clusterVerdictsOf(inventory.clusters, context.analysis, coverage, contributions),
    notes: inventory.notes.map((n) => ({ kind: n.kind, message: n.message, source: n.file ?? n.resourceId })),
    errors,
    ...(input.logs && { logs: logReportOf(input.logs, deniedRequired) }),
  };
  return input.suppressions ? applySuppressions(result, input.suppressions) : result;
}

const iso = (time: number | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

function sourceReportOf(summary: LogSourceSummary): LogSourceReport {
  const firstSeen = iso(summary.firstSeen);
  const lastSeen = iso(summary.lastSeen);
  return {
    source: summary.source,
    tables: [...summary.tables],
    rowsRead: summary.rowsRead,
    rowsRejected: summary.rowsRejected,
    rejected: summary.rejected.map((r) => ({ ...r })),
    ...(firstSeen && { firstSeen }),
    ...(lastSeen && { lastSeen }),
    ...(summary.error !== undefined && { error: summary.error }),
  };
}

/** The result's account of the log evidence: per source, the window, denied required traffic per hour. */
function logReportOf(logs: LogEvidence, deniedRequired: Map<string, Map<number, number>>): LogReport {
  const window = logWindowOf(logs);
  return {
    sources: logs.sources.map(sourceReportOf),
    ...(window && { window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() } }),
    deniedRequiredTimeline: [...deniedRequired]
      .sort(([a], [b]) => compareText(a, b))
      .flatMap(([cluster, hours]) =>
        [...hours]
          .sort(([a], [b]) => a - b)
          .map(([hour, hits]) => ({ cluster, hour: new Date(hour).toISOString(), hits })),
      ),
  };
}

function allResourceIds(inventory: Inventory): string[] {
  return allResources(inventory).map((r) => r.id);
}

function allResources(inventory: Inventory): ResourceBase[] {
  return [
    ...inventory.firewalls,
    ...inventory.firewallPolicies,
    ...inventory.ruleCollectionGroups,
    ...inventory.ipGroups,
    ...inventory.publicIps,
    ...inventory.publicIpPrefixes,
    ...inventory.natGateways,
    ...inventory.routeTables,
    ...inventory.virtualNetworks,
    ...inventory.subnets,
    ...inventory.virtualWans,
    ...inventory.virtualHubs,
    ...inventory.hubVirtualNetworkConnections,
    ...inventory.hubRouteTables,
    ...inventory.routingIntents,
    ...inventory.clusters,
  ];
}

function subscriptionOf(id: string): string | undefined {
  return parseArmId(id)?.subscriptionId.toLowerCase();
}
