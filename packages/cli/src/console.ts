import {
  type AuditResult,
  type ClusterVerdict,
  incompleteNotice,
  isOpen,
  isOptionalEndpointNotice,
  optionalEndpointKeys,
  type Severity,
  summarize,
  visibleLine,
} from '@aro-aks-audit/auditor';
import { fitLine } from './text.ts';

const COLOURS: Record<Severity, string> = {
  critical: '\x1b[1;31m',
  high: '\x1b[31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
};

const VERDICT_COLOURS: Record<ClusterVerdict['verdict'], string> = {
  blocked: COLOURS.high,
  bypass: COLOURS.high,
  unknown: COLOURS.medium,
  'not-audited': COLOURS.info,
  ok: '\x1b[32m',
};

const VERDICT_ORDER: ClusterVerdict['verdict'][] = ['blocked', 'bypass', 'unknown', 'not-audited', 'ok'];

/** The clusters listed one line each; past it, only those that are not ok, up to the same number. */
const CLUSTER_LINES = 20;

/**
 * Control characters (ESC, CR, …) and bidi controls in Azure-sourced names must not reach the terminal
 * as commands nor reorder the line: shown as `\uXXXX`, on one line (visibleLine).
 */
export function printable(text: string): string {
  return visibleLine(text);
}

function beyondText(cluster: ClusterVerdict): string {
  const [broadest] = cluster.beyondRequired;
  if (!broadest) return '';
  const count = cluster.beyondRequired.length;
  const what =
    broadest.breadth === 'anything'
      ? 'anything'
      : `${broadest.destinations.slice(0, 3).join(', ')}${broadest.destinations.length > 3 ? ', …' : ''}`;
  return `; beyond its needs (${count} rule${count === 1 ? '' : 's'}, broadest ${broadest.breadth}): ${what}`;
}

/** One line per cluster, the most urgent first: its verdict, why, and what it may reach beyond its needs. */
function clusterLines(result: AuditResult, paint: (colour: string, text: string) => string, width: number): string[] {
  const { clusters } = result;
  if (clusters.length === 0) return [];
  const tally = VERDICT_ORDER.map((v) => [v, clusters.filter((c) => c.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(', ');
  const sorted = VERDICT_ORDER.flatMap((v) => clusters.filter((c) => c.verdict === v));
  const listed =
    clusters.length <= CLUSTER_LINES ? sorted : sorted.filter((c) => c.verdict !== 'ok').slice(0, CLUSTER_LINES);
  const nameWidth = Math.min(28, Math.max(...listed.map((c) => c.name.length), 0));
  const lines = listed.map((c) =>
    paint(
      VERDICT_COLOURS[c.verdict],
      fitLine(printable(`  ${c.verdict.padEnd(11)} ${c.name.padEnd(nameWidth)}  ${c.reason}${beyondText(c)}`), width),
    ),
  );
  const unlisted = clusters.length - listed.length;
  return [
    `clusters: ${tally}`,
    ...lines,
    ...(unlisted > 0
      ? [`  (${unlisted} more, ${clusters.length <= CLUSTER_LINES ? '' : 'the ok ones among them, '}in the reports)`]
      : []),
    '',
  ];
}

/**
 * The terminal summary: what changed since the baseline (when given), each cluster's verdict, counts by
 * severity, then one line per open finding except the informational ones, most severe first. Lines
 * longer than the width end at a word, never inside a name. Colour only on a TTY (the caller decides:
 * `isTty` and no NO_COLOR).
 */
export function renderConsoleSummary(result: AuditResult, options: { colour: boolean; width?: number }): string {
  const paintWith = (colour: string, text: string) => (options.colour ? `${colour}${text}\x1b[0m` : text);
  const paint = (severity: Severity, text: string) => paintWith(COLOURS[severity], text);
  const width = options.width ?? 160;
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
  lines.push(...clusterLines(result, paintWith, width));
  lines.push(`severity   fail  unknown`);
  for (const s of summary.bySeverity)
    lines.push(
      `${paint(s.severity, s.severity.padEnd(9))} ${String(s.fail).padStart(5)} ${String(s.unknown).padStart(8)}`,
    );
  lines.push(`${summary.passed} passed${summary.suppressed > 0 ? `, ${summary.suppressed} suppressed` : ''}`);
  const optional = optionalEndpointKeys(result);
  const open = result.findings.filter((f) => isOpen(f) && !isOptionalEndpointNotice(f, optional));
  const shown = open.filter((f) => f.severity !== 'info');
  if (shown.length > 0) lines.push('');
  for (const f of shown) {
    const change = f.change === 'new' ? ' NEW' : '';
    const line = printable(
      `${f.severity.toUpperCase().padEnd(8)} ${f.status.padEnd(7)} ${f.id} ${f.code} ${f.checkId.padEnd(26)} ${f.title}`,
    );
    lines.push(paint(f.severity, `${fitLine(line, width - change.length)}${change}`));
  }
  const informational = open.length - shown.length;
  const notes = [
    ...(summary.optionalNotAllowed > 0
      ? [
          `${summary.optionalNotAllowed} finding${summary.optionalNotAllowed === 1 ? '' : 's'} about optional endpoints the firewall does not allow (a least-privilege choice)`,
        ]
      : []),
    ...(informational > 0 ? [`${informational} informational finding${informational === 1 ? '' : 's'}`] : []),
  ];
  if (notes.length > 0) lines.push(`(${notes.join(' and ')}: in the reports)`);
  if (shown.length > 0) lines.push('aro-aks-audit explain ID --findings findings.json prints a finding whole.');
  const notice = incompleteNotice(result);
  if (notice) lines.push('', notice.replace(/^Incomplete/, 'INCOMPLETE'));
  return `${lines.join('\n')}\n`;
}
