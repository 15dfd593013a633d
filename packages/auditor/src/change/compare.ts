/**
 * The difference a change makes: the audit of today's state and the audit of the proposed state,
 * made by the same checks, compared finding by finding (by fingerprint, as `--baseline` does) and
 * verdict by verdict (the coverage of every cluster × endpoint). Pure.
 */
import type { AuditError, AuditResult, CoverageEntry, Finding, Status } from '../model/finding.ts';
import { SEVERITIES } from '../model/finding.ts';
import { INCOMPLETE, type VerdictChange, type WhatIfChange, type WhatIfResult } from '../model/what-if.ts';
import type { ChangeError, ResourceChange } from './types.ts';

const OPEN: readonly Status[] = ['fail', 'unknown'];
const isOpen = (finding: Finding | undefined) => finding !== undefined && OPEN.includes(finding.status);

/** Open after, and not open before — or undecided before and failing after. */
function isIntroduced(after: Finding, before: Finding | undefined): boolean {
  if (!isOpen(after)) return false;
  if (!isOpen(before)) return true;
  return before?.status === 'unknown' && after.status === 'fail';
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const coverageKey = (entry: CoverageEntry) => `${entry.cluster.id.toLowerCase()}|${entry.endpointId}`;

/**
 * The finding of `checkId` about `resourceId` as a whole (no subject) that is not a pass: why a state
 * gives no per-item verdict (egress not through a firewall: skip; rules unreadable: unknown).
 */
function wholeResourceFinding(
  result: AuditResult,
  checkId: string | undefined,
  resourceId: string,
): Finding | undefined {
  return result.findings.find(
    (f) =>
      f.checkId === checkId &&
      f.subject === undefined &&
      f.resourceId.toLowerCase() === resourceId.toLowerCase() &&
      (f.status === 'skip' || f.status === 'unknown'),
  );
}

/** A verdict change, and whether a missing verdict after the change is undecided (rather than not asked for). */
interface Moved {
  change: VerdictChange;
  undecidedAfter: boolean;
}

function verdictChanges(before: AuditResult, after: AuditResult): Moved[] {
  const checkOf = (result: AuditResult, entry: CoverageEntry) =>
    result.findings.find(
      (f) => f.subject === entry.endpointId && f.cluster?.id.toLowerCase() === entry.cluster.id.toLowerCase(),
    )?.checkId;
  /** Why a state gives no verdict for a cluster's endpoint. */
  const missing = (result: AuditResult, entry: CoverageEntry, checkId: string | undefined) => {
    const known = result.findings.some((f) => f.cluster?.id.toLowerCase() === entry.cluster.id.toLowerCase());
    const finding = wholeResourceFinding(result, checkId, entry.cluster.id);
    return {
      witness: !known
        ? `${entry.cluster.name} is not in this state`
        : (finding?.message ?? 'no verdict for this endpoint in this state'),
      undecided: finding?.status === 'unknown',
    };
  };
  const beforeByKey = new Map(before.coverage.map((e) => [coverageKey(e), e]));
  const afterByKey = new Map(after.coverage.map((e) => [coverageKey(e), e]));
  const out: Moved[] = [];
  for (const key of new Set([...beforeByKey.keys(), ...afterByKey.keys()])) {
    const was = beforeByKey.get(key);
    const now = afterByKey.get(key);
    const entry = now ?? was;
    if (!entry || (was && now && was.verdict === now.verdict)) continue;
    const checkId = checkOf(before, entry) ?? checkOf(after, entry);
    const missingAfter = now ? undefined : missing(after, entry, checkId);
    out.push({
      change: {
        cluster: entry.cluster.name,
        clusterId: entry.cluster.id,
        endpoint: entry.endpointId,
        destination: entry.endpoint.destination,
        protocol: entry.endpoint.protocol,
        port: entry.endpoint.port,
        required: entry.required,
        before: was?.verdict ?? 'not-evaluated',
        after: now?.verdict ?? 'not-evaluated',
        witnessBefore: was?.witness ?? missing(before, entry, checkId).witness,
        witnessAfter: now?.witness ?? missingAfter?.witness ?? '',
      },
      undecidedAfter: now ? now.verdict === 'unknown' : (missingAfter?.undecided ?? false),
    });
  }
  return out.sort(
    (a, b) =>
      compareText(a.change.cluster, b.change.cluster) ||
      Number(b.change.required) - Number(a.change.required) ||
      compareText(a.change.endpoint, b.change.endpoint),
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

interface ClusterMoves {
  blocked: number;
  undecided: number;
  unjudged: number;
  unblocked: number;
}

/** The verdict line: what the change does to clusters' required endpoints first, then to findings. */
function verdictLineOf(
  moved: readonly Moved[],
  introduced: readonly Finding[],
  resolved: number,
  incomplete: boolean,
): string {
  const clauses: string[] = [];
  const byCluster = new Map<string, ClusterMoves>();
  for (const { change, undecidedAfter } of moved.filter((m) => m.change.required)) {
    const counts = byCluster.get(change.cluster) ?? { blocked: 0, undecided: 0, unjudged: 0, unblocked: 0 };
    const worse = change.after === 'denied' || change.after === 'partial';
    const wasWorse = change.before === 'denied' || change.before === 'partial';
    if (worse && !wasWorse) counts.blocked++;
    else if (undecidedAfter && change.before !== 'unknown') counts.undecided++;
    else if (change.after === 'not-evaluated' && change.before === 'allowed') counts.unjudged++;
    else if (wasWorse && change.after === 'allowed') counts.unblocked++;
    byCluster.set(change.cluster, counts);
  }
  for (const [cluster, counts] of [...byCluster].sort(([a], [b]) => compareText(a, b))) {
    const endpoints = (n: number) => `${plural(n, 'required endpoint')} of ${cluster}`;
    if (counts.blocked > 0) clauses.push(`blocks ${endpoints(counts.blocked)}`);
    if (counts.undecided > 0) clauses.push(`leaves ${endpoints(counts.undecided)} undecided`);
    if (counts.unjudged > 0) clauses.push(`takes ${endpoints(counts.unjudged)} off the firewall's verdict`);
    if (counts.unblocked > 0) clauses.push(`unblocks ${endpoints(counts.unblocked)}`);
  }
  const failing = introduced.filter((f) => f.status === 'fail');
  const undecided = introduced.filter((f) => f.status === 'unknown');
  if (failing.length > 0) {
    const bySeverity = SEVERITIES.map((s) => [s, failing.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`);
    clauses.push(`introduces ${plural(failing.length, 'failing finding')} (${bySeverity.join(', ')})`);
  }
  if (undecided.length > 0) clauses.push(`makes ${plural(undecided.length, 'finding')} undecidable`);
  if (resolved > 0) clauses.push(`resolves ${plural(resolved, 'finding')}`);
  if (clauses.length === 0) clauses.push('introduces no finding');
  const line = `This change ${clauses.join('; ')}.`;
  return incomplete ? `${line} ${INCOMPLETE}` : line;
}

export interface WhatIfComparisonInput {
  before: AuditResult;
  after: AuditResult;
  changes: readonly ResourceChange[];
  changeErrors: readonly ChangeError[];
  notes: readonly string[];
  inputs: { today: string[]; changes: string[] };
}

export function compareAudits({
  before,
  after,
  changes,
  changeErrors,
  notes,
  inputs,
}: WhatIfComparisonInput): WhatIfResult {
  const beforeById = new Map(before.findings.map((f) => [f.id, f]));
  const afterById = new Map(after.findings.map((f) => [f.id, f]));
  const introduced = after.findings.filter((f) => isIntroduced(f, beforeById.get(f.id)));
  const resolved: Finding[] = [];
  const notReassessed: Finding[] = [];
  for (const was of before.findings.filter(isOpen)) {
    const now = afterById.get(was.id);
    if (isOpen(now)) continue;
    // Gone while its check judged the resource as a whole (a cluster whose egress no longer reaches a
    // firewall has no per-endpoint verdicts): not resolved, just no longer asked.
    const superseded = was.subject !== undefined && wholeResourceFinding(after, was.checkId, was.resourceId);
    if (now || (!after.incomplete && !superseded)) resolved.push(was);
    else notReassessed.push(was);
  }
  const introducedIds = new Set(introduced.map((f) => f.id));
  const errors: AuditError[] = [
    ...changeErrors.map((e) => ({ source: e.source, message: e.message })),
    ...before.errors.map((e) => ({ source: `today: ${e.source}`, message: e.message })),
    ...after.errors.map((e) => ({ source: `proposed: ${e.source}`, message: e.message })),
  ];
  const incomplete = before.incomplete || after.incomplete || changeErrors.length > 0;
  const listed: WhatIfChange[] = changes.map((c) => ({
    resourceId: c.resourceId,
    changeType: c.changeType,
    source: c.source,
    ...(c.notes.length > 0 && { notes: [...c.notes] }),
  }));
  const moved = verdictChanges(before, after);
  return {
    schemaVersion: 1,
    tool: after.tool,
    generatedAt: after.generatedAt,
    verdict: verdictLineOf(moved, introduced, resolved.length, incomplete),
    inputs,
    changes: listed,
    introduced,
    resolved,
    notReassessed,
    unchanged: after.findings.filter((f) => isOpen(f) && !introducedIds.has(f.id)).length,
    verdictChanges: moved.map((m) => m.change),
    incomplete,
    errors,
    notes: [...notes],
  };
}
