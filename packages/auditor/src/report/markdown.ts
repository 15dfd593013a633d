import type { AuditResult, ClusterVerdict, Finding } from '../model/finding.ts';
import {
  incompleteNotice,
  isOpen,
  isOptionalEndpointNotice,
  openCountsText,
  optionalEndpointKeys,
  summarize,
} from './summary.ts';
import { visibleLine } from './visible-text.ts';

/**
 * `summary.md`: the short form for a pipeline's job summary (`$GITHUB_STEP_SUMMARY`, Azure DevOps
 * `##vso[task.uploadsummary]`) and pull-request comments. It leads with what changed since the
 * baseline, then the incomplete warning, counts, the open findings and the coverage per cluster. Names
 * from Azure are escaped so they render as text (no markup, links, tables broken by `|`, or HTML).
 */

/**
 * Markdown-inert text on one line: HTML-significant characters as entities, Markdown punctuation
 * backslash-escaped, and what GitHub's extended autolinks start with broken by an escape (the `:` of
 * `https://`, `mailto:` and `xmpp:`, the `.` of `www.`; `@` is punctuation above), so a name that is a
 * URL or an address stays text. Acting characters are shown as `\uXXXX` (visibleText).
 */
export function escapeMarkdown(value: string | number): string {
  return visibleLine(String(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]#!|~@]/g, '\\$&')
    .replace(/:(?=\/\/)|(?<=mailto|xmpp):/gi, '\\:')
    .replace(/(?<=www)\./gi, '\\.');
}

const md = escapeMarkdown;

/** How many open findings the table lists before pointing at the full reports. */
const MAX_ROWS = 50;
const VERDICT_ORDER: ClusterVerdict['verdict'][] = ['blocked', 'bypass', 'unknown', 'not-audited', 'ok'];

/** Each cluster's verdict, the most urgent first: the answer a reviewer reads before the findings. */
function clusterRows(result: AuditResult): string[] {
  if (result.clusters.length === 0) return [];
  const sorted = VERDICT_ORDER.flatMap((v) => result.clusters.filter((c) => c.verdict === v));
  const beyond = (c: ClusterVerdict) =>
    c.beyondRequired.length === 0
      ? c.paths.some((p) => p.to === 'firewall')
        ? 'nothing'
        : ''
      : `${c.beyondRequired.length} rule${c.beyondRequired.length === 1 ? '' : 's'}, broadest ${c.beyondRequired[0]?.breadth}: ${c.beyondRequired[0]?.breadth === 'anything' ? 'anything' : md(c.beyondRequired[0]?.destinations.slice(0, 3).join(', ') ?? '')}`;
  return [
    '### Clusters',
    '',
    '| cluster | verdict | why | required: allowed, blocked, unknown, proxied | beyond its requirements |',
    '| --- | --- | --- | --- | --- |',
    ...sorted
      .slice(0, MAX_ROWS)
      .map(
        (c) =>
          `| ${md(c.name)} | ${c.verdict === 'ok' ? 'ok' : `**${c.verdict}**`} | ${md(c.reason)} | ${c.required === 0 ? '—' : `${c.required}: ${c.allowed}, ${c.blocked}, ${c.unknown}, ${c.proxied}`} | ${beyond(c)} |`,
      ),
    ...(sorted.length > MAX_ROWS ? ['', `…and ${sorted.length - MAX_ROWS} more clusters: see report.html.`] : []),
    '',
  ];
}

function findingRow(f: Finding): string {
  const change = f.change === 'new' ? ' **new**' : '';
  return `| ${f.severity}${change} | ${f.status} | ${md(f.code)} ${md(f.checkId)} | ${md(f.cluster?.name ?? '')} | ${md(f.resource.name)} | ${md(f.message)} |`;
}

export function renderMarkdown(result: AuditResult): string {
  const summary = summarize(result);
  const lines: string[] = [];
  const counts = openCountsText(summary);
  lines.push(
    `## aro-aks-audit: ${summary.open === 0 ? 'no open findings' : `${summary.open} open findings (${counts})`}`,
    '',
  );
  const { baseline } = result;
  if (baseline && summary.changes) {
    const c = summary.changes;
    lines.push(
      `**Since the baseline** (${md(baseline.generatedAt)}): ${c.new} new, ${c.resolved} resolved, ${c.unchanged} unchanged open findings; ${c.catalogChanges} required-endpoint changes in the catalog.`,
      '',
    );
    const newOnes = result.findings.filter((f) => f.change === 'new' && isOpen(f));
    if (newOnes.length > 0) {
      lines.push('New:', '');
      for (const f of newOnes.slice(0, MAX_ROWS)) lines.push(`- ${f.severity}: ${md(f.message)}`);
      lines.push('');
    }
    if (baseline.resolved.length > 0) {
      lines.push('Resolved:', '');
      for (const r of baseline.resolved.slice(0, MAX_ROWS)) lines.push(`- ${r.severity}: ${md(r.message)}`);
      lines.push('');
    }
    for (const change of baseline.catalogChanges.filter((x) => x.added.length + x.removed.length > 0)) {
      const parts = [
        change.added.length > 0 ? `added ${change.added.map(md).join(', ')}` : '',
        change.removed.length > 0 ? `removed ${change.removed.map(md).join(', ')}` : '',
      ].filter(Boolean);
      lines.push(`- Catalog, ${md(change.cluster)}: ${parts.join('; ')}`);
    }
    if (baseline.catalogChanges.some((x) => x.added.length + x.removed.length > 0)) lines.push('');
  }
  const notice = incompleteNotice(result);
  if (notice) lines.push(`> [!WARNING]`, `> ${md(notice)}`, '');
  lines.push(...clusterRows(result));
  lines.push(
    `${result.scope.clusters} clusters, ${result.scope.firewalls} firewalls, ${result.scope.resources} resources; generated ${md(result.generatedAt)} by ${md(result.tool.name)} ${md(result.tool.version)}.`,
    '',
    '| severity | fail | unknown |',
    '| --- | ---: | ---: |',
    ...summary.bySeverity.map((s) => `| ${s.severity} | ${s.fail} | ${s.unknown} |`),
    '',
    `${summary.passed} passed, ${summary.skipped} skipped${summary.suppressed > 0 ? `, ${summary.suppressed} suppressed` : ''}${summary.optionalNotAllowed > 0 ? `; ${summary.optionalNotAllowed} findings about optional endpoints the firewall does not allow (a least-privilege choice, in report.html)` : ''}.`,
    '',
  );
  const optional = optionalEndpointKeys(result);
  const open = result.findings.filter((f) => isOpen(f) && !isOptionalEndpointNotice(f, optional));
  if (open.length > 0) {
    lines.push(
      '### Open findings',
      '',
      '| severity | status | check | cluster | resource | message |',
      '| --- | --- | --- | --- | --- | --- |',
      ...open.slice(0, MAX_ROWS).map(findingRow),
      '',
    );
    if (open.length > MAX_ROWS) lines.push(`…and ${open.length - MAX_ROWS} more: see report.html or findings.csv.`, '');
  }
  return `${lines.join('\n')}\n`;
}
