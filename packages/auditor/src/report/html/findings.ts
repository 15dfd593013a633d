import { compareText } from '../../model/compare.ts';
import { type AuditResult, type Finding, SEVERITIES, severityRank } from '../../model/finding.ts';
import { isOpen, isOptionalEndpointNotice, optionalEndpointKeys } from '../summary.ts';
import { h, plural, portalLink, safeHref, severityBadge, thousands } from './markup.ts';

/**
 * The findings of the HTML report: the problems (failing and undecided findings, suppressed ones
 * behind a filter) one row each with their evidence and fix; the optional endpoints the firewall
 * does not allow, neutrally, apart from them; and everything that passed or did not apply,
 * summarised per check and resource. At scale (tens of thousands of rules, a thousand clusters) the
 * rows stay bounded: past ROW_LIMIT the problems too are summarised per check and resource, and
 * each finding stays in findings.json and `aro-aks-audit explain`.
 */

/** The problems shown one row each; the rest are summarised per check and resource. */
export const ROW_LIMIT = 1000;
/** The example messages a summary row shows. */
const EXAMPLES = 3;

const explainCommand = (id: string) => `aro-aks-audit explain ${id} --findings findings.json`;

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
<h3 class="headline">${h(finding.title)}</h3>
<p>${h(finding.message)}</p>
<p class="muted"><code>${h(finding.code)}</code> ${h(finding.checkId)}${check ? ` — the check: ${h(check.title)}` : ''}; fingerprint ${h(finding.id)}</p>
${check ? `<p><strong>Risk.</strong> ${h(check.risk)}</p>` : ''}
<p><strong>Resource.</strong> ${portalLink(finding.resourceId, finding.resource.name)} <span class="muted">${h(finding.resource.type)}</span>${finding.subject ? ` — <code>${h(finding.subject)}</code>` : ''}${finding.origin ? ` <span class="muted">read from ${h(finding.origin.file)}${finding.origin.pointer ? h(` ${finding.origin.pointer}`) : ''}</span>` : ''}</p>
${finding.suppressed ? `<p><strong>Suppressed</strong>: ${h(finding.suppressed.reason)}${finding.suppressed.owner ? ` (owner ${h(finding.suppressed.owner)})` : ''}${finding.suppressed.expires ? `, expires ${h(finding.suppressed.expires)}` : ''}</p>` : ''}
${evidence ? `<p><strong>Evidence</strong></p><ul class="evidence">${evidence}</ul>` : ''}
<p><strong>Fix.</strong> ${h(remediation.text)}</p>
${remediation.cli ? `<pre><code>${h(remediation.cli)}</code></pre>` : ''}
${remediation.json !== undefined ? `<details><summary>As JSON</summary><pre><code>${h(JSON.stringify(remediation.json, null, 2))}</code></pre></details>` : ''}
${references ? `<p><strong>References</strong></p><ul>${references}</ul>` : ''}
<p class="muted">In a terminal: <code>${h(explainCommand(finding.id))}</code></p>
</td></tr>`;
}

function findingRow(f: Finding, result: AuditResult): string {
  const badges = `${f.change === 'new' ? '<span class="badge badge-new">new</span>' : ''}${f.suppressed ? '<span class="badge">suppressed</span>' : ''}`;
  return `<tbody class="finding" data-severity="${h(f.severity)}" data-rank="${10 - severityRank(f.severity)}" data-status="${h(f.status)}" data-open="${isOpen(f)}" data-suppressed="${Boolean(f.suppressed)}" data-check="${h(f.checkId)}" data-cluster="${h(f.cluster?.name ?? '')}" data-resource="${h(f.resource.name.toLowerCase())}">
<tr><td><button class="expand" type="button" aria-expanded="false" aria-label="Evidence and fix">+</button></td><td>${severityBadge(f.severity)}</td><td class="status-${h(f.status)}">${h(f.status)}${badges}</td><td><code>${h(f.code)}</code> ${h(f.checkId)}</td><td>${h(f.cluster?.name ?? '')}</td><td>${h(f.resource.name)}</td><td>${h(f.title)}</td></tr>
${detailRow(f, result)}
</tbody>`;
}

interface Group {
  checkId: string;
  code: string;
  resource: Finding['resource'];
  status: Finding['status'];
  severity: Finding['severity'];
  findings: Finding[];
}

/** Findings grouped per check, resource and status, in the order of their first finding. */
function groupsOf(findings: readonly Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const key = `${f.checkId}|${f.resourceId.toLowerCase()}|${f.status}|${f.severity}`;
    const group = groups.get(key) ?? {
      checkId: f.checkId,
      code: f.code,
      resource: f.resource,
      status: f.status,
      severity: f.severity,
      findings: [],
    };
    group.findings.push(f);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function summaryTable(findings: readonly Finding[], id: string): string {
  const rows = groupsOf(findings)
    .map((g) => {
      const examples = g.findings
        .slice(0, EXAMPLES)
        .map((f) => `<li>${h(f.title)} <span class="muted">${h(f.id)}</span></li>`)
        .join('');
      const more = g.findings.length - EXAMPLES;
      return `<tr data-check="${h(g.checkId)}" data-status="${h(g.status)}"><td>${severityBadge(g.severity)} <span class="status-${h(g.status)}">${h(g.status)}</span></td><td><code>${h(g.code)}</code> ${h(g.checkId)}</td><td>${portalLink(g.resource.id, g.resource.name)}</td><td>${thousands(g.findings.length)}</td><td><ul class="examples">${examples}${more > 0 ? `<li class="muted">and ${thousands(more)} more</li>` : ''}</ul></td></tr>`;
    })
    .join('\n');
  return `<table id="${h(id)}" class="summary-table"><thead><tr><th>Status</th><th>Check</th><th>Resource</th><th>Findings</th><th>For example</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

