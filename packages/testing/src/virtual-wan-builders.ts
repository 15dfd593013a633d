/**
 * Builders for Virtual WAN objects in tests, beside builders.ts: a hub with its Azure Firewall,
 * connections, hub route tables and routing intent, by name, in the same test subscription.
 */
import type {
  Firewall,
  HubRoute,
  HubRouteTable,
  HubVirtualNetworkConnection,
  Inventory,
  RoutingIntent,
  Subnet,
  VirtualHub,
} from '@aro-aks-audit/auditor';
import { base, firewall, ids, inventoryOf, routeTable, subnet, TEST_SUBSCRIPTION, vnet } from './builders.ts';

const NET = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-test/providers/Microsoft.Network`;

export const hubIds = {
  wan: (name: string) => `${NET}/virtualWans/${name}`,
  hub: (name: string) => `${NET}/virtualHubs/${name}`,
  connection: (hub: string, name: string) => `${NET}/virtualHubs/${hub}/hubVirtualNetworkConnections/${name}`,
  routeTable: (hub: string, name: string) => `${NET}/virtualHubs/${hub}/hubRouteTables/${name}`,
  intent: (hub: string, name: string) => `${NET}/virtualHubs/${hub}/routingIntent/${name}`,
  nva: (name: string) => `${NET}/networkVirtualAppliances/${name}`,
};

export function virtualHub(
  name: string,
  options: { firewall?: string; wan?: string; prefix?: string; gatewayIds?: string[] } = {},
): VirtualHub {
  return {
    ...base(hubIds.hub(name), 'Microsoft.Network/virtualHubs', name),
    gatewayIds: options.gatewayIds ?? [],
    virtualWanId: hubIds.wan(options.wan ?? 'vwan'),
    addressPrefix: options.prefix ?? '10.100.0.0/23',
    ...(options.firewall && { azureFirewallId: ids.firewall(options.firewall) }),
  };
}

/** A secured hub's Azure Firewall (AZFW_Hub): addresses from the hub, no ip configurations. */
export function hubFirewall(
  name: string,
  options: { hub: string; privateIp: string; publicIps?: string[]; publicIpCount?: number; policy?: string },
): Firewall {
  const built = firewall(name, {
    privateIp: options.privateIp,
    vnet: 'unused',
    ...(options.policy && { policy: options.policy }),
  });
  return {
    ...built,
    skuName: 'AZFW_Hub',
    ipConfigurations: [],
    virtualHubId: hubIds.hub(options.hub),
    hubPrivateIpAddress: options.privateIp,
    hubPublicIpAddresses: options.publicIps ?? [],
    ...(options.publicIpCount !== undefined && { hubPublicIpCount: options.publicIpCount }),
  };
}

export function hubConnection(
  hub: string,
  name: string,
  vnet: string,
  options: Partial<Omit<HubVirtualNetworkConnection, 'id' | 'name' | 'type'>> = {},
): HubVirtualNetworkConnection {
  return {
    ...base(hubIds.connection(hub, name), 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections', name),
    virtualHubId: hubIds.hub(hub),
    remoteVirtualNetworkId: ids.vnet(vnet),
    propagatedRouteTableIds: [],
    propagatedLabels: [],
    staticRoutes: [],
    ...options,
  };
}

/** A hub route table; each route is [name, destinations, next hop resource id]. */
export function hubRouteTable(
  hub: string,
  name: string,
  routes: [name: string, destinations: string[], nextHop: string][],
  labels: string[] = [],
): HubRouteTable {
  return {
    ...base(hubIds.routeTable(hub, name), 'Microsoft.Network/virtualHubs/hubRouteTables', name),
    virtualHubId: hubIds.hub(hub),
    routes: routes.map(
      ([routeName, destinations, nextHop]): HubRoute => ({
        name: routeName,
        destinationType: 'CIDR',
        destinations,
        nextHopType: 'ResourceId',
        nextHop,
      }),
    ),
    labels,
    associatedConnectionIds: [],
    propagatingConnectionIds: [],
  };
}

/** Routing intent; each policy is [name, destinations, next hop resource id]. */
export function routingIntent(
  hub: string,
  policies: [name: string, destinations: string[], nextHop: string][],
  name = 'ri',
): RoutingIntent {
  return {
    ...base(hubIds.intent(hub, name), 'Microsoft.Network/virtualHubs/routingIntent', name),
    virtualHubId: hubIds.hub(hub),
    routingPolicies: policies.map(([policyName, destinations, nextHop]) => ({
      name: policyName,
      destinations,
      nextHop,
    })),
  };
}

/**
 * A spoke `vnet-spoke` (10.1.0.0/16) whose node subnet `snet-nodes` is 10.1.0.0/22, connected by
 * `conn-spoke` to hub `vhub`, whose Azure Firewall `afw-hub` (policy `afwp-hub`) has the private IP
 * 10.100.0.132. `routes` gives the subnet a route table `rt-nodes` (`no-propagation`: an empty one that
 * disables gateway route propagation); `extra` adds the hub's routing (routing intent, route tables).
 */
export function securedHubSpoke(
  options: {
    connection?: Partial<Omit<HubVirtualNetworkConnection, 'id' | 'name' | 'type'>>;
    routes?: [prefix: string, nextHopType: string, nextHopIp?: string][] | 'no-propagation';
    firewall?: boolean;
  },
  ...extra: Parameters<typeof inventoryOf>
): { inventory: Inventory; nodes: Subnet } {
  const nodes = subnet('vnet-spoke', 'snet-nodes', '10.1.0.0/22', options.routes ? { routeTable: 'rt-nodes' } : {});
  const table =
    options.routes === 'no-propagation'
      ? { ...routeTable('rt-nodes', [], [nodes.id]), disableBgpRoutePropagation: true }
      : options.routes && routeTable('rt-nodes', options.routes, [nodes.id]);
  const inventory = inventoryOf(
    vnet('vnet-spoke', ['10.1.0.0/16']),
    nodes,
    ...(table ? [table] : []),
    ...(options.firewall === false
      ? []
      : [
          virtualHub('vhub', { firewall: 'afw-hub' }),
          hubFirewall('afw-hub', { hub: 'vhub', privateIp: '10.100.0.132', policy: 'afwp-hub' }),
        ]),
    hubConnection('vhub', 'conn-spoke', 'vnet-spoke', options.connection),
    ...extra,
  );
  return { inventory, nodes };
}
