import { parseArmId } from '../model/arm-id.ts';
import type { AuditResult, Finding, Severity } from '../model/finding.ts';

/**
 * `findings.ocsf.json`: the failing and undecided findings as OCSF Detection Finding events (class 2004,
 * category 2 Findings) for Microsoft Sentinel and other SIEMs, one event per finding in a JSON array.
 * The finding id is `finding_info.uid`, so a SIEM can match the same problem across runs; the check's
 * permanent code is the analytic rule; the Azure resource and the cluster are the affected resources.
 * What OCSF has no attribute for (the check's status, the subject, the endpoint) goes to `unmapped`.
 */

export const OCSF_VERSION = '1.5.0';

const SEVERITY: Record<Severity, { id: number; caption: string }> = {
  info: { id: 1, caption: 'Informational' },
  low: { id: 2, caption: 'Low' },
  medium: { id: 3, caption: 'Medium' },
  high: { id: 4, caption: 'High' },
  critical: { id: 5, caption: 'Critical' },
};

/** The resource group of an ARM id, or of the ARM id a synthetic one embeds (a suppression's pattern). */
function resourceGroupIn(id: string): string | undefined {
  const at = id.search(/\/subscriptions\//i);
  return at < 0 ? undefined : parseArmId(id.slice(at))?.resourceGroup;
}

function resourceDetails(id: string, name: string, type: string) {
  const group = resourceGroupIn(id);
  return { uid: id, name, type, cloud_partition: 'Azure', ...(group && { group: { name: group } }) };
}

function detectionFinding(finding: Finding, result: AuditResult) {
  const time = Date.parse(result.generatedAt);
  const check = result.checks.find((c) => c.id === finding.checkId);
  const severity = SEVERITY[finding.severity];
  const subscription = parseArmId(finding.resourceId)?.subscriptionId;
  const suppressed = Boolean(finding.suppressed);
  return {
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    time,
    severity_id: severity.id,
    severity: severity.caption,
    status_id: suppressed ? 3 : 1,
    status: suppressed ? 'Suppressed' : 'New',
    // A failing check is established from the configuration; an unknown one could not be decided.
    confidence_id: finding.status === 'fail' ? 3 : 1,
    confidence: finding.status === 'fail' ? 'High' : 'Low',
    is_alert: !suppressed && finding.status === 'fail',
    message: finding.message,
    finding_info: {
      uid: finding.id,
      title: finding.title,
      desc: check?.risk ?? finding.message,
      types: [finding.checkId],
      created_time: time,
      analytic: { uid: finding.code, name: finding.checkId, type_id: 1, type: 'Rule' },
      data_sources: result.scope.inputs,
    },
    metadata: {
      version: OCSF_VERSION,
      product: { name: result.tool.name, vendor_name: result.tool.name, version: result.tool.version },
      uid: finding.id,
    },
    cloud: { provider: 'Azure', ...(subscription && { account: { uid: subscription } }) },
    resources: [
      resourceDetails(finding.resourceId, finding.resource.name, finding.resource.type),
      ...(finding.cluster && finding.cluster.id.toLowerCase() !== finding.resourceId.toLowerCase()
        ? [resourceDetails(finding.cluster.id, finding.cluster.name, finding.cluster.kind)]
        : []),
    ],
    evidences: finding.evidence.map((e) => ({
      name: e.kind,
      data: {
        label: e.label,
        ...(e.detail !== undefined && { detail: e.detail }),
        ...(e.origin !== undefined && { origin: e.origin }),
      },
      ...(e.resourceId && { resources: [{ uid: e.resourceId }] }),
    })),
    remediation: {
      desc: finding.remediation.text,
      ...(check && check.references.length > 0 && { references: check.references }),
    },
    unmapped: {
      check_status: finding.status,
      ...(finding.subject !== undefined && { subject: finding.subject }),
      ...(finding.endpoint && { endpoint: finding.endpoint }),
      ...(finding.remediation.cli && { remediation_cli: finding.remediation.cli }),
      ...(finding.change && { change: finding.change }),
      ...(finding.suppressed && { suppression: finding.suppressed }),
      ...(result.incomplete && { audit_incomplete: true }),
    },
  };
}

export function ocsfFindings(result: AuditResult) {
  return result.findings
    .filter((f) => f.status === 'fail' || f.status === 'unknown')
    .map((f) => detectionFinding(f, result));
}

export function renderOcsf(result: AuditResult): string {
  return `${JSON.stringify(ocsfFindings(result), null, 2)}\n`;
}
