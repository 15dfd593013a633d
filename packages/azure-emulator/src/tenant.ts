/**
 * A synthetic tenant for scale tests and the benchmark: one hub subscription (VNet, Azure Firewall,
 * policy with one rule collection group, public IP) and N-1 spoke subscriptions, each with a spoke
 * VNet peered to the hub, a route table sending 0.0.0.0/0 to the firewall, and an AKS cluster on
 * the spoke subnet. Shapes follow the demo fixtures (ARM REST shape).
 */

export interface SyntheticTenant {
  subscriptions: string[];
  resources: Record<string, unknown>[];
}

export const subscriptionId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

export function syntheticTenant(subscriptionCount: number): SyntheticTenant {
  const subscriptions = Array.from({ length: subscriptionCount }, (_, i) => subscriptionId(i));
  const hub = `/subscriptions/${subscriptions[0]}/resourceGroups/rg-hub/providers/Microsoft.Network`;
  const hubVnet = `${hub}/virtualNetworks/vnet-hub`;
  const peerings: Record<string, unknown>[] = [];
  const firewall = `${hub}/azureFirewalls/afw-hub`;
  const policy = `${hub}/firewallPolicies/afwp-hub`;
  const pip = `${hub}/publicIPAddresses/pip-afw-hub`;
  const resources: Record<string, unknown>[] = [
    {
      id: hubVnet,
      name: 'vnet-hub',
      type: 'Microsoft.Network/virtualNetworks',
      location: 'eastus',
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          {
            id: `${hubVnet}/subnets/AzureFirewallSubnet`,
            name: 'AzureFirewallSubnet',
            properties: {
              addressPrefix: '10.0.1.0/26',
              ipConfigurations: [{ id: `${firewall}/azureFirewallIpConfigurations/ipconfig` }],
            },
          },
        ],
        virtualNetworkPeerings: peerings,
      },
    },
    {
      id: firewall,
      name: 'afw-hub',
      type: 'Microsoft.Network/azureFirewalls',
      location: 'eastus',
      properties: {
        sku: { name: 'AZFW_VNet', tier: 'Standard' },
        threatIntelMode: 'Alert',
        firewallPolicy: { id: policy },
        ipConfigurations: [
          {
            id: `${firewall}/azureFirewallIpConfigurations/ipconfig`,
            name: 'ipconfig',
            properties: {
              privateIPAddress: '10.0.1.4',
              subnet: { id: `${hubVnet}/subnets/AzureFirewallSubnet` },
              publicIPAddress: { id: pip },
            },
          },
        ],
      },
    },
    {
      id: pip,
      name: 'pip-afw-hub',
      type: 'Microsoft.Network/publicIPAddresses',
      location: 'eastus',
      sku: { name: 'Standard', tier: 'Regional' },
      properties: { ipAddress: '20.115.40.10', publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' },
    },
    {
      id: policy,
      name: 'afwp-hub',
      type: 'Microsoft.Network/firewallPolicies',
      location: 'eastus',
      properties: {
        sku: { tier: 'Standard' },
        threatIntelMode: 'Alert',
        dnsSettings: { enableProxy: true },
        firewalls: [{ id: firewall }],
        ruleCollectionGroups: [{ id: `${policy}/ruleCollectionGroups/rcg-aks` }],
      },
    },
    {
      id: `${policy}/ruleCollectionGroups/rcg-aks`,
      name: 'rcg-aks',
      type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
      properties: {
        priority: 200,
        ruleCollections: [
          {
            ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
            name: 'aks',
            priority: 100,
            action: { type: 'Allow' },
            rules: [
              {
                ruleType: 'ApplicationRule',
                name: 'aks-fqdn-tag',
                sourceAddresses: ['10.128.0.0/9'],
                protocols: [{ protocolType: 'Https', port: 443 }],
                fqdnTags: ['AzureKubernetesService'],
              },
            ],
          },
        ],
      },
    },
  ];
  for (let i = 1; i < subscriptionCount; i++) {
    const rg = `/subscriptions/${subscriptions[i]}/resourceGroups/rg-spoke/providers`;
    const vnet = `${rg}/Microsoft.Network/virtualNetworks/vnet-spoke`;
    const subnet = `${vnet}/subnets/snet-aks`;
    const routeTable = `${rg}/Microsoft.Network/routeTables/rt-spoke`;
    const prefix = `10.${128 + Math.floor(i / 256)}.${i % 256}.0/24`;
    peerings.push({
      id: `${hubVnet}/virtualNetworkPeerings/to-spoke-${i}`,
      name: `to-spoke-${i}`,
      properties: { remoteVirtualNetwork: { id: vnet }, peeringState: 'Connected', allowForwardedTraffic: true },
    });
    resources.push(
      {
        id: vnet,
        name: 'vnet-spoke',
        type: 'Microsoft.Network/virtualNetworks',
        location: 'eastus',
        properties: {
          addressSpace: { addressPrefixes: [prefix] },
          subnets: [
            { id: subnet, name: 'snet-aks', properties: { addressPrefix: prefix, routeTable: { id: routeTable } } },
          ],
          virtualNetworkPeerings: [
            {
              id: `${vnet}/virtualNetworkPeerings/to-hub`,
              name: 'to-hub',
              properties: {
                remoteVirtualNetwork: { id: hubVnet },
                peeringState: 'Connected',
                allowForwardedTraffic: true,
              },
            },
          ],
        },
      },
      {
        id: routeTable,
        name: 'rt-spoke',
        type: 'Microsoft.Network/routeTables',
        location: 'eastus',
        properties: {
          routes: [
            {
              id: `${routeTable}/routes/default`,
              name: 'default',
              properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' },
            },
          ],
          subnets: [{ id: subnet }],
        },
      },
      {
        id: `${rg}/Microsoft.ContainerService/managedClusters/aks-${i}`,
        name: `aks-${i}`,
        type: 'Microsoft.ContainerService/managedClusters',
        location: 'eastus',
        properties: {
          kubernetesVersion: '1.33.2',
          agentPoolProfiles: [
            {
              name: 'system',
              mode: 'System',
              count: 3,
              vmSize: 'Standard_D4s_v5',
              osType: 'Linux',
              osSKU: 'AzureLinux',
              vnetSubnetID: subnet,
            },
          ],
          networkProfile: { networkPlugin: 'azure', outboundType: 'userDefinedRouting' },
        },
      },
    );
  }
  resources.push({
    id: `/subscriptions/${subscriptions[0]}/providers/Microsoft.Network/serviceTags/Public`,
    name: 'Public',
    type: 'Microsoft.Network/serviceTags',
    changeNumber: '1',
    cloud: 'Public',
    values: [
      {
        name: 'AzureCloud.eastus',
        id: 'AzureCloud.eastus',
        properties: { region: 'eastus', systemService: '', addressPrefixes: ['20.42.0.0/16', '20.115.0.0/16'] },
      },
    ],
  });
  return { subscriptions, resources };
}
