import { createHash } from 'node:crypto';
import { compareText } from '../model/compare.ts';
import type { AuditResult } from '../model/finding.ts';
import { clustersSection, coverageSection } from './html/clusters.ts';
import { findingsSections } from './html/findings.ts';
import { h, jsonForScript, severityBadge, thousands } from './html/markup.ts';
import { SCRIPT } from './html/script.ts';
import { STYLE } from './html/style.ts';
import { incompleteNotice, summarize } from './summary.ts';

/**
 * `report.html`: one self-contained page a reviewer can open from an email. Everything is inline (style,
 * script, SVG charts), and a Content-Security-Policy with the hashes of the one style and one script
 * forbids every other load, so the page makes no network request. Rule, collection and resource names are
 * user-controlled: every string from the result goes through `escapeHtml` (text and attributes) or
 * `jsonForScript` (the embedded result), and only https: references become links. The page is made of
 * sections, each a function of the result, so a view can be added without touching the others.
 */

export { escapeHtml, jsonForScript } from './html/markup.ts';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function summarySection(result: AuditResult): string {
  const summary = summarize(result);
  const firewalls = [
    ...new Set([
      ...result.clusters.flatMap((c) => c.paths.flatMap((p) => p.firewall?.name ?? [])),
      ...result.findings
        .filter((f) => f.resource.type.toLowerCase() === 'microsoft.network/azurefirewalls')
        .map((f) => f.resource.name),
    ]),
  ].sort(compareText);
  const tiles = summary.bySeverity
    .map(
      (s) =>
        `<div class="tile tile-${s.severity}"><b>${s.fail + s.unknown}</b>${s.severity}${s.unknown > 0 ? ` <span class="muted">(${s.unknown} unknown)</span>` : ''}</div>`,
    )
    .join('');
  return `<section id="summary"><h2>Findings by severity</h2>
<div class="tiles">${tiles}${summary.optionalNotAllowed > 0 ? `<div class="tile"><b>${summary.optionalNotAllowed}</b>optional not allowed</div>` : ''}<div class="tile"><b>${summary.passed}</b>passed</div><div class="tile"><b>${summary.skipped}</b>skipped</div>${summary.suppressed > 0 ? `<div class="tile"><b>${summary.suppressed}</b>suppressed</div>` : ''}</div>
<table><tbody>
<tr><th scope="row">Clusters</th><td>${result.scope.clusters}</td></tr>
<tr><th scope="row">Firewalls (${result.scope.firewalls})</th><td>${firewalls.map(h).join(', ') || '<span class="muted">none on a cluster’s path or named by a finding</span>'}</td></tr>
<tr><th scope="row">Resources</th><td>${result.scope.resources} in ${result.scope.subscriptions.length} subscriptions: ${result.scope.subscriptions.map(h).join(', ')}</td></tr>
<tr><th scope="row">Input</th><td>${result.scope.inputs.map((i) => `<code>${h(i)}</code>`).join(' ')}</td></tr>
</tbody></table></section>`;
}

function incompleteBanner(result: AuditResult): string {
  const notice = incompleteNotice(result);
  if (!notice) return '';
  const errors = result.errors
    .slice(0, 50)
    .map((e) => `<li><code>${h(e.source)}</code>: ${h(e.message)}</li>`)
    .join('');
  const more = result.errors.length > 50 ? `<li>… and ${result.errors.length - 50} more in findings.json</li>` : '';
  return `<div class="banner" role="alert" id="incomplete"><strong>${h(notice)}</strong>${errors || more ? `<ul>${errors}${more}</ul>` : ''}</div>`;
}

