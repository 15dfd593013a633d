/**
 * What shadowed-rule and redundant-rule share: the rule orders to compare (each firewall's, and each
 * policy no firewall uses), how a rule and its position are described as evidence, and the driver that
 * turns the comparison of each rule order into findings, once per rule even when firewalls share it.
 */
import {
  type Analysis,
  type CheckContext,
  type CoveringRule,
  compileFirewallProgram,
  type Evidence,
  type FindingDraft,
  type FindingResource,
  type Firewall,
  findShadowing,
  type Inventory,
  idKey,
  type ProgramEntry,
  type ProgramResult,
  type RuleCoverage,
} from '@aro-aks-audit/auditor';
import { resourceOf } from './checks/cluster-ref.ts';

/** Policies that a firewall in the input uses, directly or as an ancestor of the policy it uses. */
export function policiesInUse(inventory: Inventory): Set<string> {
  const byId = new Map(inventory.firewallPolicies.map((p) => [idKey(p.id), p]));
  const used = new Set<string>();
  for (const firewall of inventory.firewalls) {
    let next = firewall.policyId ? idKey(firewall.policyId) : undefined;
    while (next && !used.has(next)) {
      used.add(next);
      const base = byId.get(next)?.basePolicyId;
      next = base ? idKey(base) : undefined;
    }
  }
  return used;
}

/** A rule order to analyse: a firewall's, or that of a policy no firewall in the input uses. */
export interface RuleOrder {
  resource: FindingResource;
  /** `firewall afw-hub`, `policy afwp (used by no firewall in the input)`. */
  target: string;
  result: ProgramResult;
}

const UNUSED_POLICY_PROGRAMS = new WeakMap<Inventory, Map<string, ProgramResult>>();

/**
 * Every firewall's rule order (`analysis.programOf`), then that of each policy that no firewall in the
 * input uses, directly or as an ancestor, compiled as a firewall using it would see it. A parent of such
 * a policy is analysed through its children only, so that its rules are not reported twice.
 */
export function ruleOrders(inventory: Inventory, analysis: Analysis): RuleOrder[] {
  const orders: RuleOrder[] = inventory.firewalls.map((firewall) => ({
    resource: resourceOf(firewall),
    target: `firewall ${firewall.name}`,
    result: analysis.programOf(firewall),
  }));
  const used = policiesInUse(inventory);
  const unused = inventory.firewallPolicies.filter((p) => !used.has(idKey(p.id)));
  const parents = new Set(unused.flatMap((p) => (p.basePolicyId ? [idKey(p.basePolicyId)] : [])));
  let cache = UNUSED_POLICY_PROGRAMS.get(inventory);
  if (!cache) {
    cache = new Map();
    UNUSED_POLICY_PROGRAMS.set(inventory, cache);
  }
  for (const policy of unused) {
    if (parents.has(idKey(policy.id))) continue;
    let result = cache.get(idKey(policy.id));
    if (!result) {
      // The rule order a firewall using this policy would have: compileFirewallProgram reads only the policy id.
      const asUsed: Firewall = {
        id: policy.id,
        name: policy.name,
        type: 'Microsoft.Network/azureFirewalls',
        tags: {},
        origin: policy.origin,
        policyId: policy.id,
        zones: [],
        ipConfigurations: [],
        hubPublicIpAddresses: [],
        classicCollections: { application: [], network: [], nat: [] },
        additionalProperties: {},
      };
      result = compileFirewallProgram(inventory, asUsed);
      cache.set(idKey(policy.id), result);
    }
    orders.push({
      resource: resourceOf(policy),
      target: `policy ${policy.name} (used by no firewall in the input)`,
      result,
    });
  }
  return orders;
}

/** The resource a rule lives in: its rule collection group, or the firewall for classic rules. */
export function entryResources(inventory: Inventory): (entry: ProgramEntry) => FindingResource {
  const byId = new Map<string, FindingResource>();
  for (const f of inventory.firewalls) byId.set(idKey(f.id), resourceOf(f));
  for (const g of inventory.ruleCollectionGroups) byId.set(idKey(g.id), resourceOf(g));
  return (entry) =>
    byId.get(idKey(entry.resourceId)) ?? {
      id: entry.resourceId,
      name: entry.resourceId.split('/').at(-1) ?? entry.resourceId,
      type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
    };
}

const nameOf = (id: string) => id.split('/').at(-1) ?? id;
const list = (values: readonly string[]) => (values.length > 0 ? values.join(', ') : 'none');

/** Where a rule sits in the processing order, as a reviewer looks for it. */
function position(entry: ProgramEntry): string {
  const collection = `collection ${entry.collection} (priority ${entry.collectionPriority})`;
  return entry.group
    ? `${collection} in group ${entry.group} (priority ${entry.groupPriority}) of policy ${entry.policy}`
    : `${collection} (classic)`;
}

