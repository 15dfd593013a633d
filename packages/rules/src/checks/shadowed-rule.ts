import {
  type Analysis,
  type Check,
  type CoveringRule,
  compileFirewallProgram,
  defineCheck,
  type Evidence,
  type FindingDraft,
  type FindingResource,
  type Firewall,
  type FirewallProgram,
  findShadowing,
  type Inventory,
  idKey,
  type ProgramEntry,
  type ProgramResult,
  type RuleCoverage,
  type Severity,
} from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import { resourceOf } from './cluster-ref.ts';

// ── shared with redundant-rule ──

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

// ── the check ──

const messages = {
  shadowedAllow:
    'Allow rule {{rule}} never matches: the earlier deny rule {{coveredBy}} matches all of its traffic, so the traffic it was written to allow is denied.',
  unenforcedDeny:
    'Deny rule {{rule}} is never reached: the earlier allow rule {{coveredBy}} matches all of its traffic, so the traffic it was written to block is allowed.',
  possiblyShadowed:
    '{{action}} rule {{rule}} may never match: the earlier {{coveringAction}} rule {{coveredBy}} matches all of its traffic in every respect that can be decided offline (undecided: {{why}}).',
  noneShadowed:
    'No network or application rule of {{target}} is shadowed by an earlier rule with the other action ({{rules}} rules compared).',
  rulesUnreadable: 'The rules of {{target}} could not be read completely: {{cause}}.',
  noRules: '{{target}} has no network or application rules.',
} as const;

type MessageId = keyof typeof messages;

const RULE_PROCESSING = 'https://learn.microsoft.com/azure/firewall/rule-processing';

function shadowRemediation(earlier: CoveringRule, later: RuleCoverage): string {
  const L = later.entry.path;
  const E = earlier.entry.path;
  const where = placement(earlier, later);
  if (later.entry.action === 'Deny') {
    switch (where) {
      case 'network-first':
        return `${E} is a network rule, and network rules are processed before every application rule whatever their priority: no priority puts the application deny ${L} first. Add the deny as a network rule (by address and port) before ${E}, or narrow ${E} (for example replace it with application rules for the names that need it); until then the traffic ${L} was written to block is allowed.`;
      case 'parent-policy':
        return `${E} is in the parent policy ${earlier.entry.policy}, whose rule collection groups are processed before the child policy's whatever their priority: put the deny into the parent policy before ${E}, or narrow ${E} there; until then the traffic ${L} was written to block is allowed.`;
      default:
        return `Move the deny ${L} into a deny collection processed before ${E} (${where === 'same-group' ? `a lower priority number than ${earlier.entry.collectionPriority} in group ${earlier.entry.group}` : 'a lower collection priority number, or a group with a lower priority number'}), or narrow the allow ${E} so that it no longer matches this traffic; until then the traffic ${L} was written to block is allowed.`;
    }
  }
  switch (where) {
    case 'network-first':
      return `${E} is a network rule, and network rules are processed before every application rule whatever their priority: narrow ${E} so that it no longer matches this traffic if ${L} should allow it, or delete ${L} if the deny is intended.`;
    case 'parent-policy':
      return `${E} is in the parent policy ${earlier.entry.policy}, whose rule collection groups are processed before the child policy's whatever their priority: narrow the deny there (or allow the traffic in the parent policy before it) if ${L} should allow it, or delete ${L} if the deny is intended.`;
    default:
      return `If the traffic should be allowed, move ${L} into an allow collection processed before ${E} (${where === 'same-group' ? `a lower priority number than ${earlier.entry.collectionPriority} in group ${earlier.entry.group}` : 'a lower collection priority number, or a group with a lower priority number'}) or narrow the deny ${E}; if the deny is intended, delete ${L}.`;
  }
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'shadowed-rule',
    code: 'AZFW206',
    severity: 'medium',
    title: 'No rule is shadowed by an earlier rule with the other action',
    risk: 'Azure Firewall rules terminate, network rules are processed before application rules, and collections in priority order: a rule whose traffic an earlier rule with the other action matches entirely never takes effect. A shadowed allow leaves required traffic denied; a shadowed deny (high) leaves the traffic it was written to block allowed, while the rule set reads as if it were blocked.',
    remediation:
      'Put the rule before the rule that shadows it (a collection or group with a lower priority number; a network rule for traffic an application rule cannot reach), or narrow the earlier rule; delete the rule if the earlier decision is the intended one.',
    references: [RULE_PROCESSING, 'https://learn.microsoft.com/azure/firewall/policy-rule-sets'],
    messages,
  },
  *run({ inventory, analysis }): Generator<FindingDraft<MessageId>> {
    const resourceOfEntry = entryResources(inventory);
    const findings = new FindingSet<MessageId>();
    const summaries: FindingDraft<MessageId>[] = [];
    for (const { resource, target, result } of ruleOrders(inventory, analysis)) {
      if (!result.ok) {
        summaries.push({
          resource,
          status: 'unknown',
          messageId: 'rulesUnreadable',
          subject: 'rule-order',
          data: { target, cause: result.cause },
          evidence: result.missing.map((id) => ({ kind: 'resource', label: id, detail: 'not in the input' })),
        });
        continue;
      }
      const program: FirewallProgram = result.program;
      const compared = findShadowing(program, inventory.ipGroups);
      if (compared.compared === 0) {
        summaries.push({ resource, status: 'skip', messageId: 'noRules', subject: 'rule-order', data: { target } });
        continue;
      }
      let found = 0;
      for (const rule of compared.rules) {
        const { entry } = rule;
        const cover = rule.coveredBy;
        if (cover?.relation === 'shadowed') {
          found++;
          const deny = entry.action === 'Deny';
          findings.add(
            {
              resource: resourceOfEntry(entry),
              status: 'fail',
              messageId: deny ? 'unenforcedDeny' : 'shadowedAllow',
              subject: entry.path,
              data: { rule: entry.path, coveredBy: cover.entry.path },
              evidence: ruleEvidence(entry, cover.entry),
              remediation: { text: shadowRemediation(cover, rule) },
              ...(deny && { severity: 'high' as Severity }),
            },
            target,
          );
          continue;
        }
        const possible = cover ? undefined : rule.possiblyCoveredBy.find((p) => p.relation === 'shadowed');
        if (possible) {
          found++;
          findings.add(
            {
              resource: resourceOfEntry(entry),
              status: 'unknown',
              messageId: 'possiblyShadowed',
              subject: entry.path,
              data: {
                rule: entry.path,
                action: entry.action,
                coveredBy: possible.entry.path,
                coveringAction: possible.entry.action.toLowerCase(),
                why: [...new Set(possible.why)].join('; '),
              },
              evidence: ruleEvidence(entry, possible.entry, possible.why),
              remediation: {
                text: `Check whether ${possible.entry.path} matches all of the traffic of ${entry.path} (${[...new Set(possible.why)].join('; ')}). If it does: ${shadowRemediation(possible, rule)}`,
              },
              ...(entry.action === 'Deny' && { severity: 'high' as Severity }),
            },
            target,
          );
        }
      }
      if (found === 0)
        summaries.push({
          resource,
          status: 'pass',
          messageId: 'noneShadowed',
          subject: 'rule-order',
          data: { target, rules: compared.compared },
        });
    }
    yield* summaries;
    yield* findings.values();
  },
});

export default check;
