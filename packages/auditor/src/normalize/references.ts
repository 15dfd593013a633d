/**
 * The references a verdict needs, as a table: which resource names which other resource, where, and
 * what the audit cannot decide without it. A reference that does not resolve to a resource of the
 * input is an input error (the audit is incomplete, exit 3), never a silent "not there": the evaluator
 * already says `unknown` for the verdicts that depend on it, and this phase makes sure the run is not
 * reported as clean — offline as the live collector does with a 404.
 *
 * New resource types add rows, not code. Back-references (a route table's subnets, a policy's
 * firewalls, a virtual network's subnet list) are not rows: they are derived and decide nothing.
 *
 * Pure: the inventory in, input errors out.
 */
import {
  EGRESS_FIREWALL_TAG,
  type Inventory,
  idKey,
  isVirtualHubPeering,
  type ResourceBase,
} from '../model/inventory.ts';
import type { InputError } from '../model/raw.ts';
import type { Draft } from './draft.ts';

/** The inventory lists a reference can resolve in: every list of resources (a new type's list too). */
type TargetList = { [K in keyof Inventory]: Inventory[K] extends readonly ResourceBase[] ? K : never }[keyof Inventory];

export interface ReferenceRow<Holder extends ResourceBase = ResourceBase> {
  /** The resources that hold the reference. */
  holders: (inventory: Inventory) => readonly Holder[];
  /** What a holder is, in a message: `AKS cluster`. */
  holderKind: (holder: Holder) => string;
  /** Where the holder names it, in a message: `agentPoolProfiles[].vnetSubnetID`. */
  field: string;
  /** The ids it names (or names, with `byName`). */
  refs: (holder: Holder) => readonly (string | undefined)[];
  target: TargetList;
  /** A name or an id may be given (a tag): it resolves by either. */
  byName?: boolean;
  /** What cannot be decided without it. */
  needs: string;
}

/** A row of any holder type: the table holds rows of several. */
const row = <Holder extends ResourceBase>(r: ReferenceRow<Holder>) => r as unknown as ReferenceRow;

const KIND_NAMES = { aks: 'AKS cluster', aro: 'ARO cluster', arc: 'Arc-enabled cluster' } as const;

export const REFERENCES: readonly ReferenceRow[] = [
  row({
    holders: (i) => i.clusters,
    holderKind: (c) => KIND_NAMES[c.kind],
    field: 'its node pool, pod, master or worker subnets',
    refs: (c) => c.egressSubnetIds,
    target: 'subnets',
    needs: "the cluster's egress path starts in its subnets (their routes, their NAT gateway)",
  }),
  row({
    holders: (i) => i.clusters.filter((c) => c.kind === 'arc'),
    holderKind: (c) => KIND_NAMES[c.kind],
    field: `tag ${EGRESS_FIREWALL_TAG}`,
    refs: (c) => [Object.entries(c.tags).find(([k]) => k.toLowerCase() === EGRESS_FIREWALL_TAG)?.[1]],
    target: 'firewalls',
    byName: true,
    needs: "the cluster's traffic is judged by the rules of the firewall it reaches",
  }),
  row({
    holders: (i) => i.subnets,
    holderKind: () => 'subnet',
    field: 'routeTable',
    refs: (s) => [s.routeTableId],
    target: 'routeTables',
    needs: "the subnet's routes decide whether its traffic reaches a firewall",
  }),
  row({
    holders: (i) => i.subnets,
    holderKind: () => 'subnet',
    field: 'natGateway',
    refs: (s) => [s.natGatewayId],
    target: 'natGateways',
    needs: 'the NAT gateway decides where Internet-bound traffic leaves and the SNAT capacity of a firewall behind it',
  }),
  row({
    holders: (i) => i.subnets,
    holderKind: () => 'subnet',
    field: 'its virtual network (the parent of its id)',
    refs: (s) => [s.virtualNetworkId],
    target: 'virtualNetworks',
    needs:
      "the virtual network's peerings carry traffic to a hub firewall, and its DNS servers decide the custom-dns endpoints",
  }),
  row({
    holders: (i) => i.virtualNetworks,
    holderKind: () => 'virtual network',
    field: 'virtualNetworkPeerings[].remoteVirtualNetwork',
    // A Virtual WAN hub's own network is Microsoft's, readable by no one: its hub connection stands for it.
    refs: (v) => v.peerings.filter((p) => !isVirtualHubPeering(p)).map((p) => p.remoteVirtualNetworkId),
    target: 'virtualNetworks',
    needs: 'a firewall reached through the peering is in that virtual network',
  }),
  row({
    holders: (i) => i.firewalls,
    holderKind: () => 'firewall',
    field: 'firewallPolicy',
    refs: (f) => [f.policyId],
    target: 'firewallPolicies',
    needs: "the firewall's rules are in its policy",
  }),
  row({
    holders: (i) => i.firewalls,
    holderKind: () => 'firewall',
    field: 'virtualHub',
    refs: (f) => [f.virtualHubId],
    target: 'virtualHubs',
    needs: "a secured hub's routing decides which traffic reaches its firewall",
  }),
  row({
    holders: (i) => i.firewalls,
    holderKind: () => 'firewall',
    field: 'ipConfigurations[].subnet',
    refs: (f) => f.ipConfigurations.map((c) => c.subnetId),
    target: 'subnets',
    needs: 'a NAT gateway on AzureFirewallSubnet changes the SNAT capacity',
  }),
  row({
    holders: (i) => i.firewalls,
    holderKind: () => 'firewall',
    field: 'ipConfigurations[].publicIPAddress',
    refs: (f) => f.ipConfigurations.map((c) => c.publicIpAddressId),
    target: 'publicIps',
    needs: "the firewall's public addresses decide its SNAT capacity and which routes end at it",
  }),
  row({
    holders: (i) => i.firewalls,
    holderKind: () => 'firewall',
    field: 'the IP groups of its classic rules',
    refs: (f) =>
      Object.values(f.classicCollections).flatMap((collections) => collections.flatMap(ipGroupsOfCollection)),
    target: 'ipGroups',
    needs: 'the addresses its rules match are in the IP group',
  }),
  row({
    holders: (i) => i.firewallPolicies,
    holderKind: () => 'firewall policy',
    field: 'basePolicy',
    refs: (p) => [p.basePolicyId],
    target: 'firewallPolicies',
    needs: "a parent policy's rules are processed before the policy's own",
  }),
  row({
    holders: (i) => i.firewallPolicies,
    holderKind: () => 'firewall policy',
    field: 'ruleCollectionGroups',
    refs: (p) => p.ruleCollectionGroupIds,
    target: 'ruleCollectionGroups',
    needs: "the policy's rules are in its rule collection groups",
  }),
  row({
    holders: (i) => i.ruleCollectionGroups,
    holderKind: () => 'rule collection group',
    field: 'the sourceIpGroups and destinationIpGroups of its rules',
    refs: (g) => g.collections.flatMap(ipGroupsOfCollection),
    target: 'ipGroups',
    needs: 'the addresses its rules match are in the IP group',
  }),
  row({
    holders: (i) => i.natGateways,
    holderKind: () => 'NAT gateway',
    field: 'publicIpPrefixes',
    refs: (n) => n.publicIpPrefixIds,
    target: 'publicIpPrefixes',
    needs: "a prefix's length is the NAT gateway's SNAT capacity",
  }),
];

