/**
 * `fix --tighten`: for each allow rule that lets a cluster reach beyond its required and optional
 * endpoints, the rule narrowed to what the cluster needs of it — the destinations some endpoint needs,
 * on the protocols and ports it needs them — or its removal when it adds nothing the cluster needs.
 * A rule that also serves other sources is proposed as a comment only: narrowing it changes their reach.
 */
import {
  type ApplicationRule,
  type CheckContext,
  type Cluster,
  fqdnContainment,
  mergeRanges,
  type NetworkRule,
  parseFqdnPattern,
  type ServiceTag,
} from '@aro-aks-audit/auditor';
import {
  addressTarget,
  fqdnTarget,
  holds,
  type Need,
  needsOf,
  type ReachingBeyond,
  rulesBeyondRequired,
  type Target,
} from '../beyond-required.ts';
import { requiredEndpointsFor } from '../catalog/resolve.ts';
import { removeRuleCommand } from '../fixes.ts';
import { type RulesSettings, resolutionOptionsFor } from '../settings.ts';
import { nameWord, resourceGroupWord, shellQuote, subscriptionWord } from '../shell.ts';

export interface Tightening {
  rule: string;
  firewall: string;
  /** What it adds beyond the cluster's needs (the cluster verdict's beyondRequired entry). */
  adds: string;
  /** The narrowed rule as Firewall Policy JSON; absent when the cluster needs nothing of it. */
  replacement?: Record<string, unknown>;
  commands: string[];
  /** Why the commands are comments, or what the reader must check. */
  caution?: string;
}

const words = (values: readonly string[]) => values.map(shellQuote).join(' ');

/** A need the target allows all of, written narrower than the target: the narrower form replaces the target. */
function narrowerNeeds(target: Target, needs: readonly Need[]): Need[] {
  return needs.filter((n) => {
    if (target.kind === 'any') return n.destination.kind !== 'any';
    if (target.kind !== 'fqdn' || n.destination.kind !== 'fqdn') return false;
    const pattern = parseFqdnPattern(n.destination.pattern);
    return pattern.kind !== 'invalid' && fqdnContainment(target.pattern, pattern) === 'all';
  });
}

const needed = (n: Need, protocolType: string, port: number) =>
  n.applicationProtocol?.toLowerCase() === protocolType.toLowerCase() && n.port === port;

/**
 * Of each target, what the cluster needs: the target itself when a documented destination holds all of
 * it, else the documented names inside it (`*.hcp.eastus.azmk8s.io` becomes the cluster's own API server).
 */
function keptTargets(texts: readonly string[], needs: readonly Need[], tags: readonly ServiceTag[]): string[] {
  const kept = texts.flatMap((text) =>
    fqdnTarget(text).flatMap((t) =>
      needs.some((n) => holds(n.destination, t, tags))
        ? [text]
        : narrowerNeeds(t, needs).flatMap((n) => (n.destination.kind === 'fqdn' ? [n.destination.pattern] : [])),
    ),
  );
  return [...new Set(kept)];
}

function keptApplication(rule: ApplicationRule, needs: readonly Need[], tags: readonly ServiceTag[]) {
  const protocols = rule.protocols.filter(
    (p) =>
      keptTargets(
        rule.targetFqdns,
        needs.filter((n) => needed(n, p.protocolType, p.port)),
        tags,
      ).length > 0,
  );
  const targetFqdns = keptTargets(
    rule.targetFqdns,
    needs.filter((n) => protocols.some((p) => needed(n, p.protocolType, p.port))),
    tags,
  );
  // FQDN tags stay: what they hold is not published, so dropping one could take away a name the cluster needs.
  if (targetFqdns.length === 0 && rule.fqdnTags.length === 0) return undefined;
  return {
    ...rule,
    protocols: protocols.length > 0 ? protocols : rule.protocols,
    targetFqdns,
    targetUrls: [],
    webCategories: [],
  };
}

function keptNetwork(rule: NetworkRule, needs: readonly Need[], tags: readonly ServiceTag[]) {
  const protocols = rule.ipProtocols.flatMap((p) => (p.toUpperCase() === 'ANY' ? ['TCP', 'UDP'] : [p.toUpperCase()]));
  const relevant = needs.filter((n) => protocols.includes(n.transport));
  const used: Need[] = [];
  const addresses = new Set<string>();
  const fqdns = new Set<string>();
  for (const text of rule.destinationAddresses)
    for (const target of addressTarget(text)) {
      const holding = relevant.filter((n) => holds(n.destination, target, tags));
      if (holding.length > 0) {
        addresses.add(text);
        used.push(...holding);
        continue;
      }
      // `*` in a rule the cluster needs only some tags or addresses of: those replace it.
      for (const n of narrowerNeeds(target, relevant))
        if (n.destination.kind === 'service-tag' || n.destination.kind === 'addresses') {
          for (const a of n.destination.kind === 'service-tag' ? [n.destination.tag] : n.destination.addresses)
            addresses.add(a);
          used.push(n);
        }
    }
  for (const text of rule.destinationFqdns) {
    const holding = relevant.filter((n) => fqdnTarget(text).some((t) => holds(n.destination, t, tags)));
    if (holding.length > 0) {
      fqdns.add(text);
      used.push(...holding);
    }
  }
  if (used.length === 0) return undefined;
  const ports = mergeRanges(used.map((n) => [n.port, n.port] as const)).map(([a, b]) =>
    a === b ? `${a}` : `${a}-${b}`,
  );
  return {
    ...rule,
    ipProtocols: [...new Set(used.map((n) => n.transport))] as NetworkRule['ipProtocols'],
    destinationAddresses: [...addresses],
    destinationFqdns: [...fqdns],
    destinationIpGroups: [],
    destinationPorts: ports,
  };
}

