import { compareText } from '../model/compare.ts';
import { type Firewall, idKey } from '../model/inventory.ts';
import type { RouteVerdict } from './routes.ts';

/** One egress subnet of a cluster and where its Internet-bound traffic goes. */
export interface EgressSubnet {
  subnetId: string;
  addressPrefixes: string[];
  route: RouteVerdict;
}

/**
 * The subnets of a cluster whose Internet-bound traffic takes the same way: to one firewall (all of
 * it, or only part: `partial`), around every firewall (`bypass`), nowhere (`drop`, a None route), or a
 * way the input cannot tell (`unknown`). A cluster whose node and pod subnets take different ways is
 * judged per branch: each firewall on its own sources, the bypass and the outage where they are.
 */
export interface EgressBranch {
  status: RouteVerdict['status'];
  firewall?: Firewall;
  subnets: EgressSubnet[];
  /** The branch's egress sources: its subnets' prefixes. */
  sourceCidrs: string[];
  reason: string;
}

const ORDER: Record<RouteVerdict['status'], number> = { 'via-firewall': 0, partial: 1, drop: 2, bypass: 3, unknown: 4 };

export const shortSubnetPath = (subnetId: string) => subnetId.split('/').slice(-3).join('/');

/** Groups a cluster's egress subnets into branches, by route status and firewall, in a stable order. */
export function egressBranches(
  subnets: readonly EgressSubnet[],
  firewallById: (id: string) => Firewall | undefined,
): EgressBranch[] {
  const groups = new Map<string, EgressSubnet[]>();
  for (const subnet of subnets) {
    const { status, firewallId } = subnet.route;
    // A firewall matters only where traffic reaches it; a bypass or an outage is one branch whatever it names.
    const key = `${status}|${status === 'via-firewall' || status === 'partial' ? idKey(firewallId ?? '') : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), subnet]);
  }
  return [...groups.values()]
    .map((members): EgressBranch => {
      const first = members[0] as EgressSubnet;
      const { status, firewallId } = first.route;
      const firewall =
        (status === 'via-firewall' || status === 'partial') && firewallId ? firewallById(firewallId) : undefined;
      return {
        status,
        ...(firewall && { firewall }),
        subnets: members,
        sourceCidrs: members.flatMap((s) => s.addressPrefixes),
        reason: members.map((s) => `${shortSubnetPath(s.subnetId)}: ${s.route.reason}`).join('; '),
      };
    })
    .sort(
      (a, b) =>
        ORDER[a.status] - ORDER[b.status] ||
        compareText(a.firewall?.name ?? '', b.firewall?.name ?? '') ||
        compareText(a.subnets[0]?.subnetId ?? '', b.subnets[0]?.subnetId ?? ''),
    );
}