function changesSection(result: AuditResult): string {
  const { baseline } = result;
  const changes = summarize(result).changes;
  if (!baseline || !changes) return '';
  const resolved = baseline.resolved
    .map(
      (r) =>
        `<tr><td>${severityBadge(r.severity)}</td><td><code>${h(r.code)}</code> ${h(r.checkId)}</td><td>${h(r.message)}</td></tr>`,
    )
    .join('');
  const catalog = baseline.catalogChanges
    .filter((c) => c.added.length + c.removed.length > 0)
    .map(
      (c) =>
        `<li><strong>${h(c.cluster)}</strong>: ${c.added.length > 0 ? `added ${c.added.map((a) => `<code>${h(a)}</code>`).join(', ')}` : ''}${c.added.length > 0 && c.removed.length > 0 ? '; ' : ''}${c.removed.length > 0 ? `removed ${c.removed.map((a) => `<code>${h(a)}</code>`).join(', ')}` : ''}</li>`,
    )
    .join('');
  return `<section class="changes" id="changes"><h2>What changed since the baseline</h2>
<p>Against <code>${h(baseline.source)}</code> (generated ${h(baseline.generatedAt)}): <strong>${changes.new} new</strong>, ${changes.unchanged} unchanged and <strong>${changes.resolved} resolved</strong> findings; ${changes.catalogChanges} required-endpoint changes in the catalog.</p>
${resolved ? `<h3>Resolved</h3><table><thead><tr><th>Severity</th><th>Check</th><th>Was</th></tr></thead><tbody>${resolved}</tbody></table>` : ''}
${catalog ? `<h3>Required endpoints added or removed since the baseline</h3><ul>${catalog}</ul>` : ''}
</section>`;
}

function timelineChart(result: AuditResult): string {
  const timeline = result.logs?.deniedRequiredTimeline ?? [];
  const caption = '<figcaption>Denied required traffic per hour, per cluster</figcaption>';
  if (!result.logs)
    return `<figure id="chart-denied">${caption}<p class="muted">No firewall logs were given (<code>--logs</code>), so there is no denied traffic to show.</p></figure>`;
  if (timeline.length === 0)
    return `<figure id="chart-denied">${caption}<p>The logs show no denied required traffic${result.logs.window ? ` between ${h(result.logs.window.from)} and ${h(result.logs.window.to)}` : ''}.</p></figure>`;
  const hourMs = 3_600_000;
  // Loops, not Math.min(...spread): a quarter of hours for many clusters is past what a call's arguments hold.
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  let maxHits = 1;
  for (const t of timeline) {
    const time = Date.parse(t.hour);
    if (time < from) from = time;
    if (time > to) to = time;
    if (t.hits > maxHits) maxHits = t.hits;
  }
  const hours = Math.max(1, Math.round((to - from) / hourMs));
  const clusters = [...new Set(timeline.map((t) => t.cluster))].sort();
  const [width, height, left, bottom, top, right] = [640, 240, 48, 28, 10, 12];
  const plotWidth = width - left - right;
  // The chart is bounded by its pixels, not by the data's span: one point per hour while the hours fit
  // the plot's width, else one per column of several hours holding the busiest hour (a row dated year
  // 9999 stretches the span to millions of hours, not the chart).
  const columns = Math.min(hours + 1, plotWidth);
  const hoursPerColumn = (hours + 1) / columns;
  const columnOf = (time: number) =>
    Math.min(columns - 1, Math.max(0, Math.floor(Math.round((time - from) / hourMs) / hoursPerColumn)));
  const x = (column: number) => left + (column / Math.max(1, columns - 1)) * plotWidth;
  const y = (hits: number) => top + (1 - hits / maxHits) * (height - top - bottom);
  const byCluster = new Map<string, typeof timeline>();
  for (const t of timeline) {
    const list = byCluster.get(t.cluster) ?? [];
    list.push(t);
    byCluster.set(t.cluster, list);
  }
  const series = clusters.map((cluster, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const peaks = new Map<number, (typeof timeline)[number]>();
    for (const t of byCluster.get(cluster) ?? []) {
      const column = columnOf(Date.parse(t.hour));
      const peak = peaks.get(column);
      if (!peak || t.hits > peak.hits) peaks.set(column, t);
    }
    // Hours without a denied hit are zero, not gaps: the line drops to the axis.
    const coords: string[] = [];
    for (let column = 0; column < columns; column++)
      coords.push(`${x(column).toFixed(1)},${y(peaks.get(column)?.hits ?? 0).toFixed(1)}`);
    const dots = [...peaks]
      .map(
        ([column, t]) =>
          `<circle cx="${x(column).toFixed(1)}" cy="${y(t.hits).toFixed(1)}" r="2.5" fill="${colour}"><title>${h(t.cluster)} ${h(t.hour)}: ${t.hits} denied${hoursPerColumn > 1 ? ` (the busiest hour of ${Math.round(hoursPerColumn)})` : ''}</title></circle>`,
      )
      .join('');
    return `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${coords.join(' ')}"/>${dots}`;
  });
  const legend = clusters
    .map(
      (c, i) =>
        `<span><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/></svg>${h(c)}</span>`,
    )
    .join('');
  return `<figure id="chart-denied">${caption}
<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Denied required traffic per hour">
<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#8c959f"/>
<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#8c959f"/>
<text x="${left - 4}" y="${top + 8}" text-anchor="end">${maxHits}</text><text x="${left - 4}" y="${height - bottom}" text-anchor="end">0</text>
<text x="${left}" y="${height - 8}">${h(new Date(from).toISOString().slice(0, 13))}h</text>
<text x="${width - right}" y="${height - 8}" text-anchor="end">${h(new Date(to).toISOString().slice(0, 13))}h</text>
${series.join('\n')}
</svg><div class="legend">${legend}</div></figure>`;
}

