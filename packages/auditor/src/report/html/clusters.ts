import { compareText } from '../../model/compare.ts';
import type {
  AuditResult,
  BeyondRequiredRule,
  ClusterVerdict,
  CoverageEntry,
  CoverageVerdict,
} from '../../model/finding.ts';
import { h, plural, portalLink } from './markup.ts';

/**
 * The report's answer in one look: per cluster, whether it reaches what it must (its verdict, egress
 * paths and counts) and what else it may reach (the allow rules beyond its requirements); then the
 * coverage of every cluster, endpoint by endpoint, including the clusters that were not evaluated.
 */

const VERDICT_TEXT: Record<ClusterVerdict['verdict'], string> = {
  ok: 'ok',
  blocked: 'blocked',
  bypass: 'bypasses the firewall',
  unknown: 'unknown',
  'not-audited': 'not audited',
};

const VERDICT_RANK: Record<ClusterVerdict['verdict'], number> = {
  blocked: 0,
  bypass: 1,
  unknown: 2,
  'not-audited': 3,
  ok: 4,
};

/** At most this many beyond-required rules are listed per cluster; findings.json holds them all. */
const BEYOND_SHOWN = 10;

function verdictBadge(verdict: ClusterVerdict['verdict']): string {
  return `<span class="cv cv-${h(verdict)}">${h(VERDICT_TEXT[verdict])}</span>`;
}

function pathsText(cluster: ClusterVerdict): string {
  return cluster.paths
    .map((p) => {
      const to =
        p.to === 'firewall'
          ? `→ firewall ${p.firewall ? portalLink(p.firewall.id, p.firewall.name) : ''}`
          : p.to === 'bypass'
            ? '<span class="v-denied">→ around the firewall</span>'
            : '<span class="v-unknown">→ not known</span>';
      return `<li><code>${h(p.from)}</code> <span class="muted">${h(p.sources.join(', '))}</span> ${to}</li>`;
    })
    .join('');
}

function requiredText(c: ClusterVerdict): string {
  if (c.required === 0) return '<span class="muted">none judged</span>';
  const parts = [
    `${c.allowed} allowed`,
    ...(c.blocked > 0 ? [`<span class="v-denied">${c.blocked} blocked</span>`] : []),
    ...(c.unknown > 0 ? [`<span class="v-unknown">${c.unknown} unknown</span>`] : []),
    ...(c.proxied > 0 ? [`${c.proxied} through the ARO service`] : []),
  ];
  return `${c.required}: ${parts.join(', ')}`;
}

function beyondRow(rule: BeyondRequiredRule): string {
  const what =
    rule.destinations.includes('*') && rule.breadth === 'anything' ? 'anything' : rule.destinations.join(', ');
  return `<li><span class="breadth b-${h(rule.breadth.replace(/ /g, '-'))}">${h(rule.breadth)}</span> ${portalLink(rule.resourceId, rule.rule)}: <code>${h(what)}</code> on ${h(rule.protocols.join('/'))} ${h(rule.ports.join(', '))}${rule.sharedWith ? ` <span class="muted">(shared with ${h(rule.sharedWith.join(', '))})</span>` : ''}</li>`;
}

function beyondText(c: ClusterVerdict): string {
  if (c.verdict === 'not-audited' || (c.beyondRequired.length === 0 && c.paths.every((p) => p.to !== 'firewall')))
    return '<span class="muted">—</span>';
  if (c.beyondRequired.length === 0) return '<span class="v-allowed">nothing</span>';
  const more = c.beyondRequired.length - BEYOND_SHOWN;
  return `${plural(c.beyondRequired.length, 'rule')}<ul class="beyond">${c.beyondRequired.slice(0, BEYOND_SHOWN).map(beyondRow).join('')}${more > 0 ? `<li class="muted">and ${more} more in findings.json</li>` : ''}</ul>`;
}

