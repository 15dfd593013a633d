import { createHash } from 'node:crypto';
import { compareText } from '../model/compare.ts';
import {
  type AuditResult,
  type CoverageEntry,
  type CoverageVerdict,
  type Finding,
  SEVERITIES,
  severityRank,
} from '../model/finding.ts';
import { incompleteNotice, isOpen, summarize } from './summary.ts';

/**
 * `report.html`: one self-contained page a reviewer can open from an email. Everything is inline (style,
 * script, SVG charts), and a Content-Security-Policy with the hashes of the one style and one script
 * forbids every other load, so the page makes no network request. Rule, collection and resource names
 * are user-controlled: every string from the result goes through `escapeHtml` (text and attributes) or
 * `jsonForScript` (the embedded result), and only https: references become links.
 */

/** Text and attribute-value escaping: the five characters that can end a text run or a quoted attribute. */
export function escapeHtml(value: string | number | boolean): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON that can sit inside `<script type="application/json">`: `<` `>` `&` are escaped so no `</script>` or
 * `<!--` can end or change the element, and U+2028/U+2029 so the text stays valid JavaScript if evaluated.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A link target only when it is an https URL (references come from check metadata, never `javascript:`). */
function safeHref(url: string): string | undefined {
  return /^https:\/\/[^\s"'<>]+$/i.test(url) ? url : undefined;
}

const h = escapeHtml;

function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const VERDICT_ORDER: Record<CoverageVerdict, number> = {
  denied: 0,
  partial: 1,
  unknown: 2,
  allowed: 3,
  'not-required': 4,
};

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

const STYLE = `
:root{--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--alt:#f6f8fa;--critical:#8b0000;--high:#cf222e;--medium:#bc4c00;--low:#0969da;--info:#59636e;--ok:#1a7f37}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1400px;padding:1.5rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}h3{font-size:1rem;margin:1.25rem 0 .4rem}
.meta{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:var(--alt);font-weight:600}
th[data-sort]{cursor:pointer;user-select:none}
th[data-sort]::after{content:" \\2195";color:var(--muted)}
th[aria-sort=ascending]::after{content:" \\2191"}th[aria-sort=descending]::after{content:" \\2193"}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--alt);padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:.25rem 0}
.tiles{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0}
.tile{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;min-width:7.5rem}
.tile b{display:block;font-size:1.4rem}
.sev{display:inline-block;border-radius:3px;padding:0 .35rem;color:#fff;font-size:12px;font-weight:600;text-transform:uppercase}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.tile-critical b{color:var(--critical)}.tile-high b{color:var(--high)}.tile-medium b{color:var(--medium)}.tile-low b{color:var(--low)}
.verdict{font-weight:600}.v-denied{color:var(--high)}.v-partial,.v-unknown{color:var(--medium)}.v-allowed{color:var(--ok)}.v-not-required{color:var(--muted)}
.status-fail{color:var(--high);font-weight:600}.status-unknown{color:var(--medium);font-weight:600}.status-pass{color:var(--ok)}.status-skip{color:var(--muted)}
.banner{border:2px solid var(--high);background:#fff0ee;padding:.6rem .9rem;border-radius:6px;margin:1rem 0}
.changes{border:2px solid var(--low);background:#f0f6ff;padding:.6rem .9rem;border-radius:6px;margin:1rem 0}
.changes h2{margin-top:0}
.badge{border:1px solid var(--line);border-radius:10px;padding:0 .45rem;font-size:12px;margin-left:.3rem;white-space:nowrap}
.badge-new{border-color:var(--high);color:var(--high)}
.controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
.controls label{display:flex;gap:.25rem;align-items:center}
button.expand{border:1px solid var(--line);background:var(--alt);border-radius:4px;cursor:pointer;width:1.8rem}
tr.detail>td{background:#fbfcfd;padding:.5rem 1rem}
.evidence li{margin:.15rem 0}
.kind{color:var(--muted);font-size:12px;text-transform:uppercase;margin-right:.3rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem}
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5rem}
figcaption{font-weight:600;margin-bottom:.25rem}
svg text{font:11px system-ui,sans-serif;fill:var(--fg)}
.legend{display:flex;flex-wrap:wrap;gap:.75rem;font-size:12px}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.25rem;vertical-align:-1px}
.muted{color:var(--muted)}
@media print{
  body{max-width:none;padding:0;font-size:11px}
  .controls,button.expand,#download-json{display:none}
  tr.detail.open-finding{display:table-row}
  tbody.finding{break-inside:avoid}
  figure,section.cluster{break-inside:avoid}
  a{color:inherit;text-decoration:none}
  .banner,.changes{border-width:1px}
}
`;

const SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings');
  if (!table) return;
  var groups = Array.prototype.slice.call(table.querySelectorAll('tbody.finding'));
  var controls = ['f-severity', 'f-status', 'f-check', 'f-cluster', 'f-text'].map(function (id) {
    return document.getElementById(id);
  });
  var count = document.getElementById('f-count');
  function matches(group) {
    var d = group.dataset;
    var severity = controls[0].value, status = controls[1].value, check = controls[2].value;
    var cluster = controls[3].value, text = controls[4].value.trim().toLowerCase();
    if (severity && d.severity !== severity) return false;
    if (status === 'open' ? d.open !== 'true' : status && d.status !== status) return false;
    if (check && d.check !== check) return false;
    if (cluster && d.cluster !== cluster) return false;
    if (text && group.textContent.toLowerCase().indexOf(text) < 0) return false;
    return true;
  }
  function apply() {
    var shown = 0;
    groups.forEach(function (group) {
      var ok = matches(group);
      group.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + groups.length + ' findings shown';
  }
  controls.forEach(function (control) {
    control.addEventListener('input', apply);
    control.addEventListener('change', apply);
  });
  table.addEventListener('click', function (event) {
    var button = event.target.closest('button.expand');
    if (!button) return;
    var detail = button.closest('tbody').querySelector('tr.detail');
    var opening = detail.hidden;
    detail.hidden = !opening;
    button.setAttribute('aria-expanded', String(opening));
    button.textContent = opening ? '\\u2212' : '+';
  });
  var headers = Array.prototype.slice.call(table.querySelectorAll('th[data-sort]'));
  headers.forEach(function (header) {
    header.addEventListener('click', function () {
      var key = header.dataset.sort;
      var ascending = header.getAttribute('aria-sort') !== 'ascending';
      headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
      header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var numeric = key === 'rank';
      groups.sort(function (a, b) {
        var x = a.dataset[key] || '', y = b.dataset[key] || '';
        var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return ascending ? order : -order;
      });
      groups.forEach(function (group) { table.appendChild(group); });
    });
  });
  var download = document.getElementById('download-json');
  if (download) {
    download.addEventListener('click', function () {
      var text = document.getElementById('result-data').textContent;
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      link.download = 'findings.json';
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
    });
  }
  apply();
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function severityBadge(severity: string): string {
  return `<span class="sev sev-${h(severity)}">${h(severity)}</span>`;
}

function portalLink(resourceId: string, text: string): string {
  // The id is Azure-sourced: encodeURI keeps it inside the fixed https prefix, escaping keeps it in the attribute.
  if (!resourceId.startsWith('/')) return h(text);
  return `<a href="${h(`https://portal.azure.com/#resource${encodeURI(resourceId)}`)}" rel="noreferrer noopener" target="_blank">${h(text)}</a>`;
}

function summarySection(result: AuditResult): string {
  const summary = summarize(result);
  const clusters = [
    ...new Set([
      ...result.coverage.map((c) => c.cluster.name),
      ...result.findings.flatMap((f) => f.cluster?.name ?? []),
    ]),
  ].sort();
  const firewalls = [
    ...new Set(
      result.findings
        .filter((f) => f.resource.type.toLowerCase() === 'microsoft.network/azurefirewalls')
        .map((f) => f.resource.name),
    ),
  ].sort();
  const tiles = summary.bySeverity
    .map(
      (s) =>
        `<div class="tile tile-${s.severity}"><b>${s.fail + s.unknown}</b>${s.severity}${s.unknown > 0 ? ` <span class="muted">(${s.unknown} unknown)</span>` : ''}</div>`,
    )
    .join('');
  const openIn = (name: string) => result.findings.filter((f) => isOpen(f) && f.cluster?.name === name).length;
  return `<section id="summary"><h2>Summary</h2>
<div class="tiles">${tiles}<div class="tile"><b>${summary.passed}</b>passed</div><div class="tile"><b>${summary.skipped}</b>skipped</div>${summary.suppressed > 0 ? `<div class="tile"><b>${summary.suppressed}</b>suppressed</div>` : ''}</div>
<table><tbody>
<tr><th scope="row">Clusters (${result.scope.clusters})</th><td>${clusters.map((c) => `${h(c)} <span class="muted">(${openIn(c)} open)</span>`).join(', ') || '<span class="muted">none</span>'}</td></tr>
<tr><th scope="row">Firewalls (${result.scope.firewalls})</th><td>${firewalls.map(h).join(', ') || '<span class="muted">none named by a finding</span>'}</td></tr>
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
  const x = (time: number) => left + ((time - from) / hourMs / hours) * (width - left - right);
  const y = (hits: number) => top + (1 - hits / maxHits) * (height - top - bottom);
  const series = clusters.map((cluster, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const points = new Map(
      timeline.filter((t) => t.cluster === cluster).map((t) => [Math.round((Date.parse(t.hour) - from) / hourMs), t]),
    );
    // Hours without a denied hit are zero, not gaps: the line drops to the axis.
    const coords: string[] = [];
    for (let hour = 0; hour <= hours; hour++) {
      const point = points.get(hour);
      coords.push(`${x(from + hour * hourMs).toFixed(1)},${y(point?.hits ?? 0).toFixed(1)}`);
    }
    const dots = [...points.values()]
      .map(
        (t) =>
          `<circle cx="${x(Date.parse(t.hour)).toFixed(1)}" cy="${y(t.hits).toFixed(1)}" r="2.5" fill="${colour}"><title>${h(t.cluster)} ${h(t.hour)}: ${t.hits} denied</title></circle>`,
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

function coverageSection(result: AuditResult): string {
  if (result.coverage.length === 0) return '';
  const byCluster = new Map<string, CoverageEntry[]>();
  for (const entry of result.coverage) {
    const list = byCluster.get(entry.cluster.id) ?? [];
    list.push(entry);
    byCluster.set(entry.cluster.id, list);
  }
  const sections = [...byCluster.values()].map((entries) => {
    const cluster = entries[0]?.cluster;
    if (!cluster) return '';
    const sorted = [...entries].sort(
      (a, b) =>
        Number(b.required) - Number(a.required) ||
        VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
        compareText(a.endpointId, b.endpointId),
    );
    const counts = (Object.keys(VERDICT_ORDER) as CoverageVerdict[])
      .map((v) => [v, entries.filter((e) => e.required && e.verdict === v).length] as const)
      .filter(([, n]) => n > 0)
      .map(([v, n]) => `<span class="verdict v-${v}">${n} ${v}</span>`)
      .join(', ');
    const rows = sorted
      .map(
        (e) =>
          `<tr data-verdict="${h(e.verdict)}"><td><code>${h(e.endpoint.destination)}</code><div class="muted">${h(e.endpointId)}</div></td><td>${h(e.endpoint.protocol)} ${h(e.endpoint.port)}</td><td>${e.required ? 'required' : '<span class="muted">optional</span>'}</td><td class="verdict v-${h(e.verdict)}">${h(e.verdict)}</td><td>${h(e.witness)}</td></tr>`,
      )
      .join('\n');
    return `<section class="cluster"><h3>${h(cluster.name)} <span class="muted">(${h(cluster.kind)})</span></h3>
<p>Required endpoints: ${counts || 'none'}.</p>
<table class="coverage"><thead><tr><th>Endpoint</th><th>Protocol, port</th><th>Requirement</th><th>Verdict</th><th>Deciding rule or reason</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
  });
  return `<section id="coverage"><h2>Coverage: required endpoints per cluster</h2>${sections.join('\n')}</section>`;
}

function detailRow(finding: Finding, result: AuditResult): string {
  const check = result.checks.find((c) => c.id === finding.checkId);
  const evidence = finding.evidence
    .map(
      (e) =>
        `<li><span class="kind">${h(e.kind)}</span>${e.resourceId ? portalLink(e.resourceId, e.label) : h(e.label)}${e.detail ? `: ${h(e.detail)}` : ''}${e.origin ? ` <span class="muted">(${h(e.origin)})</span>` : ''}</li>`,
    )
    .join('');
  const references = (check?.references ?? [])
    .map((r) => {
      const href = safeHref(r);
      return href
        ? `<li><a href="${h(href)}" rel="noreferrer noopener" target="_blank">${h(r)}</a></li>`
        : `<li>${h(r)}</li>`;
    })
    .join('');
  const { remediation } = finding;
  return `<tr class="detail${isOpen(finding) ? ' open-finding' : ''}" hidden><td colspan="7">
<p><strong>${h(finding.title)}</strong> <code>${h(finding.code)}</code> <span class="muted">fingerprint ${h(finding.id)}</span></p>
<p>${h(finding.message)}</p>
${check ? `<p><strong>Risk.</strong> ${h(check.risk)}</p>` : ''}
<p><strong>Resource.</strong> ${portalLink(finding.resourceId, finding.resource.name)} <span class="muted">${h(finding.resource.type)}</span>${finding.subject ? ` — <code>${h(finding.subject)}</code>` : ''}${finding.origin ? ` <span class="muted">read from ${h(finding.origin.file)}${finding.origin.pointer ? h(` ${finding.origin.pointer}`) : ''}</span>` : ''}</p>
${finding.suppressed ? `<p><strong>Suppressed</strong>: ${h(finding.suppressed.reason)}${finding.suppressed.owner ? ` (owner ${h(finding.suppressed.owner)})` : ''}${finding.suppressed.expires ? `, expires ${h(finding.suppressed.expires)}` : ''}</p>` : ''}
${evidence ? `<p><strong>Evidence</strong></p><ul class="evidence">${evidence}</ul>` : ''}
<p><strong>Fix.</strong> ${h(remediation.text)}</p>
${remediation.cli ? `<pre><code>${h(remediation.cli)}</code></pre>` : ''}
${remediation.json !== undefined ? `<details><summary>Rule JSON</summary><pre><code>${h(JSON.stringify(remediation.json, null, 2))}</code></pre></details>` : ''}
${references ? `<p><strong>References</strong></p><ul>${references}</ul>` : ''}
</td></tr>`;
}

function findingsSection(result: AuditResult): string {
  const options = (values: string[]) =>
    [...new Set(values)]
      .sort()
      .map((v) => `<option value="${h(v)}">${h(v)}</option>`)
      .join('');
  const groups = result.findings
    .map((f) => {
      const badges = `${f.change === 'new' ? '<span class="badge badge-new">new</span>' : ''}${f.suppressed ? '<span class="badge">suppressed</span>' : ''}`;
      return `<tbody class="finding" data-severity="${h(f.severity)}" data-rank="${10 - severityRank(f.severity)}" data-status="${h(f.status)}" data-open="${isOpen(f)}" data-check="${h(f.checkId)}" data-cluster="${h(f.cluster?.name ?? '')}" data-resource="${h(f.resource.name.toLowerCase())}">
<tr><td><button class="expand" type="button" aria-expanded="false" aria-label="Evidence and fix">+</button></td><td>${severityBadge(f.severity)}</td><td class="status-${h(f.status)}">${h(f.status)}${badges}</td><td><code>${h(f.code)}</code> ${h(f.checkId)}</td><td>${h(f.cluster?.name ?? '')}</td><td>${h(f.resource.name)}</td><td>${h(f.message)}</td></tr>
${detailRow(f, result)}
</tbody>`;
    })
    .join('\n');
  return `<section id="findings-section"><h2>Findings</h2>
<div class="controls" role="search">
<label>Severity <select id="f-severity"><option value="">all</option>${SEVERITIES.map((s) => `<option value="${s}">${s}</option>`).join('')}</select></label>
<label>Status <select id="f-status"><option value="open" selected>open (fail, unknown)</option><option value="">all</option><option value="fail">fail</option><option value="unknown">unknown</option><option value="pass">pass</option><option value="skip">skip</option></select></label>
<label>Check <select id="f-check"><option value="">all</option>${options(result.findings.map((f) => f.checkId))}</select></label>
<label>Cluster <select id="f-cluster"><option value="">all</option>${options(result.findings.flatMap((f) => f.cluster?.name ?? []))}</select></label>
<label>Text <input id="f-text" type="search" placeholder="rule, resource, endpoint"></label>
<span id="f-count" aria-live="polite">${result.findings.length} findings</span>
<button id="download-json" type="button">Download findings.json</button>
</div>
<table id="findings"><thead><tr><th><span class="muted">more</span></th><th data-sort="rank">Severity</th><th data-sort="status">Status</th><th data-sort="check">Check</th><th data-sort="cluster">Cluster</th><th data-sort="resource">Resource</th><th>Message</th></tr></thead>
${groups}
</table></section>`;
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

/** Another view of the same page: its heading, and a section (trusted HTML, escaped by its renderer) that leads. */
export interface HtmlView {
  heading: string;
  lead: string;
}

export function renderHtml(result: AuditResult, view?: HtmlView): string {
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
<p class="meta">Generated ${h(result.generatedAt)} by ${h(result.tool.name)} ${h(result.tool.version)}. Egress of AKS, ARO and Arc-enabled Kubernetes clusters against Azure Firewall, route tables and firewall logs.</p></header>
<main>
${view ? `${view.lead}\n` : ''}${changesSection(result)}
${incompleteBanner(result)}
${summarySection(result)}
<section id="charts"><h2>Charts</h2><div class="charts">${timelineChart(result)}${snatChart(result)}</div></section>
${findingsSection(result)}
${coverageSection(result)}
${logsSection(result)}
${notesSection(result)}
</main>
<script type="application/json" id="result-data">${jsonForScript(result)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