/**
 * SNAT capacity against what it should be and what is used, per firewall, from the
 * snat-exhaustion-risk findings' data: `ports` (capacity), `ips` and `recommended` (frontend IPs), and,
 * when the SNATPortUtilization metric was read, `utilizationMax` (percent of the ports in use at peak).
 * A firewall whose capacity is not in the data but whose utilization is gets a bar in percent.
 */
function snatChart(result: AuditResult): string {
  const caption = '<figcaption>SNAT port capacity and demand, per firewall</figcaption>';
  const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const seen = new Set<string>();
  const rows = result.findings
    .filter((f) => f.checkId === 'snat-exhaustion-risk')
    .filter((f) => num(f.data.ports) !== undefined || num(f.data.utilizationMax) !== undefined)
    .filter((f) => !seen.has(f.resourceId.toLowerCase()) && seen.add(f.resourceId.toLowerCase()))
    .map((f) => {
      const ports = num(f.data.ports);
      const ips = num(f.data.ips);
      const recommendedIps = num(f.data.recommended);
      const utilization = num(f.data.utilizationMax);
      return {
        finding: f,
        ports,
        recommended: ports !== undefined && ips && recommendedIps ? (ports / ips) * recommendedIps : undefined,
        peak: ports !== undefined && utilization !== undefined ? (ports * utilization) / 100 : undefined,
        utilization,
      };
    });
  if (rows.length === 0)
    return `<figure id="chart-snat">${caption}<p class="muted">No firewall with a known SNAT capacity in this result.</p></figure>`;
  // At least 1: a firewall without a frontend IP has no capacity, and a zero would divide the scale.
  const max = Math.max(1, ...rows.flatMap((r) => [r.ports ?? 0, r.recommended ?? 0, r.peak ?? 0]));
  const [width, label, barHeight] = [640, 150, 14];
  const span = width - label - 90;
  const bars: string[] = [];
  let yPos = 4;
  const bar = (name: string, fraction: number, colour: string, value: string, text: string) => {
    const length = fraction * span;
    bars.push(
      `<text x="${label - 6}" y="${yPos + 11}" text-anchor="end">${h(name)}</text><rect x="${label}" y="${yPos}" width="${Math.max(1, length).toFixed(1)}" height="${barHeight}" fill="${colour}"><title>${h(text)}</title></rect><text x="${(label + length + 4).toFixed(1)}" y="${yPos + 11}">${value}</text>`,
    );
    yPos += barHeight + 4;
  };
  for (const row of rows) {
    const name = row.finding.resource.name;
    bars.push(`<text x="4" y="${yPos + 11}" font-weight="600">${h(name)}</text>`);
    yPos += barHeight + 4;
    if (row.ports === undefined) {
      // Capacity unknown here: the metric alone, as a share of whatever the capacity is.
      const used = row.utilization ?? 0;
      bar('capacity', 1, '#1f77b4', '100%', `${name}: SNAT port capacity (count not in this finding)`);
      bar('peak demand', used / 100, '#d62728', `${used}%`, `${name}: ${used}% of the ports in use at peak`);
    } else {
      const ports = row.ports;
      bar('capacity', ports / max, '#1f77b4', thousands(ports), `${name}: ${thousands(ports)} SNAT ports`);
      if (row.recommended !== undefined)
        bar(
          `recommended (${row.finding.data.recommended} IPs)`,
          row.recommended / max,
          '#8c959f',
          thousands(row.recommended),
          `${name}: ${thousands(row.recommended)} SNAT ports with the recommended frontend IPs`,
        );
      if (row.peak !== undefined)
        bar(
          'peak demand',
          row.peak / max,
          '#d62728',
          thousands(row.peak),
          `${name}: ${row.utilization}% of the ports in use at peak`,
        );
    }
    yPos += 6;
  }
  return `<figure id="chart-snat">${caption}
<svg viewBox="0 0 ${width} ${yPos}" width="100%" role="img" aria-label="SNAT port capacity per firewall">${bars.join('')}</svg>
<p class="muted">${rows.some((r) => r.utilization !== undefined) ? 'Peak demand is the SNATPortUtilization metric’s maximum over the window.' : 'Demand needs the SNATPortUtilization metric (live collection); capacity is at the documented minimum of two instances.'}</p></figure>`;
}

