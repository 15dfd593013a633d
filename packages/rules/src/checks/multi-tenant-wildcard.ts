import {
  type Analysis,
  type Check,
  defineCheck,
  type Evidence,
  type FindingDraft,
  type FindingResource,
  type FirewallRule,
  type FqdnPattern,
  fqdnContainment,
  type Inventory,
  idKey,
  parseFqdnPattern,
  policyChainOf,
  type RuleCollection,
} from '@aro-aks-audit/auditor';
import { requiredEndpointsFor } from '../catalog/resolve.ts';
import { SHARED_DOMAINS, type SharedDomain } from '../catalog/shared-domains.ts';
import type { CatalogEntry } from '../catalog/types.ts';
import { type RulesSettings, resolutionOptionsFor } from '../settings.ts';
import { scopeArguments, shellQuote } from '../shell.ts';
import { resourceOf } from './cluster-ref.ts';

const messages = {
  noSharedWildcard: 'Allow rule {{rule}} names no wildcard over a domain that other customers can host under.',
  sharedWildcard:
    'Allow rule {{rule}} allows {{fqdn}}, which holds every name under {{domain}} ({{service}}): {{reason}}. That is an exfiltration path: data can be sent to an account, app or bucket someone else owns. Allow the specific names instead, e.g. {{narrower}}.',
  lookAlikeWildcard:
    'Allow rule {{rule}} allows {{fqdn}}: with no dot after the asterisk it matches every name that ends with "{{suffix}}"{{notOnly}}, so it also allows look-alike domains {{whoCan}}, such as {{example}} (Azure Firewall FAQ: "*contoso.com" also matches "th3re4lcontoso.com"). A workload can reach, and send data to, whatever such a domain serves.{{alsoShared}} Allow {{instead}} instead.',
  documentedSharedWildcard:
    'Allow rule {{rule}} allows {{fqdn}}, which holds every name under {{domain}} ({{service}}): {{reason}}. That is an exfiltration path, although a documented requirement uses this wildcard ({{documentedBy}}). Allow the specific names where you can, e.g. {{narrower}}, or record why the wildcard is accepted.',
} as const;

type MessageId = keyof typeof messages;

const labels = (name: string) => name.split('.').length;

/**
 * Domains under which anyone can register a name of their own: top-level domains, and the public
 * suffixes of two labels that the registrable domains in the catalog and the check's list sit under.
 */
const PUBLIC_SUFFIXES = new Set(['co.uk', 'com.au', 'co.jp', 'com.cn', 'com.br', 'co.in']);

/**
 * A suffix wildcard without a dot after the asterisk (`*contoso.com`) "matches literally anything to the
 * left" (https://learn.microsoft.com/azure/firewall/firewall-faq, "How do wildcards work in target URLs and
 * target FQDNs in application rules?"): its first label is only a tail, so it also holds look-alike names in
 * the domain above that label. When anyone can get a name there (a public suffix, or a shared domain whose
 * customers get names one label below), the wildcard reaches domains its author never meant.
 */
export function lookAlikeOf(pattern: FqdnPattern): { notOnly: string; example: string; whoCan: string } | undefined {
  if (pattern.kind !== 'suffix' || pattern.suffix.startsWith('.')) return undefined;
  const [first = '', ...rest] = pattern.suffix.split('.');
  const parent = rest.join('.');
  const example = `th3re4l${pattern.suffix}`;
  const notOnly = /^[a-z0-9]/.test(first) ? `, not only ${pattern.suffix} and the names below it` : '';
  if (rest.length <= 1 || PUBLIC_SUFFIXES.has(parent))
    return { notOnly, example, whoCan: `anyone can register under ${parent === '' ? 'the root' : `.${parent}`}` };
  const shared = SHARED_DOMAINS.find((d) => d.domain === parent && (d.customerLabel ?? 1) === 1);
  return shared ? { notOnly, example, whoCan: `any ${shared.service} customer can create under ${parent}` } : undefined;
}

/** The base a wildcard pattern spans: `*.x` → `x`; `*x` (every name ending with x) spans `*.x` and more. */
function wildcardBase(pattern: FqdnPattern): string | undefined {
  if (pattern.kind === 'subdomains') return pattern.base;
  if (pattern.kind === 'suffix') return pattern.suffix.replace(/^\./, '');
  return undefined;
}

