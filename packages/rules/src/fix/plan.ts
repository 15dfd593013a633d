/**
 * What `fix` changes for one cluster, and nothing more: allow rules for the required endpoints its
 * firewall does not allow today (on each egress branch), and for a subnet whose traffic goes around
 * the firewall (or is dropped by a None route), the route to the firewall's private IP and the outbound
 * type that goes with it, with the rules that subnet's sources then need. Each decision comes from the
 * same evaluation required-endpoint-blocked reports (egress-verdicts), never a second one.
 */
import {
  type CheckContext,
  type Cluster,
  type EgressBranch,
  evaluateTraffic,
  type Firewall,
  type FirewallProgram,
  firewallVirtualNetworkId,
  formatRange,
  idKey,
  mergeRanges,
  type ProgramEntry,
  parseAddressSpec,
  subtractRanges,
  type Verdict,
} from '@aro-aks-audit/auditor';
import { fqdnTagContainmentFor } from '../catalog/fqdn-tag-coverage.ts';
import { CATALOG } from '../catalog/index.ts';
import { clusterFacts, type ResolvedEndpoint } from '../catalog/resolve.ts';
import { type EndpointVerdicts, egressVerdictsOf } from '../egress-verdicts.ts';
import { virtualHubRoutingFixesFor } from '../fixes-virtual-hub.ts';
import { type RulesSettings, resolutionOptionsFor } from '../settings.ts';
import { type Placement, placeCollection } from './placement.ts';
import { type RouteFix, routeFixFor } from './routes.ts';
import { chooseRule, mergeRules, type RuleSpec } from './rule-spec.ts';

/** A required endpoint the firewall does not allow, and why. */
export interface MissingEndpoint {
  endpointId: string;
  destination: string;
  protocol: string;
  port: string;
  reason: string;
}

export interface CollectionFix {
  firewall: Firewall;
  placement: Placement;
  rules: RuleSpec[];
}

export interface OutboundTypeFix {
  from: string;
  /** False where AKS cannot migrate (a managed NAT gateway): the fix then says what to do instead. */
  supported: boolean;
}

export interface ClusterFixPlan {
  cluster: Cluster;
  missing: MissingEndpoint[];
  collections: CollectionFix[];
  routes: RouteFix[];
  /** A spoke of a secured Virtual WAN hub: routed through the hub (fixes-virtual-hub.ts), never by a route table. */
  hubRouting?: { commands: string[]; notes: string[] };
  outboundType?: OutboundTypeFix;
  /** What applying the plan will also do that the reader must know (a documented shared wildcard). */
  warnings: string[];
  /** What the plan cannot fix, and why. */
  notes: string[];
}

const RANK: Record<Verdict['decision'], number> = { allowed: 3, partial: 2, unknown: 1, denied: 0 };

/** An unknown verdict only because an FQDN tag is not documented to cover the name: a concrete rule settles it. */
const onlyFqdnTagUnknown = (verdict: Verdict) =>
  verdict.decision === 'unknown' &&
  verdict.trace.some((t) => t.match === 'unknown') &&
  verdict.trace
    .filter((t) => t.match === 'unknown')
    .every((t) => /FQDN tag .* not documented to cover/.test(t.note ?? ''));

/** The sources a verdict leaves without an allow: all of them, or for `partial` those no allow step decides. */
function unallowedSources(verdict: Verdict, sources: readonly string[]): string[] {
  if (verdict.decision !== 'partial') return [...sources];
  const ranges = (list: readonly string[]) =>
    list.flatMap((s) => {
      const spec = parseAddressSpec(s);
      return spec.kind === 'ranges' ? spec.ranges : spec.kind === 'any' ? [[0, 0xffffffff] as const] : [];
    });
  const allowed = verdict.trace
    .filter((t) => t.action === 'Allow' && t.match === 'all')
    .flatMap((t) => ranges(t.sources ?? []));
  const left = subtractRanges(mergeRanges(ranges(sources)), mergeRanges(allowed));
  return left.length > 0 ? left.map(formatRange) : [...sources];
}

/**
 * The deny rule a verdict's trace shows deciding (not the default deny), as the program holds it, that a
 * new allow of this kind must come before. A network allow is processed before every application rule:
 * an application deny does not stand in its way.
 */
export function denyToPrecede(
  verdict: Verdict,
  program: FirewallProgram,
  kind: 'application' | 'network',
): ProgramEntry | undefined {
  const step = verdict.trace.find((t) => t.action === 'Deny' && t.kind !== 'default' && t.match !== 'unknown');
  const deny = step ? [...program.network, ...program.application].find((e) => e.path === step.path) : undefined;
  return deny && !(deny.rule.kind === 'application' && kind === 'network') ? deny : undefined;
}