/** A rule with its fields, for the evidence. */
export function describeEntry(entry: ProgramEntry): string {
  const { rule } = entry;
  const sources = list([...rule.sourceAddresses, ...rule.sourceIpGroups.map((g) => `IP group ${nameOf(g)}`)]);
  if (rule.kind === 'network') {
    const destinations = [
      ...rule.destinationAddresses,
      ...rule.destinationIpGroups.map((g) => `IP group ${nameOf(g)}`),
      ...rule.destinationFqdns,
    ];
    return `${entry.action} network rule in ${position(entry)}: sources ${sources}; protocols ${list(rule.ipProtocols)}; destinations ${list(destinations)}; ports ${list(rule.destinationPorts)}`;
  }
  if (rule.kind === 'application') {
    const parts = [
      `protocols ${list(rule.protocols.map((p) => `${p.protocolType}:${p.port}`))}`,
      rule.targetFqdns.length > 0 && `target FQDNs ${list(rule.targetFqdns)}`,
      rule.targetUrls.length > 0 && `target URLs ${list(rule.targetUrls)}`,
      rule.fqdnTags.length > 0 && `FQDN tags ${list(rule.fqdnTags)}`,
      rule.webCategories.length > 0 && `web categories ${list(rule.webCategories)}`,
      rule.destinationAddresses.length > 0 && `destination addresses ${list(rule.destinationAddresses)}`,
    ].filter(Boolean);
    return `${entry.action} application rule in ${position(entry)}: sources ${sources}; ${parts.join('; ')}`;
  }
  return `${entry.action} rule in ${position(entry)}`;
}

export function ruleEvidence(later: ProgramEntry, earlier: ProgramEntry, why: readonly string[] = []): Evidence[] {
  return [
    { kind: 'rule', label: later.path, detail: describeEntry(later), resourceId: later.resourceId },
    {
      kind: 'rule',
      label: earlier.path,
      detail: `matched first: ${describeEntry(earlier)}`,
      resourceId: earlier.resourceId,
    },
    ...(why.length > 0
      ? [{ kind: 'assumption' as const, label: 'not decidable offline', detail: [...new Set(why)].join('; ') }]
      : []),
  ];
}

/** How the earlier rule comes first, which decides what moving a rule can achieve. */
export type Placement = 'network-first' | 'parent-policy' | 'same-collection' | 'same-group' | 'elsewhere';

export function placement(earlier: CoveringRule, later: RuleCoverage): Placement {
  if (earlier.kind === 'network' && later.kind === 'application') return 'network-first';
  const e = earlier.entry;
  const l = later.entry;
  if (e.policyId && l.policyId && idKey(e.policyId) !== idKey(l.policyId)) return 'parent-policy';
  if (idKey(e.resourceId) === idKey(l.resourceId) && e.collection === l.collection) return 'same-collection';
  if (e.group && idKey(e.resourceId) === idKey(l.resourceId)) return 'same-group';
  return 'elsewhere';
}

/** Findings of several rule orders (firewalls sharing a policy or a parent) for the same rule, once. */
export class FindingSet<MessageId extends string> {
  readonly #drafts = new Map<string, FindingDraft<MessageId>>();
  /** Adds the draft, or notes the other rule order (and its covering rule, when another) on the one already there. */
  add(draft: FindingDraft<MessageId>, target: string): void {
    const key = `${idKey(draft.resource.id)}\n${draft.subject ?? ''}`;
    const existing = this.#drafts.get(key);
    if (!existing) {
      this.#drafts.set(key, draft);
      return;
    }
    const coveredBy = draft.data?.coveredBy;
    existing.evidence?.push(
      coveredBy === existing.data?.coveredBy
        ? { kind: 'assumption', label: 'also in the rule order of', detail: target }
        : { kind: 'rule', label: String(coveredBy), detail: `in the rule order of ${target}: ${draft.messageId}` },
    );
  }
  values(): IterableIterator<FindingDraft<MessageId>> {
    return this.#drafts.values();
  }
}

/** The message ids of a rule-order check's per-order summaries. */
export interface RuleOrderMessages<MessageId extends string> {
  unreadable: MessageId;
  noRules: MessageId;
  none: MessageId;
}

/** A finding about one compared rule; the driver adds the rule's resource and path. */
export type RuleJudgement<MessageId extends string> = Omit<FindingDraft<MessageId>, 'resource' | 'subject'>;

/**
 * Compares every rule order and yields, per order, `unknown` when its rules could not be read, `skip`
 * when it has none, `pass` when `judge` finds nothing; then `judge`'s findings, once per rule.
 * `judge` gets each compared rule and says what, if anything, is wrong with it.
 */
export function* ruleOrderFindings<MessageId extends string>(
  { inventory, analysis }: CheckContext<unknown>,
  messages: RuleOrderMessages<MessageId>,
  judge: (rule: RuleCoverage) => RuleJudgement<MessageId> | undefined,
): Generator<FindingDraft<MessageId>> {
  const resourceOfEntry = entryResources(inventory);
  const findings = new FindingSet<MessageId>();
  const summaries: FindingDraft<MessageId>[] = [];
  for (const { resource, target, result } of ruleOrders(inventory, analysis)) {
    const summary = { resource, subject: 'rule-order' };
    if (!result.ok) {
      summaries.push({
        ...summary,
        status: 'unknown',
        messageId: messages.unreadable,
        data: { target, cause: result.cause },
        evidence: result.missing.map((id) => ({ kind: 'resource', label: id, detail: 'not in the input' })),
      });
      continue;
    }
    const compared = findShadowing(result.program, inventory.ipGroups);
    if (compared.compared === 0) {
      summaries.push({ ...summary, status: 'skip', messageId: messages.noRules, data: { target } });
      continue;
    }
    let found = 0;
    for (const rule of compared.rules) {
      const base = { resource: resourceOfEntry(rule.entry), subject: rule.entry.path };
      const draft = judge(rule);
      if (!draft) continue;
      found++;
      findings.add({ ...base, ...draft }, target);
    }
    if (found === 0)
      summaries.push({
        ...summary,
        status: 'pass',
        messageId: messages.none,
        data: { target, rules: compared.compared },
      });
  }
  yield* summaries;
  yield* findings.values();
}
