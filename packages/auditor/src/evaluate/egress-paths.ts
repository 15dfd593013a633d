/**
 * Egress paths: for each cluster, where its Internet-bound traffic goes (through which firewall, or
 * around it, per branch of subnets that take the same way), from the route tables and the firewalls;
 * and the per-audit Analysis that memoizes it with the firewalls' compiled programs. Pure: evaluate
 * and model only.
 */

import { type Cluster, type Firewall, type Inventory, idKey } from '../model/inventory.ts';
import { type EgressBranch, egressBranches, shortSubnetPath } from './egress-branches.ts';
import { compileFirewallProgram, type ProgramResult } from './program.ts';
import { internetRouteVerdict, type RouteVerdict } from './routes.ts';

/** The path a cluster's egress takes: per egress subnet, where Internet-bound traffic goes. */
export interface EgressPath {
  clusterId: string;
  /**
   * `via-firewall` when every egress subnet reaches a firewall for every public destination (`firewall`
   * is set when it is the same one for all); `drop` when every subnet drops it; `bypass` when none
   * reaches a firewall; `partial` for anything in between; `unknown` when a subnet's route is unknown.
   */
  status: 'via-firewall' | 'bypass' | 'partial' | 'drop' | 'unknown' | 'outside-azure';
  firewall?: Firewall;
  /** Every firewall some of the cluster's Internet-bound traffic reaches. */
  firewalls: Firewall[];
  subnets: { subnetId: string; addressPrefixes: string[]; route: RouteVerdict }[];
  /** The subnets grouped by the way their traffic takes: each branch is judged on its own. */
  branches: EgressBranch[];
  /** Egress source ranges: the subnets' prefixes, or the declared CIDRs of a cluster outside Azure. */
  sourceCidrs: string[];
  reason: string;
  /** For clusters outside Azure: which firewall their traffic is taken to reach, and why. */
  assumption?: string;
}

/** The tag by which a cluster outside Azure names the firewall its egress reaches (name or ARM id). */
export const EGRESS_FIREWALL_TAG = 'aro-aks-audit.egress-firewall';

/**
 * A cluster outside Azure (Arc) egresses from declared ranges; which firewall its traffic reaches is
 * not visible in Azure resources. The tag names it; otherwise, with exactly one firewall in the input,
 * that one is assumed, and the assumption travels with every verdict.
 */
function outsideAzurePath(inventory: Inventory, cluster: Cluster): EgressPath {
  const declared = cluster.declaredEgressCidrs;
  const outside: EgressPath = {
    clusterId: cluster.id,
    status: 'outside-azure',
    firewalls: [],
    subnets: [],
    branches: [],
    sourceCidrs: declared,
    reason:
      declared.length > 0
        ? `egress sources declared as ${declared.join(', ')}; the path from outside Azure to the firewall is not visible in Azure resources`
        : 'no egress subnet and no declared egress CIDRs (tag aro-aks-audit.egress-cidrs or --cluster-cidr)',
  };
  if (declared.length === 0) return outside;
  const named = Object.entries(cluster.tags).find(([k]) => k.toLowerCase() === EGRESS_FIREWALL_TAG)?.[1];
  if (named) {
    const firewall = inventory.firewalls.find(
      (f) => f.name.toLowerCase() === named.toLowerCase() || idKey(f.id) === idKey(named),
    );
    return firewall
      ? {
          ...outside,
          firewall,
          firewalls: [firewall],
          assumption: `egress reaches firewall ${firewall.name}, as tag ${EGRESS_FIREWALL_TAG} says`,
        }
      : { ...outside, reason: `tag ${EGRESS_FIREWALL_TAG}=${named} names no firewall in the input` };
  }
  const [only, ...others] = inventory.firewalls;
  return only && others.length === 0
    ? {
        ...outside,
        firewall: only,
        firewalls: [only],
        assumption: `egress assumed to reach ${only.name}, the only firewall in the input (tag the cluster ${EGRESS_FIREWALL_TAG}=<firewall> to say which)`,
      }
    : {
        ...outside,
        reason: `${outside.reason}; ${inventory.firewalls.length} firewalls in the input and no tag ${EGRESS_FIREWALL_TAG} says which one its traffic reaches`,
      };
}

/** Analyses shared by every check, computed once per audit and only when asked for. */
export interface Analysis {
  routeOfSubnet(subnetId: string): RouteVerdict;
  egressPathOf(cluster: Cluster): EgressPath;
  programOf(firewall: Firewall): ProgramResult;
  firewallById(id: string): Firewall | undefined;
}

function memo<K, V>(compute: (key: K) => V, keyOf: (key: K) => string): (key: K) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const k = keyOf(key);
    let value = cache.get(k);
    if (value === undefined) {
      value = compute(key);
      cache.set(k, value);
    }
    return value;
  };
}

export function createAnalysis(inventory: Inventory): Analysis {
  const firewallById = (id: string) => inventory.firewalls.find((f) => idKey(f.id) === idKey(id));
  const routeOfSubnet = memo((subnetId: string): RouteVerdict => {
    const subnet = inventory.subnets.find((s) => idKey(s.id) === idKey(subnetId));
    if (!subnet)
      return { subnetId, status: 'unknown', segments: [], reason: `subnet ${subnetId} was not in the input` };
    return internetRouteVerdict(inventory, subnet);
  }, idKey);

  const egressPathOf = memo(
    (cluster: Cluster): EgressPath => {
      if (cluster.egressSubnetIds.length === 0) return outsideAzurePath(inventory, cluster);
      const subnets = cluster.egressSubnetIds.map((subnetId) => {
        const subnet = inventory.subnets.find((s) => idKey(s.id) === idKey(subnetId));
        return { subnetId, addressPrefixes: subnet?.addressPrefixes ?? [], route: routeOfSubnet(subnetId) };
      });
      const branches = egressBranches(subnets, firewallById);
      const firewalls = [
        ...new Map(branches.flatMap((b) => (b.firewall ? [[idKey(b.firewall.id), b.firewall] as const] : []))).values(),
      ];
      const statuses = new Set(branches.map((b) => b.status));
      const only = (status: EgressBranch['status']) => statuses.size === 1 && statuses.has(status);
      const status: EgressPath['status'] = statuses.has('unknown')
        ? 'unknown'
        : only('via-firewall') && branches.every((b) => b.firewall)
          ? 'via-firewall'
          : only('bypass')
            ? 'bypass'
            : only('drop')
              ? 'drop'
              : 'partial';
      return {
        clusterId: cluster.id,
        status,
        ...(firewalls.length === 1 && { firewall: firewalls[0] }),
        firewalls,
        subnets,
        branches,
        sourceCidrs: subnets.flatMap((s) => s.addressPrefixes),
        reason: subnets.map((s) => `${shortSubnetPath(s.subnetId)}: ${s.route.reason}`).join('; '),
      };
    },
    (c) => idKey(c.id),
  );

  const programOf = memo(
    (firewall: Firewall) => compileFirewallProgram(inventory, firewall),
    (f) => idKey(f.id),
  );
  return { routeOfSubnet, egressPathOf, programOf, firewallById };
}