function armOf(rule: ApplicationRule | NetworkRule): Record<string, unknown> {
  return rule.kind === 'application'
    ? {
        ruleType: 'ApplicationRule',
        name: rule.name,
        sourceAddresses: rule.sourceAddresses,
        ...(rule.sourceIpGroups.length > 0 && { sourceIpGroups: rule.sourceIpGroups }),
        protocols: rule.protocols,
        targetFqdns: rule.targetFqdns,
        ...(rule.fqdnTags.length > 0 && { fqdnTags: rule.fqdnTags }),
      }
    : {
        ruleType: 'NetworkRule',
        name: rule.name,
        ipProtocols: rule.ipProtocols,
        sourceAddresses: rule.sourceAddresses,
        ...(rule.sourceIpGroups.length > 0 && { sourceIpGroups: rule.sourceIpGroups }),
        ...(rule.destinationAddresses.length > 0 && { destinationAddresses: rule.destinationAddresses }),
        ...(rule.destinationFqdns.length > 0 && { destinationFqdns: rule.destinationFqdns }),
        destinationPorts: rule.destinationPorts,
      };
}

/** `collection rule add` (policy) or `…-rule create` (classic) for the narrowed rule, into its own collection. */
function addCommand(found: ReachingBeyond, rule: ApplicationRule | NetworkRule): string {
  const { entry } = found.reaching.prepared;
  const sources = [
    ...(rule.sourceAddresses.length > 0 ? [`--source-addresses ${words(rule.sourceAddresses)}`] : []),
    ...(rule.sourceIpGroups.length > 0 ? [`--source-ip-groups ${words(rule.sourceIpGroups)}`] : []),
  ].join(' ');
  const args =
    rule.kind === 'application'
      ? `${sources} --protocols ${rule.protocols.map((p) => `${p.protocolType}=${p.port}`).join(' ')} --target-fqdns ${words(rule.targetFqdns)}${rule.fqdnTags.length > 0 ? ` --fqdn-tags ${words(rule.fqdnTags)}` : ''}`
      : `${sources} ${rule.destinationAddresses.length > 0 ? `--destination-addresses ${words(rule.destinationAddresses)} ` : ''}${rule.destinationFqdns.length > 0 ? `--destination-fqdns ${words(rule.destinationFqdns)} ` : ''}--destination-ports ${words(rule.destinationPorts)}`;
  if (found.program.source === 'classic') {
    const verb = rule.kind === 'application' ? 'application-rule' : 'network-rule';
    const protocols = rule.kind === 'network' ? ` --protocols ${rule.ipProtocols.join(' ')}` : '';
    return `az network firewall ${verb} create --subscription ${subscriptionWord(found.firewall.id)} --resource-group ${resourceGroupWord(found.firewall.id)} --firewall-name ${shellQuote(found.firewall.name)} --collection-name ${shellQuote(entry.collection)} --name ${shellQuote(rule.name)}${protocols} ${args}`;
  }
  const policyId = entry.policyId ?? '';
  const type =
    rule.kind === 'application' ? 'ApplicationRule' : `NetworkRule --ip-protocols ${rule.ipProtocols.join(' ')}`;
  return `az network firewall policy rule-collection-group collection rule add --subscription ${subscriptionWord(policyId)} --resource-group ${resourceGroupWord(policyId)} --policy-name ${nameWord(policyId)} --rule-collection-group-name ${shellQuote(entry.group ?? '')} --collection-name ${shellQuote(entry.collection)} --name ${shellQuote(rule.name)} --rule-type ${type} ${args}`;
}

export function tighteningsFor(cluster: Cluster, context: CheckContext<RulesSettings>): Tightening[] {
  const endpoints = requiredEndpointsFor(cluster, resolutionOptionsFor(cluster, context.inventory, context.settings));
  const needs = needsOf(endpoints);
  return rulesBeyondRequired(cluster, endpoints, context).map((found) => {
    const { entry } = found.reaching.prepared;
    const rule = entry.rule;
    const kept =
      rule.kind === 'application'
        ? keptApplication(rule, needs, context.inventory.serviceTags)
        : rule.kind === 'network'
          ? keptNetwork(rule, needs, context.inventory.serviceTags)
          : undefined;
    const container =
      found.program.source === 'classic'
        ? { kind: 'classic' as const, firewallId: found.firewall.id }
        : { kind: 'policy' as const, policyId: entry.policyId ?? '', group: entry.group ?? '' };
    const remove = removeRuleCommand(container, entry.collection, { name: rule.name, kind: rule.kind });
    const commands = [remove, ...(kept ? [addCommand(found, kept)] : [])];
    const shared = found.beyond.sharedWith;
    const { beyond } = found;
    return {
      rule: entry.path,
      firewall: found.firewall.name,
      adds: `${beyond.breadth === 'anything' ? 'anything' : beyond.destinations.join(', ')} on ${beyond.protocols.join('/')} ${beyond.ports.join(', ')}`,
      ...(kept && { replacement: armOf(kept) }),
      commands: shared ? commands.map((c) => `# ${c}`) : commands,
      ...(shared
        ? {
            caution: `the rule also serves ${shared.join(', ')}: narrowing it to this cluster's needs takes their other access away; the commands are comments, to run only once that is checked`,
          }
        : kept?.kind === 'application' && kept.fqdnTags.length > 0
          ? {
              caution: `FQDN tag ${kept.fqdnTags.join(', ')} is kept: its contents are not published; replace it with the names \`aro-aks-audit endpoints --cluster\` lists to allow nothing more`,
            }
          : {}),
    };
  });
}
