import {
  type Cluster,
  compareText,
  createAnalysis,
  type Destination,
  type Firewall,
  type FirewallProgram,
  type Inventory,
  type Verdict,
} from '@aro-aks-audit/auditor';
import { type ResolvedEndpoint, requiredEndpointsFor } from './catalog/resolve.ts';
import { placeCollection } from './fix/placement.ts';
import { denyToPrecede } from './fix/plan.ts';
import { collectionCommands, collectionJsonOf } from './fix/render.ts';
import { chooseRule, mergeRules } from './fix/rule-spec.ts';
import { virtualHubRoutingFixesFor } from './fixes-virtual-hub.ts';
import { type RulesSettings, resolutionOptionsFor } from './settings.ts';
import { nameWord, placeholder, resourceGroupWord, shellQuote, subscriptionWord } from './shell.ts';

/**
 * The Azure CLI commands that allow one endpoint for the given sources, on the firewall's kind of rules
 * (Firewall Policy or classic), and the collection as JSON: a rule of the type the endpoint needs
 * (fix/rule-spec.ts), in a collection whose name and priority no other collection of the group has,
 * nor any other finding's fix of this audit (fix/placement.ts), placed before the deny rule the
 * verdict shows deciding, or after the group's collections when the default deny decides.
 */
export function allowCommandFor(
  inventory: Inventory,
  firewall: Firewall,
  program: FirewallProgram,
  endpoint: ResolvedEndpoint,
  sources: string[],
  stem: string,
  verdict?: Verdict,
): { cli: string; json: unknown } | { note: string } {
  // Two findings about one endpoint (the configuration's and the logs') propose the same collection, not two.
  let proposed = PROPOSED.get(inventory);
  if (!proposed) {
    proposed = new Map();
    PROPOSED.set(inventory, proposed);
  }
  const key = `${firewall.id.toLowerCase()}|${stem}|${endpoint.entry.id}|${sources.join(',')}`;
  let result = proposed.get(key);
  if (result) return result;
  const choice = chooseRule(endpoint, sources, program.dnsProxyEnabled);
  const before = 'spec' in choice && verdict ? denyToPrecede(verdict, program, choice.spec.kind) : undefined;
  const placement =
    'spec' in choice
      ? placeCollection(inventory, program, firewall.policyId, choice.spec.kind, sources, stem, before)
      : undefined;
  const [rule] = 'spec' in choice ? mergeRules([choice.spec]) : [];
  if ('note' in choice) result = choice;
  else if (!placement || 'note' in placement)
    result = placement ?? { note: `${endpoint.entry.id}: no place for the rule` };
  else if (!rule) result = { note: `${endpoint.entry.id}: no rule to propose` };
  else {
    const fix = { firewall, placement, rules: [rule] };
    result = {
      cli: [...(choice.warning ? [`# ${choice.warning}`] : []), ...collectionCommands(fix)].join('\n'),
      json: collectionJsonOf(fix),
    };
  }
  proposed.set(key, result);
  return result;
}

const PROPOSED = new WeakMap<Inventory, Map<string, { cli: string; json: unknown } | { note: string }>>();

/** The collection name a fix for one endpoint of a cluster starts from: `allow-aks-prod-mcr-data`. */
export function allowStemFor(cluster: Cluster, endpoint: ResolvedEndpoint): string {
  const local = endpoint.entry.id.split('.').slice(2).join('-') || endpoint.entry.id;
  return `allow-${cluster.name}-${local.replace(/[^A-Za-z0-9_.-]+/g, '-')}`;
}

/** Where a rule lives: a policy's rule collection group, or a classic firewall. */
export type RuleContainer =
  | { kind: 'policy'; policyId: string; group: string }
  | { kind: 'classic'; firewallId: string };

/** The Azure CLI command that deletes a rule where it is (policy rule collection group, or classic collection). */
export function removeRuleCommand(
  container: RuleContainer,
  collection: string,
  rule: { name: string; kind: 'application' | 'network' | 'nat' },
): string {
  if (container.kind === 'policy') {
    return `az network firewall policy rule-collection-group collection rule remove --subscription ${subscriptionWord(container.policyId)} --resource-group ${resourceGroupWord(container.policyId)} --policy-name ${nameWord(container.policyId)} --rule-collection-group-name ${shellQuote(container.group)} --collection-name ${shellQuote(collection)} --name ${shellQuote(rule.name)}`;
  }
  const verb = rule.kind === 'application' ? 'application-rule' : rule.kind === 'nat' ? 'nat-rule' : 'network-rule';
  return `az network firewall ${verb} delete --subscription ${subscriptionWord(container.firewallId)} --resource-group ${resourceGroupWord(container.firewallId)} --firewall-name ${nameWord(container.firewallId)} --collection-name ${shellQuote(collection)} --name ${shellQuote(rule.name)}`;
}

