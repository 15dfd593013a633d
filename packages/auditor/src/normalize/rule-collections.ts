/**
 * Rule collections in the one model shared by Firewall Policy rule collection groups and the classic
 * rules of a firewall without a policy. The two ARM forms differ in a few names:
 *  - policy network and NAT rules list `ipProtocols`; classic network and NAT rules list `protocols`
 *    (strings). Application rules of both list `protocols` as `{protocolType, port}` objects;
 *  - policy rules carry `ruleType` (`ApplicationRule`, `NetworkRule`, `NatRule`); a classic collection
 *    holds one kind only, given by the list it is in;
 *  - a policy NAT collection's action is `DNAT`; a classic NAT collection's action is `Dnat` or `Snat`;
 *  - classic collections are sub-resources with a `properties` bag in the REST shape.
 * Document order of collections and rules is kept: it is the order the portal shows.
 */
import type {
  ApplicationProtocol,
  ApplicationProtocolType,
  ApplicationRule,
  CollectionAction,
  FirewallRule,
  IpProtocol,
  NatRule,
  NetworkRule,
  RuleCollection,
  RuleKind,
} from '../model/inventory.ts';
import type {
  AnyRuleShape,
  ApplicationRuleShape,
  ClassicRuleCollectionShape,
  FirewallShape,
  NatRuleShape,
  NetworkRuleShape,
  PolicyRuleCollectionShape,
  RuleCollectionGroupShape,
} from './sdk-shapes.ts';
import { canonical, type Obj } from './shape.ts';

const IP_PROTOCOLS: readonly IpProtocol[] = ['TCP', 'UDP', 'ICMP', 'Any'];
const APPLICATION_PROTOCOLS: readonly ApplicationProtocolType[] = ['Http', 'Https', 'Mssql'];
/** The port an application rule protocol means when none is written (the protocol's well-known port). */
const DEFAULT_PORTS: Record<ApplicationProtocolType, number> = { Http: 80, Https: 443, Mssql: 1433 };
/** Used when a collection has no priority: the lowest priority Azure Firewall accepts. The error is reported. */
export const MISSING_PRIORITY = 65000;

function ipProtocols(rule: Obj<NetworkRuleShape | NatRuleShape>): IpProtocol[] {
  const field = rule.has('ipProtocols') ? 'ipProtocols' : 'protocols';
  const out: IpProtocol[] = [];
  for (const raw of rule.strings(field)) {
    const p = canonical(raw, IP_PROTOCOLS);
    if (p) out.push(p);
    else rule.wrong(`${rule.path}.${field}`, `one of ${IP_PROTOCOLS.join(', ')}`, raw);
  }
  return out;
}

function applicationProtocols(rule: Obj<ApplicationRuleShape>): ApplicationProtocol[] {
  const out: ApplicationProtocol[] = [];
  for (const item of rule.list('protocols')) {
    const type = item.str('protocolType');
    const protocolType = canonical(type, APPLICATION_PROTOCOLS);
    if (!protocolType) {
      rule.wrong(`${item.path}.protocolType`, `one of ${APPLICATION_PROTOCOLS.join(', ')}`, type, 'protocol skipped');
      continue;
    }
    out.push({ protocolType, port: item.num('port') ?? DEFAULT_PORTS[protocolType] });
  }
  return out;
}

function withDescription<T extends FirewallRule>(rule: Obj<AnyRuleShape>, value: T): T {
  const description = rule.str('description');
  if (description !== undefined) value.description = description;
  return value;
}

function ruleName(rule: Obj<AnyRuleShape>): string {
  const name = rule.str('name');
  if (name === undefined) rule.missing('name');
  return name ?? '';
}

export function applicationRule(rule: Obj<ApplicationRuleShape>): ApplicationRule {
  return withDescription<ApplicationRule>(rule, {
    kind: 'application',
    name: ruleName(rule),
    sourceAddresses: rule.strings('sourceAddresses'),
    sourceIpGroups: rule.strings('sourceIpGroups'),
    protocols: applicationProtocols(rule),
    targetFqdns: rule.strings('targetFqdns'),
    targetUrls: rule.strings('targetUrls'),
    fqdnTags: rule.strings('fqdnTags'),
    webCategories: rule.strings('webCategories'),
    destinationAddresses: rule.strings('destinationAddresses'),
    terminateTls: rule.bool('terminateTLS') ?? false,
  });
}

export function networkRule(rule: Obj<NetworkRuleShape>): NetworkRule {
  return withDescription<NetworkRule>(rule, {
    kind: 'network',
    name: ruleName(rule),
    ipProtocols: ipProtocols(rule),
    sourceAddresses: rule.strings('sourceAddresses'),
    sourceIpGroups: rule.strings('sourceIpGroups'),
    destinationAddresses: rule.strings('destinationAddresses'),
    destinationIpGroups: rule.strings('destinationIpGroups'),
    destinationFqdns: rule.strings('destinationFqdns'),
    destinationPorts: rule.strings('destinationPorts'),
  });
}