function ipGroupsOfCollection(collection: {
  rules: readonly { sourceIpGroups: string[]; destinationIpGroups?: string[] }[];
}): string[] {
  return collection.rules.flatMap((r) => [...r.sourceIpGroups, ...(r.destinationIpGroups ?? [])]);
}

/** What an input must hold for any verdict: without it the audit has nothing to judge, and says so. */
export const REQUIRED_CONTENTS: readonly { list: 'clusters' | 'firewalls'; what: string; needs: string }[] = [
  {
    list: 'clusters',
    what: 'cluster (AKS, ARO or Arc-enabled Kubernetes)',
    needs: 'there is no egress to audit; add the clusters (az aks list, az aro list, az connectedk8s list)',
  },
  {
    list: 'firewalls',
    what: 'Azure Firewall',
    needs: 'no egress can be judged against a firewall; add the firewalls (az network firewall list)',
  },
];

/** The ids a parent segment of `id` has (`…/virtualNetworks/v/subnets/s` → `…/virtualNetworks/v`). */
function ancestorsOf(key: string): string[] {
  const parts = key.split('/');
  const out: string[] = [];
  // An ARM id's resource part alternates type/name after `providers/{namespace}`.
  for (let end = parts.length - 2; end > 0; end -= 2) out.push(parts.slice(0, end).join('/'));
  return out;
}

/**
 * Every reference of the table that does not resolve, and every required content that is missing, as
 * input errors naming the missing resource (its id is the error's resourceId: several holders naming
 * one missing resource are one finding). `alreadyUnavailable`: ids the collector already reported as
 * unreadable (a 404, a 403), not reported again, nor what lies under them.
 */
export function unresolvedReferences(inventory: Inventory, alreadyUnavailable: readonly string[] = []): InputError[] {
  const errors: InputError[] = [];
  for (const required of REQUIRED_CONTENTS)
    if (inventory[required.list].length === 0)
      errors.push({ message: `the input holds no ${required.what}: ${required.needs}` });
  const known = new Set(alreadyUnavailable.map(idKey));
  const resolvable = new Map<TargetList, { ids: Set<string>; names: Set<string> }>();
  const targetOf = (list: TargetList) => {
    let found = resolvable.get(list);
    if (!found) {
      const resources: readonly ResourceBase[] = inventory[list];
      found = {
        ids: new Set(resources.map((r) => idKey(r.id))),
        names: new Set(resources.map((r) => r.name.toLowerCase())),
      };
      resolvable.set(list, found);
    }
    return found;
  };
  for (const reference of REFERENCES) {
    const target = targetOf(reference.target);
    for (const holder of reference.holders(inventory)) {
      for (const ref of reference.refs(holder)) {
        if (ref === undefined || ref.trim() === '') continue;
        const key = idKey(ref.trim());
        if (target.ids.has(key) || (reference.byName && target.names.has(key))) continue;
        if (known.has(key) || ancestorsOf(key).some((a) => known.has(a))) continue;
        errors.push({
          resourceId: ref,
          message: `${reference.holderKind(holder)} ${holder.name} names it (${reference.field}), and it is not in the input: ${reference.needs}`,
        });
      }
    }
  }
  return errors;
}

/** The phase of normalizeResources (index.ts): what does not resolve goes to `draft.unresolved`. */
export function findUnresolvedReferences(draft: Draft): void {
  draft.unresolved.push(...unresolvedReferences(draft.inventory, draft.alreadyUnavailable));
}
