/**
 * Suppressions (`--suppressions FILE`, YAML): accepted risks, each with a reason, an owner and
 * optionally an expiry. A suppressed finding is kept and marked, never dropped, and does not fail the
 * run; an expired suppression stops suppressing (the suppression-expired check reports it), and one
 * that matches nothing is a note — usually a typo or a fixed problem. Parsing and applying are pure.
 *
 * ```yaml
 * suppressions:
 *   - check: unused-rule                # check id or code (AZFW208)
 *     resource: "/subscriptions/*\/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub/**"
 *     subject: "afwp-hub / rcg-app / temp-* / *"   # optional, a glob over the finding's subject
 *     reason: kept for the quarterly DR test
 *     owner: platform-team@contoso.com
 *     expires: 2027-03-31               # optional; valid through that day (UTC)
 * ```
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { AuditError, AuditNote, AuditResult, Finding } from '../model/finding.ts';

export interface Suppression {
  /** A check id (`unused-rule`) or code (`AZFW208`). */
  check: string;
  /** Glob over the resource id, case-insensitive as ARM ids: `*` within a segment, `**` across segments. */
  resource: string;
  /** Glob over the finding's subject, `*` matching anything (case-sensitive); any subject when absent. */
  subject?: string;
  reason: string;
  owner: string;
  /** `YYYY-MM-DD`: the suppression holds through the end of that day, UTC. */
  expires?: string;
  /** Where it is written: `file:line`. */
  source: string;
}

const FIELDS = new Set(['check', 'resource', 'subject', 'reason', 'owner', 'expires']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The suppressions of a file, and an error naming the file and line for each entry that is not one. */
export function parseSuppressions(text: string, file: string): { suppressions: Suppression[]; errors: AuditError[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined) => `${file}:${offset === undefined ? 1 : lineCounter.linePos(offset).line}`;
  const errors: AuditError[] = document.errors.map((e) => ({ source: at(e.pos[0]), message: e.message }));
  if (errors.length > 0) return { suppressions: [], errors };
  const root = document.contents;
  const list = isMap(root) ? root.get('suppressions', true) : root;
  if (!isSeq(list)) {
    return {
      suppressions: [],
      errors: [
        { source: at(undefined), message: 'expected a list of suppressions (or a map with a suppressions list)' },
      ],
    };
  }
  const suppressions: Suppression[] = [];
  for (const item of list.items) {
    const source = at((item as { range?: readonly number[] | null }).range?.[0]);
    if (!isMap(item)) {
      errors.push({ source, message: 'a suppression is a map with check, resource, reason and owner' });
      continue;
    }
    const entry: Record<string, string> = {};
    const problems: string[] = [];
    for (const pair of item.items) {
      const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
      const value = (pair.value as { value?: unknown } | null)?.value;
      if (!FIELDS.has(key)) problems.push(`unknown field ${key}`);
      else if (value instanceof Date) entry[key] = value.toISOString().slice(0, 10);
      else if (typeof value === 'string' || typeof value === 'number') entry[key] = String(value).trim();
      else problems.push(`${key} must be text`);
    }
    for (const required of ['check', 'resource', 'reason', 'owner'])
      if (!entry[required]) problems.push(`${required} is required`);
    if (entry.expires !== undefined && !(DATE.test(entry.expires) && !Number.isNaN(Date.parse(entry.expires))))
      problems.push(`expires ${entry.expires} is not a date (YYYY-MM-DD)`);
    if (problems.length > 0) {
      errors.push({ source, message: problems.join('; ') });
      continue;
    }
    suppressions.push({
      check: entry.check as string,
      resource: entry.resource as string,
      ...(entry.subject !== undefined && { subject: entry.subject }),
      reason: entry.reason as string,
      owner: entry.owner as string,
      ...(entry.expires !== undefined && { expires: entry.expires }),
      source,
    });
  }
  return { suppressions, errors };
}

/**
 * A glob as a regular expression: with `segments`, `*` matches within a `/`-separated segment and `**`
 * across segments (resource ids); without, `*` matches anything (subjects such as rule paths).
 */
export function globToRegExp(glob: string, options: { segments: boolean; ignoreCase: boolean }): RegExp {
  const one = options.segments ? '[^/]' : '.';
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*' && glob[i + 1] === '*') {
      pattern += '.*';
      i++;
    } else if (c === '*') pattern += `${one}*`;
    else if (c === '?') pattern += one;
    else pattern += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`, options.ignoreCase ? 'i' : '');
}

/** Whether the suppression no longer holds at `at`: it held through the end of its expiry day (UTC). */
export function isExpired(suppression: Suppression, at: Date): boolean {
  return suppression.expires !== undefined && at.getTime() >= Date.parse(suppression.expires) + 86_400_000;
}

function matcher(suppression: Suppression): (finding: Finding) => boolean {
  const resource = globToRegExp(suppression.resource, { segments: true, ignoreCase: true });
  const subject =
    suppression.subject === undefined
      ? undefined
      : globToRegExp(suppression.subject, { segments: false, ignoreCase: false });
  const check = suppression.check.toLowerCase();
  return (finding) =>
    (finding.checkId === check || finding.code.toLowerCase() === check) &&
    resource.test(finding.resourceId) &&
    (subject === undefined || subject.test(finding.subject ?? ''));
}

/**
 * Marks every open finding (fail or unknown) that an unexpired suppression matches, the first one in
 * the file winning; notes each unexpired suppression that matches no open finding.
 */
export function applySuppressions(result: AuditResult, suppressions: readonly Suppression[]): AuditResult {
  const at = new Date(result.generatedAt);
  const active = suppressions.filter((s) => !isExpired(s, at)).map((s) => ({ s, matches: matcher(s), used: false }));
  const findings = result.findings.map((finding) => {
    if (finding.status !== 'fail' && finding.status !== 'unknown') return finding;
    const hit = active.find((a) => a.matches(finding));
    if (!hit) return finding;
    hit.used = true;
    const { reason, owner, expires } = hit.s;
    return { ...finding, suppressed: { reason, owner, ...(expires !== undefined && { expires }) } };
  });
  const notes: AuditNote[] = active
    .filter((a) => !a.used)
    .map(({ s }) => ({
      kind: 'suppression-unused',
      message: `suppression of ${s.check} on ${s.resource}${s.subject ? ` (${s.subject})` : ''} matches no open finding: the problem is fixed, or the suppression has a typo`,
      source: s.source,
    }));
  return { ...result, findings, notes: [...result.notes, ...notes] };
}