function logsSection(result: AuditResult): string {
  const { logs } = result;
  if (!logs) return '';
  const rows = logs.sources
    .map(
      (s) =>
        `<tr><td><code>${h(s.source)}</code></td><td>${s.tables.map(h).join(', ')}</td><td>${thousands(s.rowsRead)}</td><td>${thousands(s.rowsRejected)}</td><td>${h(s.firstSeen ?? '')} – ${h(s.lastSeen ?? '')}</td><td>${s.error ? `<span class="status-unknown">${h(s.error)}</span>` : ''}</td></tr>`,
    )
    .join('');
  return `<section id="logs"><h2>Log evidence</h2>${logs.window ? `<p>The logs cover ${h(logs.window.from)} to ${h(logs.window.to)}.</p>` : ''}
<table><thead><tr><th>Source</th><th>Tables</th><th>Rows read</th><th>Rows rejected</th><th>First – last seen</th><th>Not read to the end</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function notesSection(result: AuditResult): string {
  if (result.notes.length === 0) return '';
  const items = result.notes
    .map(
      (n) =>
        `<li><span class="kind">${h(n.kind)}</span>${h(n.message)}${n.source ? ` <span class="muted">(${h(n.source)})</span>` : ''}</li>`,
    )
    .join('');
  return `<section id="notes"><h2>Notes</h2><details><summary>${result.notes.length} notes (unknown resource types, assumptions)</summary><ul>${items}</ul></details></section>`;
}

/** Past this size the page embeds the result without its passed and not applicable findings. */
export const EMBED_LIMIT = 4_000_000;

/**
 * The result the page embeds (and its button saves): all of it while it is small; at scale, without the
 * passed and not applicable findings, which findings.json beside the report holds, so the page stays
 * a size a mail client and a browser open.
 */
function embeddedResult(result: AuditResult): { json: string; omitted?: string } {
  const whole = jsonForScript(result);
  if (whole.length <= EMBED_LIMIT) return { json: whole };
  const settled = result.findings.filter((f) => f.status === 'pass' || f.status === 'skip').length;
  const omitted = `${thousands(settled)} passed and not applicable findings are left out of the data this page embeds (and saves); findings.json beside it holds them`;
  return {
    json: jsonForScript({
      ...result,
      findings: result.findings.filter((f) => f.status !== 'pass' && f.status !== 'skip'),
      omitted,
    }),
    omitted,
  };
}

/** Another view of the same page: its heading, and a section (trusted HTML, escaped by its renderer) that leads. */
export interface HtmlView {
  heading: string;
  lead: string;
}

export function renderHtml(result: AuditResult, view?: HtmlView): string {
  const embedded = embeddedResult(result);
  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const heading = view?.heading ?? 'aro-aks-audit report';
  const title = `${heading} — ${result.generatedAt}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${h(heading)}</h1>
<p class="meta">Generated ${h(result.generatedAt)} by ${h(result.tool.name)} ${h(result.tool.version)}. Egress of AKS, ARO and Arc-enabled Kubernetes clusters against Azure Firewall, route tables and firewall logs.</p>${embedded.omitted ? `<p class="meta" id="omitted">${h(embedded.omitted)}.</p>` : ''}</header>
<main>
${view ? `${view.lead}\n` : ''}${changesSection(result)}
${incompleteBanner(result)}
${clustersSection(result)}
${summarySection(result)}
<section id="charts"><h2>Charts</h2><div class="charts">${timelineChart(result)}${snatChart(result)}</div></section>
${findingsSections(result)}
${coverageSection(result)}
${logsSection(result)}
${notesSection(result)}
</main>
<script type="application/json" id="result-data">${embedded.json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
