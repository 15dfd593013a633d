/**
 * Azure Firewall FQDN patterns, as the Azure Firewall FAQ documents them for application rule
 * target FQDNs (https://learn.microsoft.com/azure/firewall/firewall-faq, "How do wildcards work
 * in target URLs and target FQDNs in application rules?"):
 *  - `www.contoso.com` matches that name only;
 *  - `*.contoso.com` matches any name below contoso.com, at any depth, but not contoso.com itself;
 *  - `*contoso.com` matches contoso.com and every name that *ends* with "contoso.com", including
 *    look-alikes such as th3re4lcontoso.com;
 *  - an asterisk anywhere but the left-most position (`www.contoso.*`) is not supported.
 * A bare `*` is treated as "any name" (common practice; the FAQ does not list it).
 * DNS names compare case-insensitively (RFC 4343); a trailing dot is ignored.
 *
 * This is the one implementation shared by the catalog, the evaluator and the log matcher.
 */

export type FqdnPattern =
  | { kind: 'any'; raw: string }
  | { kind: 'exact'; raw: string; name: string }
  /** `*.base`: every name with at least one more label in front of base. */
  | { kind: 'subdomains'; raw: string; base: string }
  /** `*text`: every name that ends with text (text itself included). */
  | { kind: 'suffix'; raw: string; suffix: string };

export type ParsedFqdnPattern = FqdnPattern | { kind: 'invalid'; raw: string; reason: string };

/** How much of one set of names another set holds. */
export type Containment = 'all' | 'some' | 'none';

const LABELS = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;
const SUFFIX_TEXT = /^[a-z0-9_.-]+$/;

export function normalizeFqdn(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

export function parseFqdnPattern(raw: string): ParsedFqdnPattern {
  const text = normalizeFqdn(raw);
  if (text === '*') return { kind: 'any', raw };
  const star = text.lastIndexOf('*');
  if (star > 0) return { kind: 'invalid', raw, reason: 'an asterisk is supported only at the left-most position' };
  if (star === 0) {
    const rest = text.slice(1);
    if (rest.startsWith('.')) {
      const base = rest.slice(1);
      return LABELS.test(base) ? { kind: 'subdomains', raw, base } : { kind: 'invalid', raw, reason: 'not a DNS name' };
    }
    return rest.length > 0 && SUFFIX_TEXT.test(rest) && !rest.includes('..')
      ? { kind: 'suffix', raw, suffix: rest }
      : { kind: 'invalid', raw, reason: 'not a DNS name' };
  }
  return LABELS.test(text) ? { kind: 'exact', raw, name: text } : { kind: 'invalid', raw, reason: 'not a DNS name' };
}

/** Does the pattern match this one concrete name? */
export function fqdnMatches(pattern: FqdnPattern, name: string): boolean {
  const n = normalizeFqdn(name);
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'exact':
      return n === pattern.name;
    case 'subdomains':
      return n.endsWith(`.${pattern.base}`) && n.length > pattern.base.length + 1;
    case 'suffix':
      return n.endsWith(pattern.suffix);
  }
}

/**
 * How much of the names `target` can produce are matched by `rule`: all of them, some, or none.
 * A required endpoint is a set of names, not one name: `*.azmk8s.io` holds all of
 * `*.hcp.eastus.azmk8s.io`, while `mcr.microsoft.com` holds none of `*.data.mcr.microsoft.com`.
 */
export function fqdnContainment(rule: FqdnPattern, target: FqdnPattern): Containment {
  if (rule.kind === 'any') return 'all';
  switch (target.kind) {
    case 'any':
      return 'some';
    case 'exact':
      return fqdnMatches(rule, target.name) ? 'all' : 'none';
    case 'subdomains':
      return containmentOfSuffixSet(rule, `.${target.base}`, false);
    case 'suffix':
      return containmentOfSuffixSet(rule, target.suffix, true);
  }
}

/**
 * Target = the names that end with `tail` (with `includesTail`, the tail itself is one of them;
 * a subdomain set's tail starts with a dot and is not a name).
 */
function containmentOfSuffixSet(rule: FqdnPattern, tail: string, includesTail: boolean): Containment {
  switch (rule.kind) {
    case 'any':
      return 'all';
    case 'exact':
      return rule.name.endsWith(tail) && (includesTail || rule.name.length > tail.length) ? 'some' : 'none';
    case 'subdomains': {
      const ruleTail = `.${rule.base}`;
      if (tail.endsWith(ruleTail) && (tail.length > ruleTail.length || !includesTail)) return 'all';
      // The rule's names lie below the target's tail (`*.x.b` inside `*.b`), or the tail is the rule's base itself.
      return ruleTail.endsWith(tail) || tail.endsWith(ruleTail) ? 'some' : 'none';
    }
    case 'suffix':
      if (tail.endsWith(rule.suffix)) return 'all';
      return rule.suffix.endsWith(tail) ? 'some' : 'none';
  }
}
