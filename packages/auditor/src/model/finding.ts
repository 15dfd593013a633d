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

/**
 * A cluster's answer in one look: can it reach what it must (through a firewall on every egress path),
 * and what may it reach beyond that. Computed by the engine from the checks' coverage and
 * contributions and the path analysis, never decided anew.
 */
export type ClusterVerdictKind = 'ok' | 'blocked' | 'bypass' | 'unknown' | 'not-audited';

/** One egress path of a cluster: from an egress subnet (or declared ranges) to a firewall, around it, or unknown. */
export interface ClusterEgressPath {
  /** The egress subnet's ARM id; absent for a cluster outside Azure, whose sources are declared ranges. */
  subnetId?: string;
  /** `vnet/subnet`, or `declared ranges` for a cluster outside Azure. */
  from: string;
  sources: string[];
  /** Where its Internet-bound traffic goes: the firewall, around it (some or all of it), nowhere (a None route), or not known. */
  to: 'firewall' | 'bypass' | 'drop' | 'unknown';
  firewall?: { id: string; name: string };
  reason: string;
}

/** An allow rule that lets a cluster's egress sources reach more than its required and optional endpoints. */
export interface BeyondRequiredRule {
  /** The portal-style rule path `policy / group / collection / rule`. */
  rule: string;
  ruleKind: 'application' | 'network';
  /** The resource that holds the rule (rule collection group or classic firewall). */
  resourceId: string;
  firewall: string;
  /** What the rule allows that no required or optional endpoint needs: `*` is anything. */
  destinations: string[];
  protocols: string[];
  ports: string[];
  /** Broadest first: `anything` (any destination, any port), `any destination`, `any port`, `wildcard`, `specific`. */
  breadth: 'anything' | 'any destination' | 'any port' | 'wildcard' | 'specific';
  /** Other sources the rule also serves (it is shared): narrowing it affects them too. */
  sharedWith?: string[];
}

export interface ClusterVerdict extends FindingCluster {
  verdict: ClusterVerdictKind;
  /** One sentence: why this verdict (the blocked endpoints, the bypassing subnet, what was not read). */
  reason: string;
  paths: ClusterEgressPath[];
  /** Required endpoints, and how many of them are allowed, blocked (denied or only in part), undecided or proxied. */
  required: number;
  allowed: number;
  blocked: number;
  unknown: number;
  proxied: number;
  /** Optional endpoints: a denied one is a least-privilege choice, not a problem. */
  optional: { allowed: number; denied: number; unknown: number };
  beyondRequired: BeyondRequiredRule[];
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
  /** Every cluster of the input, with its verdict, egress paths and what it may reach beyond its requirements. */
  clusters: ClusterVerdict[];
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