/** Does the wildcard hold the names of every customer under the shared domain? */
export function spansSharedDomain(pattern: FqdnPattern, shared: SharedDomain): boolean {
  const all: FqdnPattern = { kind: 'subdomains', raw: `*.${shared.domain}`, base: shared.domain };
  if (fqdnContainment(pattern, all) === 'all') return true;
  const base = wildcardBase(pattern);
  if (base === undefined || !base.endsWith(`.${shared.domain}`)) return false;
  return labels(base) - labels(shared.domain) < (shared.customerLabel ?? 1);
}

/** A catalog pattern as an FQDN pattern: a left-most placeholder the cluster fills (`<vault-name>.`) is a wildcard. */
function documentedPattern(text: string): FqdnPattern | undefined {
  const leading = /^<([a-z-]+)>\./i.exec(text);
  const filled =
    leading && !/^(location|region|region-short)$/i.test(leading[1] ?? '')
      ? `*.${text.slice(leading[0].length)}`
      : text;
  if (/<[a-z-]+>/i.test(filled)) return undefined;
  const parsed = parseFqdnPattern(filled);
  return parsed.kind === 'invalid' ? undefined : parsed;
}

/** The catalog entry whose documented pattern allows at least everything the rule's pattern does. */
function documentingEntry(pattern: FqdnPattern, needed: readonly CatalogEntry[]): CatalogEntry | undefined {
  return needed.find((entry) =>
    entry.destinations.some((d) => {
      if (d.kind !== 'fqdn') return false;
      const documented = documentedPattern(d.pattern);
      return documented !== undefined && documented.kind !== 'any' && fqdnContainment(documented, pattern) === 'all';
    }),
  );
}

/**
 * The current catalog entries that a cluster egressing through one of these firewalls needs them to
 * allow: a wildcard is "documented" only for the clusters it serves. An ARO requirement proxied by the
 * ARO service, an entry of a superseded document, or one for a kind of cluster the firewall does not
 * carry does not document a wildcard on it.
 */
function entriesNeededThrough(
  firewallIds: ReadonlySet<string>,
  inventory: Inventory,
  analysis: Analysis,
  settings: RulesSettings,
): CatalogEntry[] {
  const clusters = inventory.clusters.filter((c) =>
    analysis.egressPathOf(c).firewalls.some((f) => firewallIds.has(idKey(f.id))),
  );
  return clusters.flatMap((cluster) =>
    requiredEndpointsFor(cluster, resolutionOptionsFor(cluster, inventory, settings))
      .filter((endpoint) => !endpoint.proxied)
      .flatMap((endpoint) => endpoint.entries.filter((entry) => entry.status !== 'legacy')),
  );
}

/** The firewalls whose rules a policy's groups are: those using it or a child of it. */
function firewallsOfPolicy(inventory: Inventory, policyId: string): Set<string> {
  return new Set(
    inventory.firewalls
      .filter(
        (f) => f.policyId && policyChainOf(inventory, f.policyId).chain.some((p) => idKey(p.id) === idKey(policyId)),
      )
      .map((f) => idKey(f.id)),
  );
}

/** The FQDN patterns a rule allows, by the rule field that holds them (a target URL counts by its host). */
function fqdnsOf(rule: FirewallRule): { value: string; field: 'target-fqdns' | 'target-urls' | 'destination-fqdns' }[] {
  if (rule.kind === 'application') {
    return [
      ...rule.targetFqdns.map((value) => ({ value, field: 'target-fqdns' as const })),
      ...rule.targetUrls.map((url) => ({ value: url.split('/')[0] ?? url, field: 'target-urls' as const })),
    ];
  }
  if (rule.kind === 'network')
    return rule.destinationFqdns.map((value) => ({ value, field: 'destination-fqdns' as const }));
  return [];
}

function* allowRulesOf(collections: RuleCollection[], prefix: string, resource: FindingResource) {
  for (const collection of collections) {
    if (collection.action !== 'Allow') continue;
    for (const rule of collection.rules) {
      if (rule.kind !== 'nat')
        yield { rule, collection: collection.name, path: `${prefix} / ${collection.name} / ${rule.name}`, resource };
    }
  }
}

function describeDomains(shared: readonly SharedDomain[]): string {
  const domains = shared.map((s) => s.domain);
  return domains.length > 4
    ? `${domains.slice(0, 4).join(', ')} and ${domains.length - 4} more shared domains`
    : domains.join(', ');
}

