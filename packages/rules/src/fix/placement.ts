/**
 * Where a new allow collection goes so that it takes effect, and a name and priority no other
 * collection of its group has — nor any collection another finding's fix proposes in the same audit
 * (the ledger is per inventory), so the fixes of several findings can all be applied.
 *
 * Processing order (https://learn.microsoft.com/azure/firewall/rule-processing): network rules before
 * application rules; a parent policy's groups before the child's; then group priority, collection
 * priority, rules top-down. When nothing matches the traffic (the default deny decides), the collection
 * goes after every collection of the group that already allows the same sources, so it cannot take
 * traffic from a rule processed before it; when a deny rule decides, it goes just before that rule's
 * collection, in the same group.
 */
import type { FirewallProgram, Inventory, ProgramEntry } from '@aro-aks-audit/auditor';
import { parseArmId } from '@aro-aks-audit/auditor';

export type Container =
  | { kind: 'policy'; policyId: string; group: string; groupPriority: number; newGroup: boolean }
  | { kind: 'classic'; firewallId: string; ruleKind: 'application' | 'network' };

export interface Placement {
  container: Container;
  name: string;
  priority: number;
}

const MIN = 100;
const MAX = 65000;

interface Taken {
  priorities: Set<number>;
  names: Set<string>;
}

/** The priorities and names used in each group (or classic collection list), existing and proposed. */
export interface Ledger {
  taken(container: Container): Taken;
}

const LEDGERS = new WeakMap<Inventory, Ledger>();

const keyOf = (c: Container) =>
  c.kind === 'policy'
    ? `policy|${c.policyId.toLowerCase()}|${c.group.toLowerCase()}`
    : `classic|${c.firewallId.toLowerCase()}|${c.ruleKind}`;

/** One ledger per inventory: every fix proposed in one audit draws its names and priorities from it. */
export function ledgerOf(inventory: Inventory): Ledger {
  let ledger = LEDGERS.get(inventory);
  if (ledger) return ledger;
  const byKey = new Map<string, Taken>();
  ledger = {
    taken(container) {
      const key = keyOf(container);
      let taken = byKey.get(key);
      if (!taken) {
        const collections =
          container.kind === 'policy'
            ? (inventory.ruleCollectionGroups.find(
                (g) =>
                  g.policyId.toLowerCase() === container.policyId.toLowerCase() &&
                  g.name.toLowerCase() === container.group.toLowerCase(),
              )?.collections ?? [])
            : (inventory.firewalls.find((f) => f.id.toLowerCase() === container.firewallId.toLowerCase())
                ?.classicCollections[container.ruleKind] ?? []);
        taken = {
          priorities: new Set(collections.map((c) => c.priority)),
          names: new Set(collections.map((c) => c.name.toLowerCase())),
        };
        byKey.set(key, taken);
      }
      return taken;
    },
  };
  LEDGERS.set(inventory, ledger);
  return ledger;
}

/** A name not taken in the container: the stem, else the stem with a number. */
function takeName(taken: Taken, stem: string): string {
  let name = stem;
  for (let n = 2; taken.names.has(name.toLowerCase()); n++) name = `${stem}-${n}`;
  taken.names.add(name.toLowerCase());
  return name;
}

/** The first free priority from `from` in the direction given, within 100–65000. */
function takePriority(taken: Taken, from: number, step: 1 | -1): number | undefined {
  for (let p = Math.min(Math.max(from, MIN), MAX); p >= MIN && p <= MAX; p += step) {
    if (!taken.priorities.has(p)) {
      taken.priorities.add(p);
      return p;
    }
  }
  return undefined;
}

/**
 * Where an allow collection of `kind` rules for these sources takes effect, given the deny rule that
 * decides today (undefined: the default deny). Undefined with the reason when no place can work.
 */