interface Need {
  endpoint: ResolvedEndpoint;
  verdict: Verdict;
  destination: string;
}

/** The firewall a subnet that bypasses should go through: the cluster's own, else its hub's, else the only one. */
function targetFirewall(
  cluster: Cluster,
  branch: EgressBranch,
  context: CheckContext<RulesSettings>,
): Firewall | undefined {
  const path = context.analysis.egressPathOf(cluster);
  const own = path.branches.find((b) => b.firewall)?.firewall;
  if (own) return own;
  const { inventory } = context;
  const vnetIds = new Set(
    branch.subnets
      .flatMap((s) => inventory.subnets.find((x) => idKey(x.id) === idKey(s.subnetId))?.virtualNetworkId ?? [])
      .map(idKey),
  );
  const peered = new Set(
    inventory.virtualNetworks
      .filter((v) => vnetIds.has(idKey(v.id)))
      .flatMap((v) => v.peerings.flatMap((p) => (p.remoteVirtualNetworkId ? [idKey(p.remoteVirtualNetworkId)] : []))),
  );
  const hub = inventory.firewalls.filter((f) => peered.has(idKey(firewallVirtualNetworkId(f) ?? '')));
  if (hub.length === 1) return hub[0];
  return inventory.firewalls.length === 1 ? inventory.firewalls[0] : undefined;
}

/** The endpoints a firewall's rules leave the sources without, each with its best alternative's verdict. */
function needsOnFirewall(
  cluster: Cluster,
  endpoints: readonly ResolvedEndpoint[],
  program: FirewallProgram,
  sources: string[],
  context: CheckContext<RulesSettings>,
): Need[] {
  const options = resolutionOptionsFor(cluster, context.inventory, context.settings);
  const evaluation = {
    ipGroups: context.inventory.ipGroups,
    serviceTags: context.inventory.serviceTags,
    fqdnTagContainment: fqdnTagContainmentFor(cluster, clusterFacts(cluster, options), options.catalog ?? CATALOG),
  };
  return endpoints.flatMap((endpoint) => {
    if (!endpoint.required || endpoint.proxied || endpoint.destinations.length === 0) return [];
    const verdicts = endpoint.destinations.map((destination) =>
      evaluateTraffic(
        program,
        {
          sources,
          protocol: endpoint.entry.protocol,
          port: endpoint.entry.port,
          destination,
          ...(endpoint.entry.applicationProtocol && { applicationProtocol: endpoint.entry.applicationProtocol }),
        },
        evaluation,
      ),
    );
    const best = [...verdicts].sort((a, b) => RANK[b.decision] - RANK[a.decision])[0];
    return best && best.decision !== 'allowed'
      ? [{ endpoint, verdict: best, destination: endpoint.endpoint.destination }]
      : [];
  });
}

/** The needs an evaluated branch's verdicts show, and what they show that no rule can fix. */
function needsOfResults(results: readonly EndpointVerdicts[], notes: string[]): Need[] {
  return results.flatMap(({ endpoint, chosen }) => {
    if (!endpoint.required || endpoint.proxied || !chosen || chosen.verdict.decision === 'allowed') return [];
    if (chosen.decidedBy === 'dns-proxy') {
      notes.push(
        `${endpoint.entry.id}: ${chosen.verdict.reason}; enable DNS proxy on ${chosen.firewall?.name ?? 'the firewall'}`,
      );
      return [];
    }
    if (chosen.decidedBy === 'route') {
      notes.push(`${endpoint.entry.id}: a route decides it, not a rule (${chosen.verdict.reason})`);
      return [];
    }
    if (endpoint.condition && chosen.verdict.decision !== 'unknown') {
      notes.push(`${endpoint.entry.id}: not allowed, but needed only if ${endpoint.condition}; allow it if so`);
      return [];
    }
    if (chosen.verdict.decision === 'unknown' && !onlyFqdnTagUnknown(chosen.verdict)) {
      notes.push(
        `${endpoint.entry.id}: whether it is allowed cannot be decided from the input (${chosen.verdict.reason})`,
      );
      return [];
    }
    return [{ endpoint, verdict: chosen.verdict, destination: chosen.destination }];
  });
}

