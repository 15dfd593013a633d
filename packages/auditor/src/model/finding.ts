/** The result model: one JSON document that every report format is a view of. */

export type Status = 'pass' | 'fail' | 'unknown' | 'skip';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

export interface FindingResource {
  id: string;
  name: string;
  type: string;
}

export interface FindingCluster {
  id: string;
  name: string;
  kind: string;
}

export interface FindingEndpoint {
  /** What the traffic goes to, as people write it: `mcr.microsoft.com`, `AzureCloud.eastus`, `10.0.0.4`. */
  destination: string;
  protocol: string;
  port: string;
}

/** One piece of evidence: a rule, a route, a log aggregate, a resource field. */
export interface Evidence {
  kind: 'rule' | 'route' | 'log' | 'resource' | 'catalog' | 'trace' | 'assumption';
  /** Short label, e.g. the portal-style rule path `afwp-base / rcg-platform / aks-fqdn / aks-core`. */
  label: string;
  detail?: string;
  resourceId?: string;
  origin?: string;
}

export interface Remediation {
  text: string;
  cli?: string;
  json?: unknown;
}

export interface Finding {
  /** Fingerprint: the same problem keeps this id across runs (code, resource, subject). */
  id: string;
  checkId: string;
  code: string;
  status: Status;
  severity: Severity;
  title: string;
  messageId: string;
  message: string;
  data: Record<string, string | number | boolean>;
  resourceId: string;
  resource: FindingResource;
  /** What within the resource the finding is about (an endpoint id, a rule path); part of the fingerprint. */
  subject?: string;
  cluster?: FindingCluster;
  endpoint?: FindingEndpoint;
  evidence: Evidence[];
  remediation: Remediation;
  suppressed?: { reason: string; owner?: string; expires?: string };
  /** Against `--baseline`: the finding was not in the previous result (`new`) or was (`unchanged`). */
  change?: 'new' | 'unchanged';
  /**
   * Where the finding's resource was read from when audited offline: its file relative to the input
   * directory (`scope.inputs[0]`) and the JSON pointer inside it. Reports point there (SARIF locations).
   */
  origin?: { file: string; pointer?: string };
}

export type CoverageVerdict = 'allowed' | 'denied' | 'partial' | 'unknown' | 'not-required';

/** Every cluster × required endpoint, with the verdict and the rule or reason that decides it. */
export interface CoverageEntry {
  cluster: FindingCluster;
  endpointId: string;
  endpoint: FindingEndpoint;
  required: boolean;
  verdict: CoverageVerdict;
  witness: string;
  firewallId?: string;
}

export interface AuditError {
  /** Where: a file (with line), a resource id, a check id. */
  source: string;
  message: string;
}

export interface AuditNote {
  kind: string;
  message: string;
  source?: string;
}

export interface AuditScope {
  inputs: string[];
  subscriptions: string[];
  clusters: number;
  firewalls: number;
  resources: number;
}

export interface AuditResult {
  schemaVersion: 1;
  tool: { name: string; version: string };
  generatedAt: string;
  scope: AuditScope;
  /** True when something the audit needed could not be read: the result is not a clean bill of health. */
  incomplete: boolean;
  checks: CheckSummary[];
  findings: Finding[];
  coverage: CoverageEntry[];
  notes: AuditNote[];
  errors: AuditError[];
  /** The log evidence behind the log-based findings; absent when no logs were given. */
  logs?: LogReport;
  /** What changed since `--baseline`; absent without one. */
  baseline?: BaselineComparison;
}

/** Per log source, how much evidence stands behind "no denies"; and the denied required traffic over time. */
export interface LogReport {
  sources: LogSourceReport[];
  /** The time the logs cover (ISO 8601), over all sources. */
  window?: { from: string; to: string };
  /** Hits of denied required traffic per cluster and hour (ISO 8601 hour start), for charts. */
  deniedRequiredTimeline: { cluster: string; hour: string; hits: number }[];
}

export interface LogSourceReport {
  /** File path or `Log Analytics workspace <id>`. */
  source: string;
  tables: string[];
  rowsRead: number;
  rowsRejected: number;
  /** The first few rejected rows: where and why. */
  rejected: { line?: number; reason: string }[];
  firstSeen?: string;
  lastSeen?: string;
  /** Why the source was not read to its end; the audit is then incomplete. */
  error?: string;
}

export interface BaselineComparison {
  /** The baseline file and when its result was generated. */
  source: string;
  generatedAt: string;
  newFindings: number;
  unchangedFindings: number;
  /** Failing findings of the baseline that no longer fail. */
  resolved: Pick<Finding, 'id' | 'checkId' | 'code' | 'severity' | 'title' | 'message' | 'resourceId'>[];
  /**
   * Open findings of the baseline that this run did not report while it was incomplete: they could not
   * be reassessed, so they are neither resolved nor open.
   */
  notReassessed: Pick<Finding, 'id' | 'checkId' | 'code' | 'severity' | 'title' | 'message' | 'resourceId'>[];
  /** Required endpoints added to or removed from each cluster's catalog since the baseline. */
  catalogChanges: { cluster: string; added: string[]; removed: string[] }[];
}

/** The metadata of every check that ran, so each report can explain its findings on its own. */
export interface CheckSummary {
  id: string;
  code: string;
  title: string;
  severity: Severity;
  risk: string;
  remediation: string;
  references: string[];
}
