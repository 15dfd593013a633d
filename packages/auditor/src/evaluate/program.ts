import { compareText } from '../model/compare.ts';
import {
  type CollectionAction,
  type Firewall,
  type FirewallPolicy,
  type FirewallRule,
  type Inventory,
  idKey,
  type RuleCollection,
} from '../model/inventory.ts';

/** One rule in processing order, with the portal-style path that names it in every verdict. */
export interface ProgramEntry {
  rule: FirewallRule;
  action: CollectionAction;
  policy?: string;
  policyId?: string;
  group?: string;
  groupPriority?: number;
  collection: string;
  collectionPriority: number;
  /** `policy / group / collection / rule`, or `firewall (classic) / collection / rule`. */
  path: string;
  resourceId: string;
}

export interface FirewallProgram {
  firewallId: string;
  firewallName: string;
  /** The firewall's SKU tier (`Basic`, `Standard`, `Premium`): what it can do, whatever the policy asks. */
  skuTier?: string;
  /** Classic rules on the firewall resource, or a Firewall Policy chain (parent first). */
  source: 'classic' | 'policy';
  policyChain: string[];
  /** Whether the firewall really runs a DNS proxy: `dnsProxy.enabled`. */
  dnsProxyEnabled: boolean;
  dnsProxy: DnsProxySetting;
  /** TLS inspection really runs: a Premium firewall whose policy holds the TLS inspection settings. */
  tlsInspection: boolean;
  threatIntelMode?: string;
  nat: ProgramEntry[];
  network: ProgramEntry[];
  application: ProgramEntry[];
}

/** The DNS proxy setting that applies to a firewall, and where it comes from. */
export interface DnsProxySetting {
  enabled: boolean;
  /** Where the setting that applies is written: a policy of the chain, the classic firewall, or nowhere (the default). */
  setOn?: { kind: 'policy' | 'firewall'; id: string; name: string };
  /** Why it applies, for evidence: `set on policy afwp-base`, `inherited from parent policy afwp-base`. */
  source: string;
  /** What the configuration asks for when the SKU cannot do it (Basic): the proxy is off whatever it says. */
  requested?: boolean;
}

const DNS_SETTINGS_DOC = 'https://learn.microsoft.com/azure/firewall/dns-settings';
const FEATURES_BY_SKU_DOC = 'https://learn.microsoft.com/azure/firewall/features-by-sku';

const isTier = (tier: string | undefined, wanted: string) => tier?.toLowerCase() === wanted.toLowerCase();

/**
 * The DNS proxy setting of a firewall. Policy: "A child policy inherits all parent policy DNS settings,
 * but it can override the parent policy", and "Policy DNS settings applied to a standalone firewall
 * override the standalone firewall's DNS settings" (DNS_SETTINGS_DOC, "Policy inheritance"); unset
 * everywhere, "DNS Proxy is disabled" by default. Basic has no DNS proxy ("DNS proxy: Not available",
 * FEATURES_BY_SKU_DOC, ms.date 09/18/2025), whatever the configuration says.
 */
export function dnsProxySettingOf(firewall: Firewall, chain: readonly FirewallPolicy[]): DnsProxySetting {
  const written = firewall.policyId ? policyDnsProxySetting(chain) : classicDnsProxySetting(firewall);
  if (!isTier(firewall.skuTier, 'Basic')) return written;
  return {
    ...written,
    enabled: false,
    requested: written.enabled,
    source: `${written.source}; but ${firewall.name} is a Basic firewall, which has no DNS proxy (${FEATURES_BY_SKU_DOC})`,
  };
}

/** The DNS proxy setting a policy chain (parent first) gives the last policy: its own, else the nearest ancestor's. */
export function policyDnsProxySetting(chain: readonly FirewallPolicy[]): DnsProxySetting {
  const leaf = chain.at(-1);
  for (const policy of [...chain].reverse()) {
    if (policy.dnsProxyEnabled === undefined) continue;
    const setOn = { kind: 'policy' as const, id: policy.id, name: policy.name };
    return policy === leaf
      ? { enabled: policy.dnsProxyEnabled, setOn, source: `set on policy ${policy.name}` }
      : {
          enabled: policy.dnsProxyEnabled,
          setOn,
          source: `inherited from parent policy ${policy.name} (policy ${leaf?.name ?? '?'} does not set it)`,
        };
  }
  return {
    enabled: false,
    source: `set on no policy of the chain (${chain.map((p) => p.name).join(', ')}): DNS proxy is disabled by default (${DNS_SETTINGS_DOC})`,
  };
}

function classicDnsProxySetting(firewall: Firewall): DnsProxySetting {
  const proxy = Object.entries(firewall.additionalProperties).find(
    ([k]) => k.toLowerCase() === 'network.dns.enableproxy',
  );
  return proxy
    ? {
        enabled: proxy[1].toLowerCase() === 'true',
        setOn: { kind: 'firewall', id: firewall.id, name: firewall.name },
        source: `set on firewall ${firewall.name} (additionalProperties Network.DNS.EnableProxy)`,
      }
    : {
        enabled: false,
        source: `not set on firewall ${firewall.name} (additionalProperties Network.DNS.EnableProxy): DNS proxy is disabled by default (${DNS_SETTINGS_DOC})`,
      };
}

export type ProgramResult = { ok: true; program: FirewallProgram } | { ok: false; cause: string; missing: string[] };

/**
 * Compiles a firewall's rules into the documented processing order
 * (https://learn.microsoft.com/azure/firewall/rule-processing): all DNAT rules, then all network
 * rules, then all application rules, regardless of group priority; within a type, a parent policy's
 * rule collection groups before the child's ("Rule Collection Groups in the parent policy always take
 * precedence regardless of the priority of a child policy"), then group priority, then collection
 * priority, then the rules top-down. Equal priorities keep input order by name (the docs are silent).
 */
