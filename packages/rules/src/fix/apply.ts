/**
 * The inventory as it will be once a fix plan is applied: the collections added to their groups (or a
 * new group), the routes and route table associations, the outbound type. Used to re-audit the input
 * with the fix before proposing it, so the fix says what it resolves and whether it raises anything.
 */
import { type Inventory, idKey, type RouteTable, type RuleCollection } from '@aro-aks-audit/auditor';
import type { ClusterFixPlan } from './plan.ts';
import { modelRuleOf } from './rule-spec.ts';

const ORIGIN = { source: 'aro-aks-audit fix (proposed)' };

export function applyFix(inventory: Inventory, plan: ClusterFixPlan): Inventory {
  const next = structuredClone(inventory);
  for (const fix of plan.collections) {
    const collection: RuleCollection = {
      name: fix.placement.name,
      priority: fix.placement.priority,
      action: 'Allow',
      rules: fix.rules.map(modelRuleOf),
    };
    const { container } = fix.placement;
    if (container.kind === 'classic') {
      next.firewalls
        .find((f) => idKey(f.id) === idKey(container.firewallId))
        ?.classicCollections[container.ruleKind].push(collection);
      continue;
    }
    const id = `${container.policyId}/ruleCollectionGroups/${container.group}`;
    let group = next.ruleCollectionGroups.find((g) => idKey(g.id) === idKey(id));
    if (!group) {
      group = {
        id,
        name: container.group,
        type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
        tags: {},
        origin: ORIGIN,
        policyId: container.policyId,
        priority: container.groupPriority,
        collections: [],
      };
      next.ruleCollectionGroups.push(group);
      next.firewallPolicies.find((p) => idKey(p.id) === idKey(container.policyId))?.ruleCollectionGroupIds.push(id);
    }
    group.collections.push(collection);
  }
  for (const route of plan.routes) {
    let table = next.routeTables.find((t) => idKey(t.id) === idKey(route.table.id));
    if (!table) {
      const created: RouteTable = {
        id: route.table.id,
        name: route.table.name,
        type: 'Microsoft.Network/routeTables',
        ...(route.table.location && { location: route.table.location }),
        tags: {},
        origin: ORIGIN,
        routes: [],
        subnetIds: [],
        disableBgpRoutePropagation: false,
      };
      next.routeTables.push(created);
      table = created;
    }
    table.routes = [
      ...table.routes.filter((r) => r.addressPrefix.trim() !== '0.0.0.0/0'),
      {
        name: route.defaultRoute.name,
        addressPrefix: '0.0.0.0/0',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: route.nextHop,
      },
      ...(route.publicIpRoute
        ? [{ name: route.publicIpRoute.name, addressPrefix: route.publicIpRoute.prefix, nextHopType: 'Internet' }]
        : []),
    ];
    if (route.associate) {
      const subnet = next.subnets.find((s) => idKey(s.id) === idKey(route.subnetId));
      if (subnet) subnet.routeTableId = table.id;
      table.subnetIds.push(route.subnetId);
    }
  }
  if (plan.outboundType?.supported) {
    const cluster = next.clusters.find((c) => idKey(c.id) === idKey(plan.cluster.id));
    if (cluster) cluster.outboundType = 'userDefinedRouting';
  }
  return next;
}
