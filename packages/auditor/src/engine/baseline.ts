/**
 * The scheduled job's memory: a result compared with the result of a previous run (`--baseline`). Each
 * open finding is new or unchanged (by fingerprint); a finding of the baseline that is open no longer
 * is resolved only when this run reassessed it — decided pass or skip, or gone from a complete run. A
 * finding this run could not reassess (gone while the run is incomplete) is not called resolved: a
 * failed read is never a pass. Catalog changes are the required endpoints each cluster gained or lost,
 * so that users hear of a new requirement before an upgrade breaks. Pure.
 */
import { compareText } from '../model/compare.ts';
import type { AuditResult, BaselineComparison, Finding, Status } from '../model/finding.ts';

const OPEN: readonly Status[] = ['fail', 'unknown'];
const isOpen = (finding: Finding) => OPEN.includes(finding.status);

/** A previous `findings.json`, checked enough to be compared with, or why it cannot be. */
export function parseBaseline(text: string, file: string): { result: AuditResult } | { error: string } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { error: `${file} is not JSON: ${(error as Error).message}` };
  }
  const candidate = document as Partial<AuditResult> | null;
  if (typeof candidate !== 'object' || candidate === null || !Array.isArray(candidate.findings))
    return { error: `${file} is not a findings.json of aro-aks-audit (no findings list)` };
  if (candidate.schemaVersion !== 1)
    return { error: `${file} has schemaVersion ${String(candidate.schemaVersion)}; this version reads 1` };
  if (!Array.isArray(candidate.coverage) || typeof candidate.generatedAt !== 'string')
    return { error: `${file} lacks coverage or generatedAt: not a complete findings.json` };
  const bad = candidate.findings.findIndex((f) => typeof f?.id !== 'string' || typeof f?.status !== 'string');
  if (bad >= 0) return { error: `${file}: finding ${bad} has no id or status` };
  return { result: candidate as AuditResult };
}

const summaryOf = (f: Finding): BaselineComparison['resolved'][number] => ({
  id: f.id,
  checkId: f.checkId,
  code: f.code,
  severity: f.severity,
  title: f.title,
  message: f.message,
  resourceId: f.resourceId,
});

/** Required endpoint ids per cluster id, from a result's coverage. */
function requiredByCluster(result: AuditResult): Map<string, { name: string; endpoints: Set<string> }> {
  const clusters = new Map<string, { name: string; endpoints: Set<string> }>();
  for (const entry of result.coverage) {
    const key = entry.cluster.id.toLowerCase();
    const cluster = clusters.get(key) ?? { name: entry.cluster.name, endpoints: new Set<string>() };
    if (entry.required) cluster.endpoints.add(entry.endpointId);
    clusters.set(key, cluster);
  }
  return clusters;
}

/** `current` with each open finding marked new or unchanged and `baseline` filled in. */
export function compareWithBaseline(current: AuditResult, baseline: AuditResult, source: string): AuditResult {
  const wasOpen = new Set(baseline.findings.filter(isOpen).map((f) => f.id));
  const now = new Map(current.findings.map((f) => [f.id, f]));
  const findings = current.findings.map((f) =>
    isOpen(f) ? { ...f, change: wasOpen.has(f.id) ? ('unchanged' as const) : ('new' as const) } : f,
  );
  const resolved: Finding[] = [];
  const notReassessed: Finding[] = [];
  for (const before of baseline.findings.filter(isOpen)) {
    const after = now.get(before.id);
    if (after && isOpen(after)) continue;
    if (after || !current.incomplete) resolved.push(before);
    else notReassessed.push(before);
  }
  const previous = requiredByCluster(baseline);
  const catalogChanges: BaselineComparison['catalogChanges'] = [];
  for (const [key, cluster] of requiredByCluster(current)) {
    const before = previous.get(key);
    // A cluster new since the baseline has no catalog change, it has a whole catalog.
    if (!before) continue;
    const added = [...cluster.endpoints].filter((e) => !before.endpoints.has(e)).sort();
    const removed = [...before.endpoints].filter((e) => !cluster.endpoints.has(e)).sort();
    if (added.length + removed.length > 0) catalogChanges.push({ cluster: cluster.name, added, removed });
  }
  catalogChanges.sort((a, b) => compareText(a.cluster, b.cluster));
  return {
    ...current,
    findings,
    baseline: {
      source,
      generatedAt: baseline.generatedAt,
      newFindings: findings.filter((f) => f.change === 'new').length,
      unchangedFindings: findings.filter((f) => f.change === 'unchanged').length,
      resolved: resolved.map(summaryOf),
      notReassessed: notReassessed.map(summaryOf),
      catalogChanges,
    },
  };
}
