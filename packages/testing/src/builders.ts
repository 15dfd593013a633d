/**
 * Builders for inventories in tests: short to write, complete enough to evaluate. Every builder takes
 * names, not ids; ids follow ARM's form in one test subscription and resource group.
 */
import type {
  ApplicationRule,
  Cluster,
  Firewall,
  FirewallPolicy,
  Inventory,
  IpGroup,
  NetworkRule,
  PublicIp,
  Route,
  RouteTable,
  RuleCollection,
  RuleCollectionGroup,
  Subnet,
  VirtualNetwork,
} from '@aro-aks-audit/auditor';
import { emptyCluster, emptyInventory } from '@aro-aks-audit/auditor';

export const TEST_SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
const RG = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-test/providers`;

export const ids = {
  vnet: (name: string) => `${RG}/Microsoft.Network/virtualNetworks/${name}`,
  subnet: (vnet: string, name: string) => `${RG}/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`,
  routeTable: (name: string) => `${RG}/Microsoft.Network/routeTables/${name}`,
  firewall: (name: string) => `${RG}/Microsoft.Network/azureFirewalls/${name}`,
  policy: (name: string) => `${RG}/Microsoft.Network/firewallPolicies/${name}`,
  group: (policy: string, name: string) =>
    `${RG}/Microsoft.Network/firewallPolicies/${policy}/ruleCollectionGroups/${name}`,
  ipGroup: (name: string) => `${RG}/Microsoft.Network/ipGroups/${name}`,
  publicIp: (name: string) => `${RG}/Microsoft.Network/publicIPAddresses/${name}`,
  aks: (name: string) => `${RG}/Microsoft.ContainerService/managedClusters/${name}`,
  aro: (name: string) => `${RG}/Microsoft.RedHatOpenShift/openShiftClusters/${name}`,
  arc: (name: string) => `${RG}/Microsoft.Kubernetes/connectedClusters/${name}`,
};

/** The identity of a test resource: an id, its type and name, in eastus, read from a file named `test`. */
export const base = (id: string, type: string, name: string) => ({
  id,
  type,
  name,
  location: 'eastus',
  tags: {},
  origin: { file: 'test' },
});

export function vnet(name: string, addressPrefixes: string[], options: { peeredWith?: string[] } = {}): VirtualNetwork {
  return {
    ...base(ids.vnet(name), 'Microsoft.Network/virtualNetworks', name),
    addressPrefixes,
    subnetIds: [],
    dnsServers: [],
    peerings: (options.peeredWith ?? []).map((remote) => ({
      name: `to-${remote}`,
      remoteVirtualNetworkId: ids.vnet(remote),
      peeringState: 'Connected',
      allowForwardedTraffic: true,
      useRemoteGateways: false,
    })),
  };
}

export function subnet(vnetName: string, name: string, prefix: string, options: { routeTable?: string } = {}): Subnet {
  return {
    ...base(ids.subnet(vnetName, name), 'Microsoft.Network/virtualNetworks/subnets', name),
    virtualNetworkId: ids.vnet(vnetName),
    addressPrefixes: [prefix],
    ...(options.routeTable && { routeTableId: ids.routeTable(options.routeTable) }),
  };
}

export function routeTable(
  name: string,
  routes: [prefix: string, nextHopType: string, nextHopIp?: string][],
  subnetIds: string[] = [],
): RouteTable {
  return {
    ...base(ids.routeTable(name), 'Microsoft.Network/routeTables', name),
    routes: routes.map(
      ([addressPrefix, nextHopType, nextHopIpAddress], i): Route => ({
        name: `route-${i + 1}`,
        addressPrefix,
        nextHopType,
        ...(nextHopIpAddress && { nextHopIpAddress }),
      }),
    ),
    subnetIds,
    disableBgpRoutePropagation: false,
  };
}

export function firewall(
  name: string,
  options: {
    privateIp: string;
    vnet: string;
    policy?: string;
    publicIps?: string[];
    collections?: Partial<Firewall['classicCollections']>;
    additionalProperties?: Record<string, string>;
  },
): Firewall {
  return {
    ...base(ids.firewall(name), 'Microsoft.Network/azureFirewalls', name),
    skuName: 'AZFW_VNet',
    skuTier: 'Standard',
    threatIntelMode: 'Alert',
    ...(options.policy && { policyId: ids.policy(options.policy) }),
    zones: [],
    ipConfigurations: (options.publicIps ?? ['pip-1']).map((pip, i) => ({
      name: `ipconfig-${i + 1}`,
      ...(i === 0 && { privateIpAddress: options.privateIp }),
      subnetId: ids.subnet(options.vnet, 'AzureFirewallSubnet'),
      publicIpAddressId: ids.publicIp(pip),
    })),
    hubPublicIpAddresses: [],
    classicCollections: { application: [], network: [], nat: [], ...options.collections },
    additionalProperties: options.additionalProperties ?? {},
  };
}

export function policy(
  name: string,
  options: { base?: string; dnsProxy?: boolean; groups?: string[]; threatIntelMode?: string } = {},
): FirewallPolicy {
  return {
    ...base(ids.policy(name), 'Microsoft.Network/firewallPolicies', name),
    ...(options.base && { basePolicyId: ids.policy(options.base) }),
    childPolicyIds: [],
    firewallIds: [],
    ruleCollectionGroupIds: (options.groups ?? []).map((g) => ids.group(name, g)),
    threatIntelMode: options.threatIntelMode ?? 'Alert',
    threatIntelWhitelist: { ipAddresses: [], fqdns: [] },
    ...(options.dnsProxy !== undefined && { dnsProxyEnabled: options.dnsProxy }),
    dnsServers: [],
    tlsInspectionEnabled: false,
    explicitProxyEnabled: false,
    snatPrivateRanges: [],
  };
}

export function ruleGroup(
  policyName: string,
  name: string,
  priority: number,
  collections: RuleCollection[],
): RuleCollectionGroup {
  return {
    ...base(ids.group(policyName, name), 'Microsoft.Network/firewallPolicies/ruleCollectionGroups', name),
    policyId: ids.policy(policyName),
    priority,
    collections,
  };
}

export function collection(
  name: string,
  priority: number,
  action: 'Allow' | 'Deny',
  rules: (ApplicationRule | NetworkRule)[],
): RuleCollection {
  return { name, priority, action, rules };
}

export function appRule(
  name: string,
  options: {
    sources?: string[];
    sourceIpGroups?: string[];
    fqdns?: string[];
    fqdnTags?: string[];
    protocols?: string[];
  },
): ApplicationRule {
  return {
    kind: 'application',
    name,
    sourceAddresses: options.sources ?? (options.sourceIpGroups ? [] : ['*']),
    sourceIpGroups: (options.sourceIpGroups ?? []).map(ids.ipGroup),
    protocols: (options.protocols ?? ['Https:443']).map((p) => {
      const [protocolType, port] = p.split(':');
      return { protocolType: protocolType as 'Http' | 'Https' | 'Mssql', port: Number(port) };
    }),
    targetFqdns: options.fqdns ?? [],
    targetUrls: [],
    fqdnTags: options.fqdnTags ?? [],
    webCategories: [],
    destinationAddresses: [],
    terminateTls: false,
  };
}

export function netRule(
  name: string,
  options: {
    sources?: string[];
    protocols?: NetworkRule['ipProtocols'];
    destinations?: string[];
    fqdns?: string[];
    ports?: string[];
  },
): NetworkRule {
  return {
    kind: 'network',
    name,
    ipProtocols: options.protocols ?? ['TCP'],
    sourceAddresses: options.sources ?? ['*'],
    sourceIpGroups: [],
    destinationAddresses: options.destinations ?? [],
    destinationIpGroups: [],
    destinationFqdns: options.fqdns ?? [],
    destinationPorts: options.ports ?? ['443'],
  };
}

/** A policy `afwp` with one group `rcg` holding one collection `egress` of these rules (no firewall). */
export function policyWithRules(
  rules: (ApplicationRule | NetworkRule)[],
  action: 'Allow' | 'Deny' = 'Allow',
): Inventory {
  return inventoryOf(policy('afwp'), ruleGroup('afwp', 'rcg', 100, [collection('egress', 100, action, rules)]));
}

export function ipGroup(name: string, ipAddresses: string[]): IpGroup {
  return { ...base(ids.ipGroup(name), 'Microsoft.Network/ipGroups', name), ipAddresses };
}

export function publicIp(name: string, address: string, attachedToId?: string): PublicIp {
  return {
    ...base(ids.publicIp(name), 'Microsoft.Network/publicIPAddresses', name),
    ipAddress: address,
    skuName: 'Standard',
    allocationMethod: 'Static',
    ...(attachedToId && { attachedToId }),
  };
}

export function cluster(
  kind: Cluster['kind'],
  name: string,
  options: Partial<Omit<Cluster, 'kind' | 'name'>> = {},
): Cluster {
  const type = {
    aks: 'Microsoft.ContainerService/managedClusters',
    aro: 'Microsoft.RedHatOpenShift/openShiftClusters',
    arc: 'Microsoft.Kubernetes/connectedClusters',
  }[kind];
  return { ...emptyCluster(base(ids[kind](name), type, name), kind), ...options };
}

type InventoryItem = Inventory[Exclude<keyof Inventory, 'unavailable' | 'notes' | 'serviceTags'>][number];

const LISTS: Record<string, Exclude<keyof Inventory, 'unavailable' | 'notes' | 'serviceTags'>> = {
  'microsoft.network/azurefirewalls': 'firewalls',
  'microsoft.network/firewallpolicies': 'firewallPolicies',
  'microsoft.network/firewallpolicies/rulecollectiongroups': 'ruleCollectionGroups',
  'microsoft.network/ipgroups': 'ipGroups',
  'microsoft.network/publicipaddresses': 'publicIps',
  'microsoft.network/publicipprefixes': 'publicIpPrefixes',
  'microsoft.network/natgateways': 'natGateways',
  'microsoft.network/routetables': 'routeTables',
  'microsoft.network/virtualnetworks': 'virtualNetworks',
  'microsoft.network/virtualnetworks/subnets': 'subnets',
  'microsoft.network/virtualwans': 'virtualWans',
  'microsoft.network/virtualhubs': 'virtualHubs',
  'microsoft.network/virtualhubs/hubvirtualnetworkconnections': 'hubVirtualNetworkConnections',
  'microsoft.network/virtualhubs/hubroutetables': 'hubRouteTables',
  'microsoft.network/virtualhubs/routingintent': 'routingIntents',
  'microsoft.containerservice/managedclusters': 'clusters',
  'microsoft.redhatopenshift/openshiftclusters': 'clusters',
  'microsoft.kubernetes/connectedclusters': 'clusters',
};

/** An inventory of the given objects, each placed in its list by its ARM type. */
export function inventoryOf(...items: InventoryItem[]): Inventory {
  const inventory = emptyInventory();
  for (const item of items) {
    const list = LISTS[item.type.toLowerCase()];
    if (!list) throw new Error(`builder: no inventory list for ${item.type}`);
    (inventory[list] as InventoryItem[]).push(item);
  }
  return inventory;
}

/**
 * The common test topology: a hub with a firewall at 10.0.1.4, one spoke subnet 10.1.0.0/22 routed to it,
 * and one AKS cluster on that subnet. Tests add the firewall's rules.
 */
export function hubAndSpoke(
  options: { policyName?: string; routes?: [string, string, string?][]; clusterName?: string } = {},
) {
  const policyName = options.policyName ?? 'afwp-test';
  const routes = options.routes ?? [['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4']];
  const nodes = subnet('vnet-spoke', 'snet-nodes', '10.1.0.0/22', { routeTable: 'rt-spoke' });
  return {
    policyName,
    nodes,
    items: [
      vnet('vnet-hub', ['10.0.0.0/16'], { peeredWith: ['vnet-spoke'] }),
      vnet('vnet-spoke', ['10.1.0.0/16'], { peeredWith: ['vnet-hub'] }),
      subnet('vnet-hub', 'AzureFirewallSubnet', '10.0.1.0/26'),
      nodes,
      routeTable('rt-spoke', routes, [nodes.id]),
      firewall('afw-test', { privateIp: '10.0.1.4', vnet: 'vnet-hub', policy: policyName }),
      cluster('aks', options.clusterName ?? 'aks-test', {
        egressSubnetIds: [nodes.id],
        outboundType: 'userDefinedRouting',
      }),
    ] as InventoryItem[],
  };
}

/** The hub-and-spoke topology, its firewall using its policy (DNS proxy on) with one group `rcg` of these collections. */
export function hubAndSpokeWithCollections(
  collections: Parameters<typeof ruleGroup>[3],
  ...extra: Parameters<typeof inventoryOf>
): Inventory {
  const hub = hubAndSpoke();
  return inventoryOf(
    ...hub.items,
    policy(hub.policyName, { groups: ['rcg'], dnsProxy: true }),
    ruleGroup(hub.policyName, 'rcg', 100, collections),
    ...extra,
  );
}
