import { type AuditResult, type Finding, SEVERITIES, type Severity } from '../model/finding.ts';

/** A finding that asks for attention: it fails or could not be decided, and nobody suppressed it. */
export function isOpen(finding: Finding): boolean {
  return (finding.status === 'fail' || finding.status === 'unknown') && !finding.suppressed;
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
  passed: number;
  skipped: number;
  suppressed: number;
  /** Against `--baseline`; undefined without one. */
  changes?: { new: number; unchanged: number; resolved: number; catalogChanges: number };
}

export function summarize(result: AuditResult): ResultSummary {
  const open = result.findings.filter(isOpen);
  const count = (status: Finding['status']) => result.findings.filter((f) => f.status === status).length;
  const { baseline } = result;
  return {
    bySeverity: SEVERITIES.map((severity) => ({
      severity,
      fail: open.filter((f) => f.severity === severity && f.status === 'fail').length,
      unknown: open.filter((f) => f.severity === severity && f.status === 'unknown').length,
    })),
    open: open.length,
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