export function planFix(cluster: Cluster, context: CheckContext<RulesSettings>): ClusterFixPlan {
  const plan: ClusterFixPlan = { cluster, missing: [], collections: [], routes: [], warnings: [], notes: [] };
  const egress = egressVerdictsOf(cluster, context);
  if (egress.kind === 'not-catalogued') {
    plan.notes.push(`no egress requirements are catalogued for ${cluster.kind.toUpperCase()} clusters in its cloud`);
    return plan;
  }
  if (egress.kind === 'path-unknown') {
    plan.notes.push(`the firewall on its egress path is not known: ${egress.path.reason}`);
    return plan;
  }
  // A spoke of a secured virtual hub reaches the hub's firewall through the hub's routing, not a route table.
  const hubRouting = virtualHubRoutingFixesFor(context.inventory, egress.path);
  for (const branched of egress.branches) {
    const { branch } = branched;
    if (branched.kind === 'path-unknown') {
      plan.notes.push(`where ${branch.reason} sends its traffic is not known: no fix is proposed for it`);
      continue;
    }
    if (branched.kind === 'rules-unreadable') {
      plan.notes.push(
        `the rules of ${branched.firewall.name} could not all be read (${branched.cause}): no rule is proposed for them`,
      );
      continue;
    }
    let firewall = branched.kind === 'evaluated' ? branched.firewall : undefined;
    let program = branched.kind === 'evaluated' ? branched.program : undefined;
    let needs = branched.kind === 'evaluated' && firewall ? needsOfResults(branched.results, plan.notes) : [];
    if (!firewall) {
      // Around every firewall, or dropped by a None route: the whole fix is a route to a firewall, and the
      // rules that firewall needs for these sources.
      const target = hubRouting?.firewall ?? targetFirewall(cluster, branch, context);
      const compiled = target && context.analysis.programOf(target);
      if (!target || !compiled?.ok) {
        plan.notes.push(
          target
            ? `the rules of ${target.name} could not all be read: no route to it is proposed for ${branch.reason}`
            : `no firewall in the input to route ${branch.reason} to (the cluster's other subnets reach none, its virtual network peers with none, and the input holds ${context.inventory.firewalls.length})`,
        );
        continue;
      }
      firewall = target;
      program = compiled.program;
      if (hubRouting) plan.hubRouting = { commands: hubRouting.commands, notes: hubRouting.notes };
      else
        for (const subnet of branch.subnets) {
          const route = routeFixFor(cluster, subnet, target, context.inventory);
          if ('note' in route) plan.notes.push(route.note);
          else plan.routes.push(route);
        }
      needs = needsOnFirewall(cluster, egress.endpoints, program, branch.sourceCidrs, context);
    }
    if (!program) continue;
    addRules(plan, cluster, firewall, program, needs, branch.sourceCidrs, context);
  }
  const aks = cluster.kind === 'aks';
  const routed = plan.routes.length > 0;
  const outbound = (cluster.outboundType ?? '').toLowerCase();
  if (routed && aks && outbound !== 'userdefinedrouting')
    plan.outboundType = { from: cluster.outboundType ?? 'loadBalancer', supported: outbound !== 'managednatgateway' };
  if (routed && cluster.kind === 'aro')
    plan.notes.push(
      `${cluster.name}'s outbound type is set when an ARO cluster is created: with the route to the firewall, its egress follows the route, but the cluster keeps outboundType ${cluster.outboundType ?? 'Loadbalancer'}`,
    );
  return plan;
}

function addRules(
  plan: ClusterFixPlan,
  cluster: Cluster,
  firewall: Firewall,
  program: FirewallProgram,
  needs: readonly Need[],
  sources: string[],
  context: CheckContext<RulesSettings>,
): void {
  const groups = new Map<string, { placement: Placement; specs: Omit<RuleSpec, 'name'>[] }>();
  for (const need of needs) {
    const choice = chooseRule(need.endpoint, unallowedSources(need.verdict, sources), program.dnsProxyEnabled);
    if ('note' in choice) {
      plan.notes.push(choice.note);
      continue;
    }
    if (choice.warning) plan.warnings.push(choice.warning);
    plan.missing.push({
      endpointId: need.endpoint.entry.id,
      destination: need.destination,
      protocol: need.endpoint.endpoint.protocol,
      port: need.endpoint.endpoint.port,
      reason: need.verdict.reason,
    });
    const before = denyToPrecede(need.verdict, program, choice.spec.kind);
    const key = `${choice.spec.kind}|${before?.path ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      const placed = placeCollection(
        context.inventory,
        program,
        firewall.policyId,
        choice.spec.kind,
        choice.spec.sources,
        `allow-${cluster.name}-egress`,
        before,
      );
      if ('note' in placed) {
        plan.notes.push(`${need.endpoint.entry.id}: ${placed.note}`);
        continue;
      }
      group = { placement: placed, specs: [] };
      groups.set(key, group);
    }
    group.specs.push(choice.spec);
  }
  for (const { placement, specs } of groups.values())
    plan.collections.push({ firewall, placement, rules: mergeRules(specs) });
}