export function compileFirewallProgram(inventory: Inventory, firewall: Firewall): ProgramResult {
  if (!firewall.policyId)
    return unreadableParts(inventory, [firewall.id]) ?? { ok: true, program: compileClassic(firewall) };
  const { chain, missing } = policyChainOf(inventory, firewall.policyId);
  const entries: Record<'nat' | 'network' | 'application', ProgramEntry[]> = { nat: [], network: [], application: [] };
  for (const policy of chain) {
    const groups = inventory.ruleCollectionGroups.filter((g) => idKey(g.policyId) === idKey(policy.id));
    for (const groupId of policy.ruleCollectionGroupIds) {
      if (!groups.some((g) => idKey(g.id) === idKey(groupId))) missing.push(groupId);
    }
    const ordered = [...groups].sort((a, b) => a.priority - b.priority || compareText(a.name, b.name));
    for (const group of ordered) {
      for (const collection of sortCollections(group.collections)) {
        for (const rule of collection.rules) {
          entries[rule.kind === 'nat' ? 'nat' : rule.kind].push({
            rule,
            action: collection.action,
            policy: policy.name,
            policyId: policy.id,
            group: group.name,
            groupPriority: group.priority,
            collection: collection.name,
            collectionPriority: collection.priority,
            path: `${policy.name} / ${group.name} / ${collection.name} / ${rule.name}`,
            resourceId: group.id,
          });
        }
      }
    }
  }
  if (missing.length > 0) {
    return { ok: false, cause: `not in the input: ${missing.join(', ')}`, missing };
  }
  const unreadable = unreadableParts(inventory, [
    ...chain.map((p) => p.id),
    ...inventory.ruleCollectionGroups
      .filter((g) => chain.some((p) => idKey(p.id) === idKey(g.policyId)))
      .map((g) => g.id),
  ]);
  if (unreadable) return unreadable;
  const leaf = chain.at(-1);
  const dnsProxy = dnsProxySettingOf(firewall, chain);
  return {
    ok: true,
    program: {
      firewallId: firewall.id,
      firewallName: firewall.name,
      ...(firewall.skuTier !== undefined && { skuTier: firewall.skuTier }),
      source: 'policy',
      policyChain: chain.map((p) => p.name),
      dnsProxyEnabled: dnsProxy.enabled,
      dnsProxy,
      // TLS inspection needs the policy's TLS settings (its CA) and runs on Premium only (FEATURES_BY_SKU_DOC).
      tlsInspection: isTier(firewall.skuTier, 'Premium') && chain.some((p) => p.tlsInspectionEnabled),
      threatIntelMode: leaf?.threatIntelMode,
      ...entries,
    },
  };
}

/** A policy and its ancestors, parent first; the ids that could not be followed (not in the input, a cycle). */
export function policyChainOf(inventory: Inventory, policyId: string): { chain: FirewallPolicy[]; missing: string[] } {
  const chain: FirewallPolicy[] = [];
  const missing: string[] = [];
  let nextId: string | undefined = policyId;
  const seen = new Set<string>();
  while (nextId) {
    if (seen.has(idKey(nextId))) {
      missing.push(`${nextId} (parent policy cycle)`);
      break;
    }
    seen.add(idKey(nextId));
    const policy = inventory.firewallPolicies.find((p) => idKey(p.id) === idKey(nextId ?? ''));
    if (!policy) {
      missing.push(nextId);
      break;
    }
    chain.unshift(policy);
    nextId = policy.basePolicyId;
  }
  return { chain, missing };
}

/**
 * The parts of these resources (policies, rule collection groups, a classic firewall) that could not be
 * read, as a failed compilation: a skipped collection or rule may be the one that allows or denies, so
 * no verdict over the rest is reported as if it were the whole rule set.
 */
function unreadableParts(inventory: Inventory, resourceIds: readonly string[]): ProgramResult | undefined {
  const ids = new Set(resourceIds.map(idKey));
  const causes = inventory.unavailable
    .filter((u) => u.resourceId !== undefined && ids.has(idKey(u.resourceId)))
    .map((u) => u.cause);
  if (causes.length === 0) return undefined;
  return { ok: false, cause: `parts of the rules could not be read: ${causes.join('; ')}`, missing: [] };
}

function sortCollections(collections: RuleCollection[]): RuleCollection[] {
  return [...collections].sort((a, b) => a.priority - b.priority || compareText(a.name, b.name));
}

function compileClassic(firewall: Firewall): FirewallProgram {
  const entriesOf = (collections: RuleCollection[]): ProgramEntry[] =>
    sortCollections(collections).flatMap((collection) =>
      collection.rules.map((rule) => ({
        rule,
        action: collection.action,
        collection: collection.name,
        collectionPriority: collection.priority,
        path: `${firewall.name} (classic) / ${collection.name} / ${rule.name}`,
        resourceId: firewall.id,
      })),
    );
  const dnsProxy = dnsProxySettingOf(firewall, []);
  return {
    firewallId: firewall.id,
    firewallName: firewall.name,
    ...(firewall.skuTier !== undefined && { skuTier: firewall.skuTier }),
    source: 'classic',
    policyChain: [],
    dnsProxyEnabled: dnsProxy.enabled,
    dnsProxy,
    // Classic rules hold no TLS inspection (Premium features need Firewall Policy).
    tlsInspection: false,
    threatIntelMode: firewall.threatIntelMode,
    nat: entriesOf(firewall.classicCollections.nat),
    network: entriesOf(firewall.classicCollections.network),
    application: entriesOf(firewall.classicCollections.application),
  };
}