export function natRule(rule: Obj<NatRuleShape>): NatRule {
  const out = withDescription<NatRule>(rule, {
    kind: 'nat',
    name: ruleName(rule),
    ipProtocols: ipProtocols(rule),
    sourceAddresses: rule.strings('sourceAddresses'),
    sourceIpGroups: rule.strings('sourceIpGroups'),
    destinationAddresses: rule.strings('destinationAddresses'),
    destinationPorts: rule.strings('destinationPorts'),
  });
  const translatedAddress = rule.str('translatedAddress');
  const translatedFqdn = rule.str('translatedFqdn');
  const translatedPort = rule.str('translatedPort');
  if (translatedAddress !== undefined) out.translatedAddress = translatedAddress;
  if (translatedFqdn !== undefined) out.translatedFqdn = translatedFqdn;
  if (translatedPort !== undefined) out.translatedPort = translatedPort;
  return out;
}

const RULE_TYPES: Record<string, (rule: Obj<AnyRuleShape>) => FirewallRule> = {
  applicationrule: applicationRule,
  networkrule: networkRule,
  natrule: natRule,
};

function collectionHeader(collection: Obj<PolicyRuleCollectionShape | ClassicRuleCollectionShape>): {
  name: string;
  priority: number;
  actionType: string | undefined;
} {
  const name = collection.str('name');
  if (name === undefined) collection.missing('name');
  let priority = collection.num('priority');
  if (priority === undefined) {
    collection.missing('priority', `taken as ${MISSING_PRIORITY}, the lowest`);
    priority = MISSING_PRIORITY;
  }
  const action = collection.lookup('action');
  // `action` is `{type: "Allow"}` in ARM; a bare string is accepted too.
  const actionType =
    typeof action?.value === 'string' ? action.value : (collection.obj('action')?.str('type') ?? undefined);
  return { name: name ?? '', priority, actionType };
}

/** The collections of a Firewall Policy rule collection group (`properties.ruleCollections`). */
export function policyRuleCollections(group: Obj<RuleCollectionGroupShape>): RuleCollection[] {
  const out: RuleCollection[] = [];
  for (const collection of group.list('ruleCollections')) {
    const { name, priority, actionType } = collectionHeader(collection);
    const collectionType = collection.str('ruleCollectionType');
    const isNat = collectionType?.toLowerCase() === 'firewallpolicynatrulecollection';
    const isFilter = collectionType?.toLowerCase() === 'firewallpolicyfilterrulecollection';
    if (!isNat && !isFilter) {
      collection.wrong(
        `${collection.path}.ruleCollectionType`,
        'FirewallPolicyFilterRuleCollection or FirewallPolicyNatRuleCollection',
        collectionType,
        'collection skipped',
      );
      continue;
    }
    const allowed: readonly CollectionAction[] = isNat ? ['Dnat'] : ['Allow', 'Deny'];
    const action = canonical(actionType, allowed);
    if (!action) {
      collection.wrong(`${collection.path}.action.type`, allowed.join(' or '), actionType, 'collection skipped');
      continue;
    }
    const rules: FirewallRule[] = [];
    for (const rule of collection.list('rules')) {
      const ruleType = rule.str('ruleType');
      // A NAT collection holds NAT rules only; ruleType may be left out there.
      const convert = RULE_TYPES[(ruleType ?? (isNat ? 'NatRule' : '')).toLowerCase()];
      if (!convert) {
        rule.wrong(`${rule.path}.ruleType`, 'ApplicationRule, NetworkRule or NatRule', ruleType, 'rule skipped');
        continue;
      }
      rules.push(convert(rule));
    }
    out.push({ name, priority, action, rules });
  }
  return out;
}

const CLASSIC_FIELDS = {
  application: 'applicationRuleCollections',
  network: 'networkRuleCollections',
  nat: 'natRuleCollections',
} as const satisfies Record<RuleKind, keyof FirewallShape>;

/** The classic collections of one kind on a firewall (`properties.applicationRuleCollections`, …). */
export function classicRuleCollections(firewall: Obj<FirewallShape>, kind: RuleKind): RuleCollection[] {
  const out: RuleCollection[] = [];
  // A classic NAT collection's action may also be `Snat` in the API; Azure Firewall NAT collections
  // translate destinations only, and the model has no SNAT action, so such a collection is reported.
  const allowed: readonly CollectionAction[] = kind === 'nat' ? ['Dnat'] : ['Allow', 'Deny'];
  const convert: (rule: Obj<AnyRuleShape>) => FirewallRule =
    kind === 'application' ? applicationRule : kind === 'network' ? networkRule : natRule;
  for (const collection of firewall.list(CLASSIC_FIELDS[kind])) {
    const { name, priority, actionType } = collectionHeader(collection);
    const action = canonical(actionType, allowed);
    if (!action) {
      collection.wrong(`${collection.path}.action.type`, allowed.join(' or '), actionType, 'collection skipped');
      continue;
    }
    out.push({ name, priority, action, rules: collection.list('rules').map(convert) });
  }
  return out;
}
