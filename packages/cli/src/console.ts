import {
  type AuditResult,
  incompleteNotice,
  isOpen,
  type Severity,
  summarize,
  visibleLine,
} from '@aro-aks-audit/auditor';

const COLOURS: Record<Severity, string> = {
  critical: '\x1b[1;31m',
  high: '\x1b[31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
};

/**
 * The terminal summary: what changed since the baseline (when given), counts by severity, then one line
 * per open finding except the informational ones, most severe first. Colour only on a TTY (the caller
 * decides: `isTty` and no NO_COLOR).
 */
export function renderConsoleSummary(result: AuditResult, options: { colour: boolean; width?: number }): string {
  const paint = (severity: Severity, text: string) => (options.colour ? `${COLOURS[severity]}${text}\x1b[0m` : text);
  const summary = summarize(result);
  const lines: string[] = [];
  lines.push(
    `aro-aks-audit ${result.tool.version}: ${result.scope.clusters} clusters, ${result.scope.firewalls} firewalls, ${result.scope.resources} resources`,
  );
  if (summary.changes) {
    const c = summary.changes;
    lines.push(
      `since the baseline: ${c.new} new, ${c.resolved} resolved, ${c.unchanged} unchanged; ${c.catalogChanges} required-endpoint catalog changes`,
    );
  }
  lines.push(`severity   fail  unknown`);
  for (const s of summary.bySeverity)
    lines.push(
      `${paint(s.severity, s.severity.padEnd(9))} ${String(s.fail).padStart(5)} ${String(s.unknown).padStart(8)}`,
    );
  lines.push(`${summary.passed} passed${summary.suppressed > 0 ? `, ${summary.suppressed} suppressed` : ''}`);
  const open = result.findings.filter(isOpen);
  const shown = open.filter((f) => f.severity !== 'info');
  if (shown.length > 0) lines.push('');
  const width = options.width ?? 160;
  for (const f of shown) {
    const change = f.change === 'new' ? ' NEW' : '';
    const line = visibleLine(
      `${f.severity.toUpperCase().padEnd(8)} ${f.status.padEnd(7)} ${f.code} ${f.checkId.padEnd(26)} ${f.message}${change}`,
    );
    lines.push(paint(f.severity, line.length > width ? `${line.slice(0, width - 1)}…` : line));
  }
  const informational = open.length - shown.length;
  if (informational > 0)
    lines.push(
      `(${informational} informational findings, e.g. optional endpoints that are denied, are in the reports)`,
    );
  const notice = incompleteNotice(result);
  if (notice) lines.push('', notice.replace(/^Incomplete/, 'INCOMPLETE'));
  return `${lines.join('\n')}\n`;
}
