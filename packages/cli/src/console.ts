import { type AuditResult, SEVERITIES } from '@aro-aks-audit/auditor';

const COLOURS = {
  critical: '\x1b[1;31m',
  high: '\x1b[31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
} as const;

/** The terminal summary: counts by severity, then every failing or unknown finding, one line each. */
export function renderConsoleSummary(result: AuditResult, options: { colour: boolean; width?: number }): string {
  const paint = (severity: keyof typeof COLOURS, text: string) =>
    options.colour ? `${COLOURS[severity]}${text}\x1b[0m` : text;
  const lines: string[] = [];
  const failing = result.findings.filter((f) => (f.status === 'fail' || f.status === 'unknown') && !f.suppressed);
  const passed = result.findings.filter((f) => f.status === 'pass').length;
  lines.push(
    `aro-aks-audit ${result.tool.version}: ${result.scope.clusters} clusters, ${result.scope.firewalls} firewalls, ${result.scope.resources} resources`,
  );
  lines.push(`severity   fail  unknown`);
  for (const severity of SEVERITIES) {
    const fail = failing.filter((f) => f.severity === severity && f.status === 'fail').length;
    const unknown = failing.filter((f) => f.severity === severity && f.status === 'unknown').length;
    lines.push(`${paint(severity, severity.padEnd(9))} ${String(fail).padStart(5)} ${String(unknown).padStart(8)}`);
  }
  lines.push(`${passed} passed`);
  if (failing.length > 0) lines.push('');
  const width = options.width ?? 160;
  const informational = failing.filter((f) => f.severity === 'info').length;
  for (const f of failing.filter((x) => x.severity !== 'info')) {
    const line = `${f.severity.toUpperCase().padEnd(8)} ${f.status.padEnd(7)} ${f.checkId.padEnd(26)} ${f.message}`;
    lines.push(paint(f.severity, line.length > width ? `${line.slice(0, width - 1)}…` : line));
  }
  if (informational > 0)
    lines.push(
      `(${informational} informational findings, e.g. optional endpoints that are denied, are in the reports)`,
    );
  if (result.incomplete) {
    lines.push('');
    lines.push(
      `INCOMPLETE: ${result.errors.length} input errors; some data could not be read (see collection-incomplete findings). This is not a clean result.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
