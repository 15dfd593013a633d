import type { Finding } from '../model/finding.ts';
import { INCOMPLETE, type VerdictChange, type WhatIfResult } from '../model/what-if.ts';
import { escapeMarkdown } from './markdown.ts';

/**
 * `whatif.md`: the pull-request comment. The verdict line first, then the introduced findings (in
 * full: they are what the reviewer decides on), the resolved ones, the verdict changes per cluster,
 * and what the change touched, the last three folded. Names from Azure and the change are escaped.
 */

const md = escapeMarkdown;
const MAX_ROWS = 50;

function findingTable(findings: readonly Finding[]): string[] {
  const rows = findings
    .slice(0, MAX_ROWS)
    .map(
      (f) =>
        `| ${f.severity} | ${f.status} | ${md(f.code)} ${md(f.checkId)} | ${md(f.cluster?.name ?? '')} | ${md(f.resource.name)} | ${md(f.message)} |`,
    );
  const more = findings.length > MAX_ROWS ? [`…and ${findings.length - MAX_ROWS} more: see whatif.json.`, ''] : [];
  return [
    '| severity | status | check | cluster | resource | message |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...more,
  ];
}

function folded(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '</details>', ''];
}

function verdictRows(changes: readonly VerdictChange[]): string[] {
  return [
    '| endpoint | protocol, port | requirement | before | after | why, after |',
    '| --- | --- | --- | --- | --- | --- |',
    ...changes.map(
      (c) =>
        `| ${md(c.destination)} (${md(c.endpoint)}) | ${md(c.protocol)} ${md(c.port)} | ${c.required ? 'required' : 'optional'} | ${c.before} | **${c.after}** | ${md(c.witnessAfter)} |`,
    ),
    '',
  ];
}

export function renderWhatIfMarkdown(result: WhatIfResult): string {
  const lines: string[] = [`## aro-aks-audit what-if: ${md(result.verdict)}`, ''];
  if (result.incomplete) {
    const shown = result.errors.slice(0, 10).map((e) => `> - ${md(e.source)}: ${md(e.message)}`);
    lines.push(
      '> [!WARNING]',
      `> ${INCOMPLETE} Not a clean result.`,
      ...shown,
      ...(result.errors.length > shown.length
        ? [`> - …and ${result.errors.length - shown.length} more in whatif.json`]
        : []),
      '',
    );
  }
  lines.push(
    `${result.introduced.length} introduced, ${result.resolved.length} resolved, ${result.unchanged} unchanged open findings; ${result.changes.length} ${result.changes.length === 1 ? 'resource' : 'resources'} in the change. Generated ${md(result.generatedAt)} by ${md(result.tool.name)} ${md(result.tool.version)}.`,
    '',
  );
  if (result.introduced.length > 0) lines.push('### Introduced', '', ...findingTable(result.introduced));
  if (result.resolved.length > 0)
    lines.push(...folded(`Resolved (${result.resolved.length})`, findingTable(result.resolved)));
  if (result.notReassessed.length > 0)
    lines.push(
      ...folded(
        `Not reassessed (${result.notReassessed.length}): open today, not reported by the incomplete audit of the proposed state`,
        findingTable(result.notReassessed),
      ),
    );
  if (result.verdictChanges.length > 0) {
    lines.push('### Verdict changes per cluster', '');
    const clusters = [...new Set(result.verdictChanges.map((c) => c.cluster))];
    for (const cluster of clusters) {
      const changes = result.verdictChanges.filter((c) => c.cluster === cluster);
      const counts = [...new Set(changes.map((c) => `${c.before} → ${c.after}`))]
        .map((move) => `${changes.filter((c) => `${c.before} → ${c.after}` === move).length} ${move}`)
        .join(', ');
      lines.push(...folded(`${md(cluster)}: ${counts}`, verdictRows(changes)));
    }
  }
  const changeLines = result.changes.map(
    (c) =>
      `- ${md(c.changeType)} ${md(c.resourceId)} (${md(c.source)})${c.notes?.length ? `: ${c.notes.map(md).join('; ')}` : ''}`,
  );
  lines.push(
    ...folded(
      `What the change touches (${result.changes.length} ${result.changes.length === 1 ? 'resource' : 'resources'})`,
      [...changeLines, ''],
    ),
  );
  if (result.notes.length > 0)
    lines.push(...folded(`Notes (${result.notes.length})`, [...result.notes.map((n) => `- ${md(n)}`), '']));
  return `${lines.join('\n')}\n`;
}