/** A rule collection group that allows exactly what a cluster requires, as ARM JSON and Azure CLI commands. */
export interface LeastPrivilegeGroup {
  json: unknown;
  commands: string[];
  /** Required endpoints the group cannot express (an unresolved API server IP, an ARO proxied endpoint, …). */
  notes: string[];
}

const prefer = (destinations: Destination[]): Destination | undefined =>
  // The narrowest documented alternative: a name, then a service tag or addresses, `*` last.
  destinations.find((d) => d.kind === 'fqdn') ??
  destinations.find((d) => d.kind === 'service-tag' || d.kind === 'addresses') ??
  destinations[0];

/**
 * The least-privilege group for one cluster: one network rule per protocol, port and destination set,
 * one application rule per protocol and port listing its FQDNs, all from the cluster's egress sources.
 */
export function leastPrivilegeGroupFor(
  clusterName: string,
  endpoints: readonly ResolvedEndpoint[],
  sources: string[],
  target: { policyId?: string; priority: number },
): LeastPrivilegeGroup {
  const notes: string[] = [];
  const network = new Map<string, { protocol: string; port: string; destinations: Set<string> }>();
  const application = new Map<string, { protocolType: string; port: number; fqdns: Set<string> }>();
  for (const endpoint of endpoints) {
    if (!endpoint.required) continue;
    if (endpoint.proxied) {
      notes.push(
        `${endpoint.entry.id}: ${endpoint.endpoint.destination} needs no rule (${endpoint.proxied.assumption})`,
      );
      continue;
    }
    const destination = prefer(endpoint.destinations);
    if (!destination) {
      notes.push(`${endpoint.entry.id}: not expressible from the input (${endpoint.unresolved.join('; ')})`);
      continue;
    }
    if (destination.kind === 'fqdn' && endpoint.entry.applicationProtocol) {
      const key = `${endpoint.entry.applicationProtocol}:${endpoint.entry.port}`;
      const rule = application.get(key) ?? {
        protocolType: endpoint.entry.applicationProtocol,
        port: endpoint.entry.port,
        fqdns: new Set(),
      };
      rule.fqdns.add(destination.pattern);
      application.set(key, rule);
    } else {
      const addresses =
        destination.kind === 'service-tag'
          ? [destination.tag]
          : destination.kind === 'addresses'
            ? destination.addresses
            : destination.kind === 'fqdn'
              ? []
              : ['*'];
      if (destination.kind === 'fqdn') {
        notes.push(
          `${endpoint.entry.id}: ${destination.pattern} on ${endpoint.entry.protocol} ${endpoint.entry.port} needs a network rule with destination FQDNs (DNS proxy on)`,
        );
        continue;
      }
      const key = `${endpoint.entry.protocol}:${endpoint.entry.port}`;
      const rule = network.get(key) ?? {
        protocol: endpoint.entry.protocol,
        port: String(endpoint.entry.port),
        destinations: new Set(),
      };
      for (const a of addresses) rule.destinations.add(a);
      network.set(key, rule);
    }
  }
  const networkRules = [...network.values()].map((r) => ({
    ruleType: 'NetworkRule',
    name: `${r.protocol.toLowerCase()}-${r.port}`,
    ipProtocols: [r.protocol],
    sourceAddresses: sources,
    destinationAddresses: [...r.destinations].sort(),
    destinationPorts: [r.port],
  }));
  const applicationRules = [...application.values()].map((r) => ({
    ruleType: 'ApplicationRule',
    name: `${r.protocolType.toLowerCase()}-${r.port}`,
    sourceAddresses: sources,
    protocols: [{ protocolType: r.protocolType, port: r.port }],
    targetFqdns: [...r.fqdns].sort(),
  }));
  const group = `rcg-${clusterName}-egress`;
  const collections = [
    ...(networkRules.length
      ? [
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: `${clusterName}-network`,
            priority: 100,
            action: { type: 'Allow' },
            rules: networkRules,
          },
        ]
      : []),
    ...(applicationRules.length
      ? [
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: `${clusterName}-application`,
            priority: 200,
            action: { type: 'Allow' },
            rules: applicationRules,
          },
        ]
      : []),
  ];
  const rg = `${target.policyId !== undefined ? `--subscription ${subscriptionWord(target.policyId)} ` : ''}--resource-group ${target.policyId !== undefined ? resourceGroupWord(target.policyId) : placeholder('resource-group')}`;
  const policyName = target.policyId !== undefined ? nameWord(target.policyId) : placeholder('firewall-policy');
  const rcg = shellQuote(group);
  const collectionName = (kind: 'network' | 'application') => shellQuote(`${clusterName}-${kind}`);
  const src = sources.map(shellQuote).join(' ');
  const commands = [
    `az network firewall policy rule-collection-group create ${rg} --policy-name ${policyName} --name ${rcg} --priority ${target.priority}`,
    ...networkRules.map(
      (r, i) =>
        `az network firewall policy rule-collection-group collection ${i === 0 ? 'add-filter-collection' : 'rule add'} ${rg} --policy-name ${policyName} --rule-collection-group-name ${rcg} ${i === 0 ? `--name ${collectionName('network')} --collection-priority 100 --action Allow --rule-name ${shellQuote(r.name)}` : `--collection-name ${collectionName('network')} --name ${shellQuote(r.name)}`} --rule-type NetworkRule --ip-protocols ${r.ipProtocols.map(shellQuote).join(' ')} --source-addresses ${src} --destination-addresses ${r.destinationAddresses.map(shellQuote).join(' ')} --destination-ports ${r.destinationPorts.map(shellQuote).join(' ')}`,
    ),
    ...applicationRules.map(
      (r, i) =>
        `az network firewall policy rule-collection-group collection ${i === 0 ? 'add-filter-collection' : 'rule add'} ${rg} --policy-name ${policyName} --rule-collection-group-name ${rcg} ${i === 0 ? `--name ${collectionName('application')} --collection-priority 200 --action Allow --rule-name ${shellQuote(r.name)}` : `--collection-name ${collectionName('application')} --name ${shellQuote(r.name)}`} --rule-type ApplicationRule --protocols ${r.protocols.map((p) => shellQuote(`${p.protocolType}=${p.port}`)).join(' ')} --source-addresses ${src} --target-fqdns ${r.targetFqdns.map(shellQuote).join(' ')}`,
    ),
  ];
  return {
    json: { name: group, properties: { priority: target.priority, ruleCollections: collections } },
    commands,
    notes,
  };
}