/** A wildcard of a rule that the check reports: over a shared domain, or open to look-alike domains. */
interface Flagged {
  value: string;
  field: 'target-fqdns' | 'target-urls' | 'destination-fqdns';
  pattern: FqdnPattern;
  shared: SharedDomain[];
  first: SharedDomain | undefined;
  lookAlike?: ReturnType<typeof lookAlikeOf>;
  narrower: string;
}

/** What to allow instead of a look-alike wildcard: the domain and the names below it, or the exact names. */
function lookAlikeFix(pattern: FqdnPattern): string {
  const suffix = (pattern as { suffix: string }).suffix;
  return /^[a-z0-9]/.test(suffix) && suffix.split('.').length >= 2
    ? `*.${suffix} (and ${suffix} itself, if it is needed)`
    : `the exact names (${suffix} is only the end of a name)`;
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'multi-tenant-wildcard',
    code: 'AZFW202',
    severity: 'medium',
    title: 'Allow rules do not use wildcards over domains that other customers can host under',
    risk: 'A wildcard such as *.blob.core.windows.net allows every storage account in Azure, including one an attacker owns: a compromised workload can upload data there and the firewall logs show only an allowed Azure host.',
    remediation:
      'Replace the wildcard with the names of the accounts, namespaces, vaults or registries the workload uses (or use private endpoints for them), and keep wildcards only over domains one owner controls.',
    references: [
      'https://learn.microsoft.com/azure/firewall/firewall-faq',
      'https://learn.microsoft.com/azure/openshift/howto-restrict-egress',
      'https://learn.microsoft.com/azure/private-link/private-endpoint-dns',
      'https://learn.microsoft.com/azure/well-architected/service-guides/azure-firewall',
    ],
    messages,
  },
  *run({ inventory, analysis, settings }): Generator<FindingDraft<MessageId>> {
    const neededByFirewalls = new Map<string, CatalogEntry[]>();
    const neededThrough = (firewallIds: Set<string>) => {
      const key = [...firewallIds].sort().join('|');
      let needed = neededByFirewalls.get(key);
      if (!needed) {
        needed = entriesNeededThrough(firewallIds, inventory, analysis, settings ?? {});
        neededByFirewalls.set(key, needed);
      }
      return needed;
    };
    const policyName = new Map(inventory.firewallPolicies.map((p) => [p.id.toLowerCase(), p.name]));
    const candidates = [
      ...inventory.ruleCollectionGroups.flatMap((g) => {
        const policy = policyName.get(g.policyId.toLowerCase()) ?? g.policyId.split('/').at(-1) ?? g.policyId;
        const firewallIds = firewallsOfPolicy(inventory, g.policyId);
        return [...allowRulesOf(g.collections, `${policy} / ${g.name}`, resourceOf(g))].map((c) => ({
          ...c,
          firewallIds,
          command: `az network firewall policy rule-collection-group collection rule update ${scopeArguments(g.id)} --policy-name ${shellQuote(policy)} --rule-collection-group-name ${shellQuote(g.name)} --collection-name ${shellQuote(c.collection)} --name ${shellQuote(c.rule.name)}`,
        }));
      }),
      // Classic collections apply only to a firewall without a policy (classic-rules-in-use reports the others).
      ...inventory.firewalls.flatMap((f) =>
        [
          ...allowRulesOf(
            f.policyId ? [] : [...f.classicCollections.network, ...f.classicCollections.application],
            `${f.name} (classic)`,
            resourceOf(f),
          ),
        ].map((c) => ({ ...c, firewallIds: new Set([idKey(f.id)]), command: undefined })),
      ),
    ];
    for (const { rule, path, resource, command, firewallIds } of candidates) {
      const fqdns = fqdnsOf(rule);
      if (fqdns.length === 0) continue;
      const flagged = fqdns.flatMap(({ value, field }): Flagged[] => {
        const pattern = parseFqdnPattern(value);
        // `*` alone is overly-broad-rule's finding; an invalid pattern matches nothing; an exact name is one owner's.
        if (pattern.kind === 'any' || pattern.kind === 'invalid' || pattern.kind === 'exact') return [];
        // Network rules take no wildcard FQDNs at all (fqdn-network-rule-without-dns-proxy): they allow no look-alike.
        const lookAlike = field === 'destination-fqdns' ? undefined : lookAlikeOf(pattern);
        const shared = SHARED_DOMAINS.filter((s) => spansSharedDomain(pattern, s));
        // The shared domain the pattern is written over, else the nearest one it lies in, describes it best.
        const base = wildcardBase(pattern) ?? '';
        const first =
          shared.find((s) => s.domain === base) ??
          shared.filter((s) => base.endsWith(`.${s.domain}`)).sort((a, b) => labels(b.domain) - labels(a.domain))[0] ??
          shared[0];
        if (lookAlike) return [{ value, field, pattern, shared, first, lookAlike, narrower: lookAlikeFix(pattern) }];
        return first
          ? [{ value, field, pattern, shared, first, narrower: first.narrower.replaceAll('{domain}', first.domain) }]
          : [];
      });
      if (flagged.length === 0) {
        yield { status: 'pass', messageId: 'noSharedWildcard', resource, subject: path, data: { rule: path } };
        continue;
      }
      /** One command per field that replaces every flagged wildcard in it, so the findings' commands agree. */
      const cliFor = (field: (typeof fqdns)[number]['field']) => {
        if (!command || field === 'target-urls') return undefined;
        const bad = new Set(flagged.filter((f) => f.field === field).map((f) => f.value));
        const kept = fqdns.filter((f) => f.field === field && !bad.has(f.value)).map((f) => f.value);
        const narrower = flagged
          .filter((f) => f.field === field)
          .map((f) => (f.narrower.startsWith('<') ? f.narrower : '<specific-name>'));
        return `${command} --${field} ${[...new Set([...kept, ...narrower])].map(shellQuote).join(' ')}`;
      };
      const ruleEvidence = (field: Flagged['field']): Evidence => ({
        kind: 'rule',
        label: path,
        detail: `${rule.kind} rule; ${field.replace('-', ' ')} ${fqdns
          .filter((f) => f.field === field)
          .map((f) => f.value)
          .join(', ')}`,
        resourceId: resource.id,
      });
      for (const flag of flagged) {
        const { value: fqdn, field, pattern, shared, first, narrower } = flag;
        if (flag.lookAlike) {
          yield {
            status: 'fail',
            severity: 'high',
            messageId: 'lookAlikeWildcard',
            resource,
            subject: `${path} [${fqdn}]`,
            data: {
              rule: path,
              fqdn,
              suffix: (pattern as { suffix: string }).suffix,
              // No document requires a wildcard without its dot: none of the needed entries contains it.
              documented: documentingEntry(pattern, neededThrough(firewallIds)) !== undefined,
              ...flag.lookAlike,
              instead: narrower,
              alsoShared:
                shared.length > 0 ? ` It also holds the name of every customer under ${describeDomains(shared)}.` : '',
            },
            evidence: [ruleEvidence(field)],
            remediation: {
              text: `In ${path}, replace ${fqdn} with ${narrower}: a dot after the asterisk keeps the wildcard inside the domain.`,
            },
          };
          continue;
        }
        if (!first) continue;
        const documentedBy = documentingEntry(pattern, neededThrough(firewallIds));
        const data = {
          rule: path,
          fqdn,
          domain: describeDomains(shared),
          service: [...new Set(shared.map((s) => s.service))].join('; '),
          reason: first.reason.replaceAll('{domain}', first.domain),
          narrower,
          documented: documentedBy !== undefined,
          documentedBy: documentedBy
            ? `${documentedBy.id}, ${documentedBy.source.title}, ${documentedBy.source.url}`
            : '',
        };
        const cli = cliFor(field);
        yield {
          status: 'fail',
          messageId: documentedBy ? 'documentedSharedWildcard' : 'sharedWildcard',
          resource,
          subject: `${path} [${fqdn}]`,
          data,
          evidence: [
            ruleEvidence(field),
            ...(documentedBy
              ? [
                  {
                    kind: 'catalog' as const,
                    label: documentedBy.id,
                    detail: `${documentedBy.purpose} Source: ${documentedBy.source.title} (${documentedBy.source.date}) ${documentedBy.source.url}`,
                  },
                ]
              : []),
          ],
          remediation: {
            text: `In ${path}, replace ${fqdn} with the specific names the workload uses (${narrower}), or reach those resources through private endpoints.`,
            ...(cli && { cli }),
          },
        };
      }
    }
  },
});

export default check;
