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
  /** Classic rules on the firewall resource, or a Firewall Policy chain (parent first). */
  source: 'classic' | 'policy';
  policyChain: string[];
  dnsProxyEnabled: boolean;
  threatIntelMode?: string;
  nat: ProgramEntry[];
  network: ProgramEntry[];
  application: ProgramEntry[];
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
  const chain: FirewallPolicy[] = [];
  const missing: string[] = [];
  let nextId: string | undefined = firewall.policyId;
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
  return {
    ok: true,
    program: {
      firewallId: firewall.id,
      firewallName: firewall.name,
      source: 'policy',
      policyChain: chain.map((p) => p.name),
      // DNS proxy is a setting of the policy the firewall uses (the child), which inherits the parent's unless set.
      dnsProxyEnabled: leaf?.dnsProxyEnabled ?? false,
      threatIntelMode: leaf?.threatIntelMode,
      ...entries,
    },
  };
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
  const proxy = Object.entries(firewall.additionalProperties).find(
    ([k]) => k.toLowerCase() === 'network.dns.enableproxy',
  );
  return {
    firewallId: firewall.id,
    firewallName: firewall.name,
    source: 'classic',
    policyChain: [],
    dnsProxyEnabled: proxy?.[1]?.toLowerCase() === 'true',
    threatIntelMode: firewall.threatIntelMode,
    nat: entriesOf(firewall.classicCollections.nat),
    network: entriesOf(firewall.classicCollections.network),
    application: entriesOf(firewall.classicCollections.application),
  };
}
