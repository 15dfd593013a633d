import {
  type Check,
  defineCheck,
  type FindingDraft,
  type FindingResource,
  type FirewallRule,
  type FqdnPattern,
  fqdnContainment,
  parseFqdnPattern,
  type RuleCollection,
} from '@aro-aks-audit/auditor';
import { CATALOG } from '../catalog/index.ts';
import { SHARED_DOMAINS, type SharedDomain } from '../catalog/shared-domains.ts';
import type { CatalogEntry } from '../catalog/types.ts';
import type { RulesSettings } from '../settings.ts';
import { resourceGroupWord, shellQuote } from '../shell.ts';
import { resourceOf } from './cluster-ref.ts';

const messages = {
  noSharedWildcard: 'Allow rule {{rule}} names no wildcard over a domain that other customers can host under.',
  sharedWildcard:
    'Allow rule {{rule}} allows {{fqdn}}, which holds every name under {{domain}} ({{service}}): {{reason}}. That is an exfiltration path: data can be sent to an account, app or bucket someone else owns. Allow the specific names instead, e.g. {{narrower}}.',
  documentedSharedWildcard:
    'Allow rule {{rule}} allows {{fqdn}}, which holds every name under {{domain}} ({{service}}): {{reason}}. That is an exfiltration path, although a documented requirement uses this wildcard ({{documentedBy}}). Allow the specific names where you can, e.g. {{narrower}}, or record why the wildcard is accepted.',
} as const;

type MessageId = keyof typeof messages;

const labels = (name: string) => name.split('.').length;

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

/** The catalog entry whose documented pattern allows at least everything the rule's pattern does, current first. */
function documentingEntry(pattern: FqdnPattern, catalog: readonly CatalogEntry[]): CatalogEntry | undefined {
  const documenting = catalog.filter((entry) =>
    entry.destinations.some((d) => {
      if (d.kind !== 'fqdn') return false;
      const documented = documentedPattern(d.pattern);
      return documented !== undefined && documented.kind !== 'any' && fqdnContainment(documented, pattern) === 'all';
    }),
  );
  return documenting.find((e) => e.status !== 'legacy') ?? documenting[0];
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
  *run({ inventory, settings }): Generator<FindingDraft<MessageId>> {
    const catalog = settings?.catalog ?? CATALOG;
    const policyName = new Map(inventory.firewallPolicies.map((p) => [p.id.toLowerCase(), p.name]));
    const candidates = [
      ...inventory.ruleCollectionGroups.flatMap((g) => {
        const policy = policyName.get(g.policyId.toLowerCase()) ?? g.policyId.split('/').at(-1) ?? g.policyId;
        return [...allowRulesOf(g.collections, `${policy} / ${g.name}`, resourceOf(g))].map((c) => ({
          ...c,
          command: `az network firewall policy rule-collection-group collection rule update --resource-group ${resourceGroupWord(g.id)} --policy-name ${shellQuote(policy)} --rule-collection-group-name ${shellQuote(g.name)} --collection-name ${shellQuote(c.collection)} --name ${shellQuote(c.rule.name)}`,
        }));
      }),
      ...inventory.firewalls.flatMap((f) =>
        [
          ...allowRulesOf(
            [...f.classicCollections.network, ...f.classicCollections.application],
            `${f.name} (classic)`,
            resourceOf(f),
          ),
        ].map((c) => ({ ...c, command: undefined })),
      ),
    ];
    for (const { rule, path, resource, command } of candidates) {
      const fqdns = fqdnsOf(rule);
      if (fqdns.length === 0) continue;
      const flagged = fqdns.flatMap(({ value, field }) => {
        const pattern = parseFqdnPattern(value);
        // `*` alone is overly-broad-rule's finding; an invalid pattern matches nothing; an exact name is one owner's.
        if (pattern.kind === 'any' || pattern.kind === 'invalid' || pattern.kind === 'exact') return [];
        const shared = SHARED_DOMAINS.filter((s) => spansSharedDomain(pattern, s));
        // The shared domain the pattern is written over, else the nearest one it lies in, describes it best.
        const base = wildcardBase(pattern) ?? '';
        const first =
          shared.find((s) => s.domain === base) ??
          shared.filter((s) => base.endsWith(`.${s.domain}`)).sort((a, b) => labels(b.domain) - labels(a.domain))[0] ??
          shared[0];
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
      for (const { value: fqdn, field, pattern, shared, first, narrower } of flagged) {
        const documentedBy = documentingEntry(pattern, catalog);
        const domains = shared.map((s) => s.domain);
        const data = {
          rule: path,
          fqdn,
          domain:
            domains.length > 4
              ? `${domains.slice(0, 4).join(', ')} and ${domains.length - 4} more shared domains`
              : domains.join(', '),
          service: [...new Set(shared.map((s) => s.service))].join('; '),
          reason: first.reason.replaceAll('{domain}', first.domain),
          narrower,
          documented: documentedBy !== undefined,
          documentedBy: documentedBy
            ? `${documentedBy.id}, ${documentedBy.source.title}${documentedBy.status === 'legacy' ? ' (an older version)' : ''}, ${documentedBy.source.url}`
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
            {
              kind: 'rule',
              label: path,
              detail: `${rule.kind} rule; ${field.replace('-', ' ')} ${fqdns
                .filter((f) => f.field === field)
                .map((f) => f.value)
                .join(', ')}`,
              resourceId: resource.id,
            },
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