export function findingsSections(result: AuditResult): string {
  const optional = optionalEndpointKeys(result);
  const problems = result.findings.filter(
    (f) => (f.status === 'fail' || f.status === 'unknown') && !isOptionalEndpointNotice(f, optional),
  );
  const shown = problems.slice(0, ROW_LIMIT);
  const summarised = problems.slice(ROW_LIMIT);
  const deniedOptional = result.findings.filter((f) => isOptionalEndpointNotice(f, optional));
  const settled = result.findings.filter((f) => f.status === 'pass' || f.status === 'skip');
  const options = (values: string[]) =>
    [...new Set(values)]
      .sort(compareText)
      .map((v) => `<option value="${h(v)}">${h(v)}</option>`)
      .join('');
  const open = shown.filter(isOpen).length;
  return `<section id="findings-section"><h2>Problems</h2>
<p class="muted">Failing and undecided findings, most severe first; suppressed ones under “all”. Each row opens to its evidence and fix.</p>
<div class="controls" role="search">
<label>Severity <select id="f-severity"><option value="">all</option>${SEVERITIES.map((s) => `<option value="${s}">${s}</option>`).join('')}</select></label>
<label>Status <select id="f-status"><option value="open" selected>open (fail, unknown)</option><option value="">all</option><option value="fail">fail</option><option value="unknown">unknown</option><option value="suppressed">suppressed</option></select></label>
<label>Check <select id="f-check"><option value="">all</option>${options(shown.map((f) => f.checkId))}</select></label>
<label>Cluster <select id="f-cluster"><option value="">all</option>${options(shown.flatMap((f) => f.cluster?.name ?? []))}</select></label>
<label>Text <input id="f-text" type="search" placeholder="rule, resource, endpoint"></label>
<span id="f-count" aria-live="polite">${open} of ${shown.length} findings shown</span>
<button id="download-json" type="button">Download findings.json</button>
</div>
<table id="findings"><thead><tr><th><span class="muted">more</span></th><th data-sort="rank">Severity</th><th data-sort="status">Status</th><th data-sort="check">Check</th><th data-sort="cluster">Cluster</th><th data-sort="resource">Resource</th><th>Problem</th></tr></thead>
${shown.map((f) => findingRow(f, result)).join('\n')}
</table>
${summarised.length > 0 ? `<h3>${plural(summarised.length, 'more problem')}, per check and resource</h3><p class="muted">Past the first ${thousands(ROW_LIMIT)} rows, problems are summarised; each one is in findings.json, and <code>aro-aks-audit explain ID --findings findings.json</code> prints it whole.</p>${summaryTable(summarised, 'problems-summarised')}` : ''}
</section>
${optionalSection(deniedOptional)}
<section id="settled"><h2>Passed and not applicable</h2>
${settled.length > 0 ? `<p class="muted">${plural(settled.filter((f) => f.status === 'pass').length, 'finding')} passed and ${thousands(settled.filter((f) => f.status === 'skip').length)} did not apply, per check and resource. Each one is in findings.json; <code>aro-aks-audit explain ID --findings findings.json</code> prints it whole.</p>${summaryTable(settled, 'settled-summary')}` : '<p class="muted">None.</p>'}
</section>`;
}

/** Optional endpoints the firewall does not allow: a least-privilege choice, listed neutrally. */
function optionalSection(findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  const rows = [...findings]
    .sort(
      (a, b) =>
        compareText(a.cluster?.name ?? '', b.cluster?.name ?? '') ||
        compareText(a.subject ?? '', b.subject ?? '') ||
        compareText(a.checkId, b.checkId),
    )
    .map(
      (f) =>
        `<tr><td>${h(f.cluster?.name ?? '')}</td><td><code>${h(f.endpoint?.destination ?? '')}</code><div class="muted">${h(f.subject ?? '')}</div></td><td>${h(f.endpoint?.protocol ?? '')} ${h(f.endpoint?.port ?? '')}</td><td>${h(f.message)}</td></tr>`,
    )
    .join('\n');
  return `<section id="optional"><h2>Optional endpoints not allowed</h2>
<p class="muted">These endpoints enable optional features (OS security updates, telemetry, extra registries). Not allowing them is a least-privilege choice, not a problem: allow one only if the cluster uses what it enables.</p>
<table id="optional-denied" class="neutral"><thead><tr><th>Cluster</th><th>Endpoint</th><th>Protocol, port</th><th>What the audit found</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}