/**
 * The least-privilege group for a cluster found in the inventory, placed in the policy its firewall
 * uses, with a priority processed before every group of that policy that holds a deny collection
 * (a parent policy's groups always come first and cannot be overtaken: a note says so).
 */
export function fixFor(
  cluster: Cluster,
  inventory: Inventory,
  settings: RulesSettings | undefined,
): LeastPrivilegeGroup | { error: string } {
  const analysis = createAnalysis(inventory);
  const path = analysis.egressPathOf(cluster);
  // A spoke of a secured Virtual WAN hub that does not reach its firewall: route it there first.
  const routing = path.firewall ? undefined : virtualHubRoutingFixesFor(inventory, path);
  const firewall = path.firewall ?? routing?.firewall;
  if (!firewall) return { error: `no firewall on ${cluster.name}'s egress path: ${path.reason}` };
  const compiled = analysis.programOf(firewall);
  if (!compiled.ok) return { error: `the rules of ${firewall.name} are incomplete: ${compiled.cause}` };
  const program = compiled.program;
  const leaf = program.policyChain.at(-1);
  const entries = [...program.network, ...program.application];
  const denyGroups = entries.filter((e) => e.action === 'Deny' && e.policy === leaf && e.groupPriority !== undefined);
  const priority =
    denyGroups.length > 0 ? Math.max(100, Math.min(...denyGroups.map((e) => e.groupPriority ?? 65000)) - 1) : 65000;
  const endpoints = requiredEndpointsFor(cluster, resolutionOptionsFor(cluster, inventory, settings));
  const result = leastPrivilegeGroupFor(cluster.name, endpoints, path.sourceCidrs, {
    ...(firewall.policyId && { policyId: firewall.policyId }),
    priority,
  });
  const parentDenies = entries.filter((e) => e.action === 'Deny' && e.policy !== leaf && e.policy !== undefined);
  if (parentDenies.length > 0) {
    result.notes.push(
      `the parent policy holds deny rules that are processed first whatever this group's priority: ${[...new Set(parentDenies.map((e) => e.path))].slice(0, 5).join('; ')}`,
    );
  }
  if (program.source === 'classic')
    result.notes.push(
      `${firewall.name} uses classic rules: create the group in a Firewall Policy and associate it, or translate the rules into classic collections`,
    );
  if (path.assumption) result.notes.push(path.assumption);
  if (routing) {
    result.commands.unshift(...routing.commands);
    result.notes.unshift(...routing.notes);
  }
  return result;
}