export function clustersSection(result: AuditResult): string {
  if (result.clusters.length === 0)
    return '<section id="clusters"><h2>Clusters</h2><p class="muted">The input holds no cluster.</p></section>';
  const clusters = [...result.clusters].sort(
    (a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || compareText(a.name, b.name),
  );
  const tally = (Object.keys(VERDICT_RANK) as ClusterVerdict['verdict'][])
    .map((v) => [v, result.clusters.filter((c) => c.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${verdictBadge(v)}`)
    .join(' ');
  const rows = clusters
    .map(
      (c) =>
        `<tr data-verdict="${h(c.verdict)}"><th scope="row">${portalLink(c.id, c.name)} <span class="muted">${h(c.kind)}</span></th><td>${verdictBadge(c.verdict)}<div>${h(c.reason)}</div></td><td><ul class="paths">${pathsText(c)}</ul></td><td>${requiredText(c)}</td><td>${c.optional.denied > 0 ? `${c.optional.denied} not allowed` : '<span class="muted">none denied</span>'}</td><td>${beyondText(c)}</td></tr>`,
    )
    .join('\n');
  return `<section id="clusters"><h2>Clusters: can each reach what it must — and nothing more?</h2>
<p>${tally}</p>
<table id="cluster-verdicts"><thead><tr><th>Cluster</th><th>Verdict</th><th>Egress paths</th><th>Required endpoints</th><th>Optional endpoints</th><th>Allowed beyond its requirements</th></tr></thead><tbody>
${rows}
</tbody></table>
<p class="muted">“Allowed beyond its requirements” lists every allow rule that matches the cluster's egress sources and lets it reach destinations, protocols or ports that none of its required or optional endpoints need, broadest first. <code>aro-aks-audit fix --tighten</code> proposes narrower rules.</p></section>`;
}

const COVERAGE_ORDER: Record<CoverageVerdict, number> = {
  denied: 0,
  partial: 1,
  unknown: 2,
  allowed: 3,
  'not-required': 4,
};

function coverageTable(entries: CoverageEntry[]): string {
  const sorted = [...entries].sort(
    (a, b) =>
      Number(b.required) - Number(a.required) ||
      COVERAGE_ORDER[a.verdict] - COVERAGE_ORDER[b.verdict] ||
      compareText(a.endpointId, b.endpointId),
  );
  const rows = sorted
    .map(
      (e) =>
        `<tr data-verdict="${h(e.verdict)}"><td><code>${h(e.endpoint.destination)}</code><div class="muted">${h(e.endpointId)}</div></td><td>${h(e.endpoint.protocol)} ${h(e.endpoint.port)}</td><td>${e.required ? 'required' : '<span class="muted">optional</span>'}</td><td class="verdict v-${h(e.verdict)}${!e.required && e.verdict === 'denied' ? ' neutral' : ''}">${h(!e.required && e.verdict === 'denied' ? 'not allowed' : e.verdict)}</td><td>${h(e.witness)}</td></tr>`,
    )
    .join('\n');
  return `<table class="coverage"><thead><tr><th>Endpoint</th><th>Protocol, port</th><th>Requirement</th><th>Verdict</th><th>Deciding rule or reason</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

/** Every cluster, endpoint by endpoint; a cluster without endpoint verdicts says why it has none. */
export function coverageSection(result: AuditResult): string {
  if (result.clusters.length === 0 && result.coverage.length === 0) return '';
  const byCluster = new Map<string, CoverageEntry[]>();
  for (const entry of result.coverage) {
    const key = entry.cluster.id.toLowerCase();
    byCluster.set(key, [...(byCluster.get(key) ?? []), entry]);
  }
  const clusters = result.clusters.length
    ? result.clusters
    : [...byCluster.values()].flatMap((entries) => (entries[0] ? [entries[0].cluster] : []));
  const sections = clusters.map((cluster) => {
    const entries = byCluster.get(cluster.id.toLowerCase()) ?? [];
    const verdict = 'verdict' in cluster ? (cluster as ClusterVerdict) : undefined;
    const summary = `<strong>${h(cluster.name)}</strong> <span class="muted">(${h(cluster.kind)})</span> ${verdict ? verdictBadge(verdict.verdict) : ''} ${entries.length > 0 ? `${plural(entries.filter((e) => e.required).length, 'required endpoint')}, ${plural(entries.filter((e) => !e.required).length, 'optional one')}` : `not evaluated: ${h(verdict?.reason ?? 'no endpoint verdicts')}`}`;
    const open = verdict && verdict.verdict !== 'ok' && entries.length > 0 && clusters.length <= 20 ? ' open' : '';
    return entries.length > 0
      ? `<details class="cluster"${open}><summary>${summary}</summary>${coverageTable(entries)}</details>`
      : `<p class="cluster">${summary}</p>`;
  });
  return `<section id="coverage"><h2>Coverage: every endpoint of every cluster</h2>${sections.join('\n')}</section>`;
}
