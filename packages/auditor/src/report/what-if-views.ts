import type { AuditResult, Finding } from '../model/finding.ts';
import { INCOMPLETE, type WhatIfResult } from '../model/what-if.ts';
import { escapeHtml as h, renderHtml } from './html.ts';
import { renderSarif, type SarifOptions } from './sarif.ts';

/**
 * The what-if result in the other formats, as views of the reports the audit already writes:
 * `whatif.json` is the result itself; the SARIF log holds the introduced findings (the proposed
 * state's audit, so code scanning sees what the pull request would add); the HTML report is the
 * proposed state's report, led by what the change introduces and resolves, with its introduced
 * findings marked `new` in the findings table.
 */

export function renderWhatIfJson(result: WhatIfResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export function renderWhatIfSarif(whatIf: WhatIfResult, proposed: AuditResult, options: SarifOptions = {}): string {
  const introduced = new Set(whatIf.introduced.map((f) => f.id));
  return renderSarif({ ...proposed, findings: proposed.findings.filter((f) => introduced.has(f.id)) }, options);
}

function findingRows(findings: readonly Finding[]): string {
  return findings
    .map(
      (f) =>
        `<tr><td><span class="sev sev-${h(f.severity)}">${h(f.severity)}</span></td><td class="status-${h(f.status)}">${h(f.status)}</td><td><code>${h(f.code)}</code> ${h(f.checkId)}</td><td>${h(f.cluster?.name ?? '')}</td><td>${h(f.resource.name)}</td><td>${h(f.message)}</td></tr>`,
    )
    .join('');
}

function findingTable(title: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return `<h3>${h(title)}</h3><p class="muted">None.</p>`;
  return `<h3>${h(title)} (${findings.length})</h3><table><thead><tr><th>Severity</th><th>Status</th><th>Check</th><th>Cluster</th><th>Resource</th><th>Message</th></tr></thead><tbody>${findingRows(findings)}</tbody></table>`;
}

function whatIfSection(whatIf: WhatIfResult): string {
  const verdicts = whatIf.verdictChanges
    .map(
      (c) =>
        `<tr><td>${h(c.cluster)}</td><td><code>${h(c.destination)}</code><div class="muted">${h(c.endpoint)}</div></td><td>${h(c.protocol)} ${h(c.port)}</td><td>${c.required ? 'required' : '<span class="muted">optional</span>'}</td><td class="verdict v-${h(c.before)}">${h(c.before)}</td><td class="verdict v-${h(c.after)}">${h(c.after)}</td><td>${h(c.witnessAfter)}</td></tr>`,
    )
    .join('');
  const changes = whatIf.changes
    .map(
      (c) =>
        `<li><strong>${h(c.changeType)}</strong> <code>${h(c.resourceId)}</code> <span class="muted">(${h(c.source)})</span>${c.notes?.length ? `: ${c.notes.map(h).join('; ')}` : ''}</li>`,
    )
    .join('');
  const errors = whatIf.errors.map((e) => `<li><code>${h(e.source)}</code>: ${h(e.message)}</li>`).join('');
  return `<section class="changes" id="what-if"><h2>What the change does</h2>
<p><strong>${h(whatIf.verdict)}</strong></p>
<p>${whatIf.introduced.length} introduced, ${whatIf.resolved.length} resolved and ${whatIf.unchanged} unchanged open findings. The findings table below is the proposed state's; introduced findings are marked <span class="badge badge-new">new</span>.</p>
${whatIf.incomplete ? `<div class="banner" role="alert"><strong>${h(INCOMPLETE)} Not a clean result.</strong>${errors ? `<ul>${errors}</ul>` : ''}</div>` : ''}
${findingTable('Introduced', whatIf.introduced)}
${findingTable('Resolved', whatIf.resolved)}
${whatIf.notReassessed.length > 0 ? findingTable('Not reassessed (open today, not reported by the incomplete audit of the proposed state)', whatIf.notReassessed) : ''}
${verdicts ? `<h3>Verdict changes</h3><table><thead><tr><th>Cluster</th><th>Endpoint</th><th>Protocol, port</th><th>Requirement</th><th>Before</th><th>After</th><th>Why, after</th></tr></thead><tbody>${verdicts}</tbody></table>` : ''}
<details><summary>What the change touches (${whatIf.changes.length} ${whatIf.changes.length === 1 ? 'resource' : 'resources'})</summary><ul>${changes}</ul></details>
</section>`;
}

export function renderWhatIfHtml(whatIf: WhatIfResult, proposed: AuditResult): string {
  const introduced = new Set(whatIf.introduced.map((f) => f.id));
  const findings = proposed.findings.map((f) =>
    introduced.has(f.id)
      ? { ...f, change: 'new' as const }
      : f.status === 'fail' || f.status === 'unknown'
        ? { ...f, change: 'unchanged' as const }
        : f,
  );
  return renderHtml(
    { ...proposed, findings },
    { heading: 'aro-aks-audit what-if report', lead: whatIfSection(whatIf) },
  );
}
