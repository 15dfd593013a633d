/**
 * Phases that make cross-references consistent from either side: route table ↔ subnet, NAT gateway ↔
 * subnet / public IP / prefix, virtual network ↔ subnets, policy ↔ groups / children / firewalls,
 * public IP ↔ the firewall ip configuration that uses it.
 */
import { type Firewall, type FirewallPolicy, type InventoryNote, idKey, type Origin } from '../model/inventory.ts';
import type { Draft } from './draft.ts';
import { byIdKey } from './order.ts';
import { distinctIds } from './shape.ts';

/** The keys of T that hold an optional id (a child's reference to its parent). */
type IdRefKey<T> = {
  [K in keyof T]-?: undefined extends T[K] ? (NonNullable<T[K]> extends string ? K : never) : never;
}[keyof T];

/** The keys of T that hold a list of ids (a parent's list of its children). */
type IdListKey<T> = { [K in keyof T]-?: T[K] extends string[] ? K : never }[keyof T];

/**
 * Makes a one-to-many association consistent from both sides: a child names its parent
 * (`subnet.routeTableId`) and a parent lists its children (`routeTable.subnetIds`). The child's own
 * reference is what ARM sets; the parent's list is derived, so where they disagree the child wins and
 * the disagreement becomes a warning note. A child that names no parent takes the first parent (by
 * id) that lists it.
 */
function linkAssociation<C extends { id: string }, P extends { id: string; origin: Origin }>(
  children: C[],
  parents: P[],
  childRef: IdRefKey<C>,
  parentList: IdListKey<P>,
  what: { child: string; parent: string },
  notes: InventoryNote[],
): void {
  const refOf = (child: C) => child[childRef] as string | undefined;
  const setRef = (child: C, id: string) => {
    (child as Record<keyof C, unknown>)[childRef] = id;
  };
  const listOf = (parent: P) => parent[parentList] as string[];
  const setList = (parent: P, ids: string[]) => {
    (parent as Record<keyof P, unknown>)[parentList] = ids;
  };
  const ordered = [...parents].sort(byIdKey);
  const childByKey = new Map(children.map((c) => [idKey(c.id), c]));
  const parentByKey = new Map(ordered.map((p) => [idKey(p.id), p]));
  for (const parent of ordered) {
    for (const childId of listOf(parent)) {
      const child = childByKey.get(idKey(childId));
      if (child && refOf(child) === undefined) setRef(child, parent.id);
    }
  }
  for (const parent of ordered) {
    const kept = listOf(parent).filter((childId) => {
      const child = childByKey.get(idKey(childId));
      const named = child ? refOf(child) : undefined;
      if (!child || named === undefined || idKey(named) === idKey(parent.id)) return true;
      notes.push({
        kind: 'warning',
        resourceId: parent.id,
        message: `${what.parent} ${parent.id} lists ${what.child} ${child.id}, but that ${what.child} names ${named}; the ${what.child}'s own association is used`,
      });
      return false;
    });
    setList(parent, kept);
  }
  for (const child of children) {
    const named = refOf(child);
    const parent = named !== undefined ? parentByKey.get(idKey(named)) : undefined;
    if (parent) setList(parent, distinctIds([...listOf(parent), child.id]));
  }
}

/** A virtual network lists every subnet that names it. */
export function linkVirtualNetworkSubnets({ inventory }: Draft): void {
  for (const vnet of inventory.virtualNetworks) {
    const own = inventory.subnets.filter((s) => s.virtualNetworkId && idKey(s.virtualNetworkId) === idKey(vnet.id));
    vnet.subnetIds = distinctIds([...vnet.subnetIds, ...own.map((s) => s.id)]);
  }
}

export function linkNetworkAssociations({ inventory, notes }: Draft): void {
  const { subnets, routeTables, natGateways, publicIps, publicIpPrefixes } = inventory;
  linkAssociation(subnets, routeTables, 'routeTableId', 'subnetIds', { child: 'subnet', parent: 'route table' }, notes);
  linkAssociation(subnets, natGateways, 'natGatewayId', 'subnetIds', { child: 'subnet', parent: 'NAT gateway' }, notes);
  linkAssociation(
    publicIps,
    natGateways,
    'natGatewayId',
    'publicIpAddressIds',
    { child: 'public IP address', parent: 'NAT gateway' },
    notes,
  );
  linkAssociation(
    publicIpPrefixes,
    natGateways,
    'natGatewayId',
    'publicIpPrefixIds',
    { child: 'public IP prefix', parent: 'NAT gateway' },
    notes,
  );
}

export function linkPolicies({ inventory, notes }: Draft): void {
  const policyByKey = new Map(inventory.firewallPolicies.map((p) => [idKey(p.id), p]));
  const add = (
    policyId: string | undefined,
    list: 'childPolicyIds' | 'firewallIds' | 'ruleCollectionGroupIds',
    id: string,
  ) => {
    const policy = policyId !== undefined ? policyByKey.get(idKey(policyId)) : undefined;
    if (policy) policy[list] = distinctIds([...policy[list], id]);
  };
  for (const group of inventory.ruleCollectionGroups) add(group.policyId, 'ruleCollectionGroupIds', group.id);
  for (const policy of inventory.firewallPolicies) add(policy.basePolicyId, 'childPolicyIds', policy.id);
  for (const firewall of inventory.firewalls) add(firewall.policyId, 'firewallIds', firewall.id);

  const firewallByKey = new Map(inventory.firewalls.map((f) => [idKey(f.id), f]));
  for (const policy of inventory.firewallPolicies) {
    for (const firewallId of policy.firewallIds) {
      const firewall: Firewall | undefined = firewallByKey.get(idKey(firewallId));
      if (firewall && (firewall.policyId === undefined || idKey(firewall.policyId) !== idKey(policy.id))) {
        notes.push({
          kind: 'warning',
          resourceId: policy.id,
          message: `firewall policy ${policy.id} lists firewall ${firewall.id}, but the firewall ${firewall.policyId ? `uses policy ${firewall.policyId}` : 'has no policy'}; the firewall's own setting is used`,
        });
      }
    }
    const base: FirewallPolicy | undefined = policy.basePolicyId
      ? policyByKey.get(idKey(policy.basePolicyId))
      : undefined;
    if (base && idKey(base.id) === idKey(policy.id)) {
      notes.push({
        kind: 'warning',
        resourceId: policy.id,
        message: `firewall policy ${policy.id} names itself as its base policy`,
      });
    }
  }
}

/** A public IP a firewall's ip configuration uses is attached to it, unless the IP says otherwise. */
export function linkFirewallPublicIps({ inventory, pending }: Draft): void {
  const configByPublicIp = new Map<string, string>();
  for (const c of pending.firewallPublicIps)
    if (!configByPublicIp.has(idKey(c.publicIpId))) configByPublicIp.set(idKey(c.publicIpId), c.configurationId);
  for (const pip of inventory.publicIps) {
    const configurationId = configByPublicIp.get(idKey(pip.id));
    if (pip.attachedToId === undefined && configurationId !== undefined) pip.attachedToId = configurationId;
  }
}
