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
