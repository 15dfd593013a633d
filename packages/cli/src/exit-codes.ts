import { type Finding, type Severity, severityRank } from '@aro-aks-audit/auditor';

/** The command's exit codes, documented in README.md. */
export const EXIT = {
  /** No finding at or above --fail-on, and everything was read. */
  clean: 0,
  /** At least one failing finding at or above --fail-on. */
  findings: 1,
  /** Usage error, or input that cannot be read at all (missing directory). */
  usage: 2,
  /** No finding at or above --fail-on, but the audit is incomplete: some input could not be read. Not a clean result. */
  incomplete: 3,
} as const;

/**
 * 1 when a finding fails (not suppressed) at or above `failOn`; otherwise 3 when the result is
 * incomplete, 0 when it is clean. The audit passes its findings, what-if the findings it introduces.
 */
export function exitCodeOf(findings: readonly Finding[], incomplete: boolean, failOn: Severity | 'none'): number {
  const failing =
    failOn !== 'none' &&
    findings.some((f) => f.status === 'fail' && !f.suppressed && severityRank(f.severity) >= severityRank(failOn));
  if (failing) return EXIT.findings;
  return incomplete ? EXIT.incomplete : EXIT.clean;
}