/** A destination a rule was seen to allow in the logs. */
export interface ObservedFlow {
  /** FQDN or IP, as FlowAggregate.destination; `''` when the log names none. */
  destination: string;
  port?: number;
  /** As logged: `HTTPS`, `HTTP`, `MSSQL`, `TCP`, `UDP`, `ICMP`. */
  protocol: string;
}

const APPLICATION_PROTOCOLS: Record<string, 'Http' | 'Https' | 'Mssql'> = {
  HTTP: 'Http',
  HTTPS: 'Https',
  MSSQL: 'Mssql',
};
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The rules that allow exactly what a broad rule was seen to allow: one application rule per
 * application protocol and port listing the FQDNs, one network rule per transport and port listing the
 * addresses (or FQDNs), all from the given sources. Flows the logs name no destination for are listed
 * in `notes`, not allowed.
 */
export function replacementRulesFor(
  name: string,
  sources: readonly string[],
  flows: readonly ObservedFlow[],
): { rules: unknown[]; notes: string[] } {
  const application = new Map<string, { protocolType: string; port: number; fqdns: Set<string> }>();
  const network = new Map<string, { protocol: string; port: string; addresses: Set<string>; fqdns: Set<string> }>();
  const notes: string[] = [];
  for (const flow of flows) {
    const protocol = flow.protocol.toUpperCase();
    if (flow.destination === '') {
      notes.push(`${protocol} ${flow.port ?? ''} without a logged destination (no SNI) is not carried over`.trim());
      continue;
    }
    const isAddress = IPV4.test(flow.destination);
    const applicationProtocol = APPLICATION_PROTOCOLS[protocol];
    if (applicationProtocol && !isAddress && flow.port !== undefined) {
      const key = `${applicationProtocol}:${flow.port}`;
      const rule = application.get(key) ?? { protocolType: applicationProtocol, port: flow.port, fqdns: new Set() };
      rule.fqdns.add(flow.destination);
      application.set(key, rule);
      continue;
    }
    const transport = applicationProtocol ? 'TCP' : protocol;
    const port = transport === 'ICMP' || flow.port === undefined ? '*' : String(flow.port);
    const key = `${transport}:${port}`;
    const rule = network.get(key) ?? { protocol: transport, port, addresses: new Set(), fqdns: new Set() };
    (isAddress ? rule.addresses : rule.fqdns).add(flow.destination);
    network.set(key, rule);
  }
  if ([...network.values()].some((r) => r.fqdns.size > 0))
    notes.push('network rules with destination FQDNs take effect only with DNS proxy on in the firewall policy');
  const byKey = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => compareText(a, b)).map(([, v]) => v);
  const rules = [
    ...byKey(application).map((r) => ({
      ruleType: 'ApplicationRule',
      name: `${name}-${r.protocolType.toLowerCase()}-${r.port}`,
      sourceAddresses: [...sources],
      protocols: [{ protocolType: r.protocolType, port: r.port }],
      targetFqdns: [...r.fqdns].sort(),
    })),
    ...byKey(network).map((r) => ({
      ruleType: 'NetworkRule',
      name: `${name}-${r.protocol.toLowerCase()}-${r.port === '*' ? 'any' : r.port}`,
      ipProtocols: [r.protocol],
      sourceAddresses: [...sources],
      destinationAddresses: [...r.addresses].sort(),
      ...(r.fqdns.size > 0 && { destinationFqdns: [...r.fqdns].sort() }),
      destinationPorts: [r.port],
    })),
  ];
  return { rules, notes };
}