export function placeCollection(
  inventory: Inventory,
  program: FirewallProgram,
  leafPolicyId: string | undefined,
  kind: 'application' | 'network',
  sources: readonly string[],
  stem: string,
  decidingDeny: ProgramEntry | undefined,
): Placement | { note: string } {
  const ledger = ledgerOf(inventory);
  if (program.source === 'classic') {
    const container: Container = { kind: 'classic', firewallId: program.firewallId, ruleKind: kind };
    const taken = ledger.taken(container);
    if (decidingDeny)
      return {
        note: `deny rule ${decidingDeny.path} decides first; a classic collection before it needs a priority below ${decidingDeny.collectionPriority}: narrow that rule instead`,
      };
    const highest = Math.max(MIN - 10, ...taken.priorities);
    const priority = takePriority(taken, highest + 10, 1) ?? takePriority(taken, MAX, -1);
    if (priority === undefined) return { note: `${program.firewallName} has no free ${kind} collection priority left` };
    return { container, name: takeName(taken, stem), priority };
  }
  const leaf = program.policyChain.at(-1);
  const entries = program[kind];
  if (decidingDeny) {
    if (decidingDeny.policy !== leaf)
      return {
        note: `deny rule ${decidingDeny.path} is in the parent policy ${decidingDeny.policy}, whose groups are processed before the child's whatever their priority: narrow it there`,
      };
    if (decidingDeny.rule.kind !== kind)
      return {
        note: `${decidingDeny.rule.kind} rule ${decidingDeny.path} denies it, and ${decidingDeny.rule.kind} rules are processed before ${kind} rules: narrow that rule`,
      };
    const container: Container = {
      kind: 'policy',
      policyId: decidingDeny.policyId ?? '',
      group: decidingDeny.group ?? '',
      groupPriority: decidingDeny.groupPriority ?? MAX,
      newGroup: false,
    };
    const taken = ledger.taken(container);
    const priority = takePriority(taken, decidingDeny.collectionPriority - 1, -1);
    if (priority === undefined)
      return {
        note: `no collection priority is free before ${decidingDeny.path}'s collection (${decidingDeny.collectionPriority})`,
      };
    return { container, name: takeName(taken, stem), priority };
  }
  const leafAllows = entries.filter((e) => e.action === 'Allow' && e.group && e.policy === leaf);
  const sameSources = leafAllows.find((e) => sources.some((s) => e.rule.sourceAddresses.includes(s)));
  const chosen = sameSources ?? leafAllows.at(-1);
  if (!chosen?.group || !chosen.policyId) {
    // A policy without an allow of this kind: a group of its own, after every group the policy has.
    const policyId = leafPolicyId ?? chosen?.policyId ?? '';
    const groups = inventory.ruleCollectionGroups.filter((g) => g.policyId.toLowerCase() === policyId.toLowerCase());
    const groupPriority = Math.min(MAX, Math.max(MIN, ...groups.map((g) => g.priority + 100)));
    const container: Container = {
      kind: 'policy',
      policyId,
      group: stem.replace(/^allow-/, 'rcg-'),
      groupPriority,
      newGroup: true,
    };
    const taken = ledger.taken(container);
    const priority = takePriority(taken, MIN, 1) as number;
    return { container, name: takeName(taken, stem), priority };
  }
  const container: Container = {
    kind: 'policy',
    policyId: chosen.policyId,
    group: chosen.group,
    groupPriority: chosen.groupPriority ?? MAX,
    newGroup: false,
  };
  const taken = ledger.taken(container);
  // After every collection of the group, of either rule type, and after the ones other fixes proposed.
  const highest = Math.max(MIN - 10, ...taken.priorities);
  const priority = takePriority(taken, highest + 10, 1) ?? takePriority(taken, MAX, -1);
  if (priority === undefined) return { note: `group ${chosen.group} has no free collection priority left` };
  return { container, name: takeName(taken, stem), priority };
}

/** The subscription an ARM id is in, for `--subscription`. */
export const subscriptionOf = (id: string): string | undefined => parseArmId(id)?.subscriptionId;
