import { type AuditResult, type Finding, SEVERITIES, type Severity } from '../model/finding.ts';

/** A finding that asks for attention: it fails or could not be decided, and nobody suppressed it. */
export function isOpen(finding: Finding): boolean {
  return (finding.status === 'fail' || finding.status === 'unknown') && !finding.suppressed;
}

/**
 * The (cluster, endpoint id) pairs of the optional endpoints in the coverage: a finding about one of
 * them that the firewall denies is a least-privilege choice, shown apart from the problems.
 */
export function optionalEndpointKeys(result: AuditResult): Set<string> {
  return new Set(
    result.coverage.filter((c) => !c.required).map((c) => `${c.cluster.id.toLowerCase()}|${c.endpointId}`),
  );
}

/**
 * An informational finding about an optional endpoint the firewall denies (or of which it cannot be
 * told whether it allows it): a least-privilege choice, or a doubt about one, not a problem.
 */
export function isOptionalEndpointNotice(finding: Finding, optional: ReadonlySet<string>): boolean {
  return (
    (finding.status === 'fail' || finding.status === 'unknown') &&
    finding.severity === 'info' &&
    finding.cluster !== undefined &&
    optional.has(`${finding.cluster.id.toLowerCase()}|${finding.subject ?? ''}`)
  );
}

export interface SeverityCount {
  severity: Severity;
  fail: number;
  unknown: number;
}

/** The counts every summary leads with, computed once so every format says the same numbers. */
export interface ResultSummary {
  bySeverity: SeverityCount[];
  open: number;
  /** Failing findings about optional endpoints the firewall does not allow: counted apart, not as problems. */
  optionalNotAllowed: number;
  passed: number;
  skipped: number;
  suppressed: number;
  /** Against `--baseline`; undefined without one. */
  changes?: { new: number; unchanged: number; resolved: number; catalogChanges: number };
}

export function summarize(result: AuditResult): ResultSummary {
  const optional = optionalEndpointKeys(result);
  const notAllowed = result.findings.filter((f) => isOpen(f) && isOptionalEndpointNotice(f, optional));
  const open = result.findings.filter((f) => isOpen(f) && !isOptionalEndpointNotice(f, optional));
  const count = (status: Finding['status']) => result.findings.filter((f) => f.status === status).length;
  const { baseline } = result;
  return {
    bySeverity: SEVERITIES.map((severity) => ({
      severity,
      fail: open.filter((f) => f.severity === severity && f.status === 'fail').length,
      unknown: open.filter((f) => f.severity === severity && f.status === 'unknown').length,
    })),
    open: open.length,
    optionalNotAllowed: notAllowed.length,
    passed: count('pass'),
    skipped: count('skip'),
    suppressed: result.findings.filter((f) => f.suppressed).length,
    ...(baseline && {
      changes: {
        new: result.findings.filter((f) => f.change === 'new' && isOpen(f)).length,
        unchanged: result.findings.filter((f) => f.change === 'unchanged' && isOpen(f)).length,
        resolved: baseline.resolved.length,
        catalogChanges: baseline.catalogChanges.reduce((n, c) => n + c.added.length + c.removed.length, 0),
      },
    }),
  };
}

/** The sentence that says why a result is not a clean bill of health, or undefined when it is complete. */
export function incompleteNotice(result: AuditResult): string | undefined {
  if (!result.incomplete) return undefined;
  const incompleteFindings = result.findings.filter(
    (f) => f.checkId === 'collection-incomplete' && f.status !== 'pass',
  ).length;
  return `Incomplete: ${result.errors.length} input errors and ${incompleteFindings} collection-incomplete findings; some data could not be read, so this is not a clean result.`;
}

/** `<sev>` counts of open findings, most severe first, e.g. `3 high, 5 medium`; `none` when there are none. */
export function openCountsText(summary: ResultSummary): string {
  const parts = summary.bySeverity
    .filter((s) => s.fail + s.unknown > 0)
    .map((s) => `${s.fail + s.unknown} ${s.severity}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
