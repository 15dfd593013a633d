/**
 * Contract test against the published ARM REST examples (azure-rest-api-specs) copied under
 * fixtures/reference/arm (see fixtures/reference/README.md). Every example file is walked, every response body is
 * taken (a single resource, or the items of a `{value: [...]}` list), and everything is normalized:
 * nothing may throw, and specific examples must give specific values.
 *
 * The examples are ARM *example* files (`{parameters, responses: {"200": {body}}}`), which the input
 * contract does not accept as such: this test takes the bodies out itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cluster, Firewall, Inventory } from '../model/inventory.ts';
import type { RawResource } from '../model/raw.ts';
import { normalizeResources, RESOURCE_TYPES } from './index.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const ref = path.resolve(repoRoot, 'fixtures/reference/arm');

/**
 * Examples whose response bodies carry no `type`, and for two of them no `id` either. ARM itself
 * returns both for every resource; the published examples leave them out. The production code
 * derives nothing: such a body is an InputError (asserted below, so that this list stays exact).
 * To exercise the normalizers on these examples anyway, this test — and only this test — adds the
 * type from this table, keyed by example file (the folder, e.g. `network`, is not enough to tell a
 * rule collection group from a subnet).
 *  - Rule collection groups, the subnet and the Virtual WAN hub connection: their real ARM types.
 *  - Log Analytics query results (data plane, POST/GET /v1/workspaces/{id}/query) are not ARM
 *    resources at all; the label below is not an ARM type, and the id is made up from the file. They
 *    must come out as `unknown-type` notes.
 */
const INFERRED_TYPES: Record<string, string> = {
  'network/FirewallPolicyNatRuleCollectionGroupGet.json': RESOURCE_TYPES.ruleCollectionGroups,
  'network/FirewallPolicyRuleCollectionGroupGet.json': RESOURCE_TYPES.ruleCollectionGroups,
  'network/FirewallPolicyRuleCollectionGroupList.json': RESOURCE_TYPES.ruleCollectionGroups,
  'network/FirewallPolicyRuleCollectionGroupWithIpGroupsGet.json': RESOURCE_TYPES.ruleCollectionGroups,
  'network/FirewallPolicyRuleCollectionGroupWithWebCategoriesGet.json': RESOURCE_TYPES.ruleCollectionGroups,
  'network/SubnetGet.json': RESOURCE_TYPES.subnets,
  'network/HubVirtualNetworkConnectionGet.json': 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
  'loganalytics/oms-get-example.json': 'LogAnalytics/queryResult (data plane, not an ARM type)',
  'loganalytics/oms-post-example.json': 'LogAnalytics/queryResult (data plane, not an ARM type)',
  'containerservice/OutboundNetworkDependenciesEndpointsList.json': RESOURCE_TYPES.outboundDependencies,
};
const NO_ID = new Set(['loganalytics/oms-get-example.json', 'loganalytics/oms-post-example.json']);
/**
 * A list response that is one document of the input contract, not a list of resources: its id is the
 * cluster's (from the example's own parameters) followed by the operation's segment.
 */
const LIST_DOCUMENTS: Record<string, (parameters: Record<string, unknown>) => string> = {
  'containerservice/OutboundNetworkDependenciesEndpointsList.json': (p) =>
    `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${p.resourceName}/outboundNetworkDependenciesEndpoints`,
};

function exampleFiles(dir: string, relative = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...exampleFiles(dir, child));
    else if (entry.name.endsWith('.json')) out.push(child);
  }
  return out.sort();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The response bodies of one example file, as raw resources (strict: nothing added). */
function bodiesOf(file: string): RawResource[] {
  const example: unknown = JSON.parse(readFileSync(path.join(ref, file), 'utf8'));
  if (!isObject(example) || !isObject(example.responses)) throw new Error(`${file}: not an ARM example file`);
  const out: RawResource[] = [];
  for (const [status, response] of Object.entries(example.responses)) {
    if (!isObject(response) || !isObject(response.body)) continue;
    const body = response.body;
    const pointer = `/responses/${status}/body`;
    if (Array.isArray(body.value) && body.id === undefined && body.type === undefined && !LIST_DOCUMENTS[file]) {
      body.value.forEach((item, i) => {
        if (isObject(item)) out.push({ body: item, origin: { file, pointer: `${pointer}/value/${i}` } });
      });
    } else out.push({ body, origin: { file, pointer } });
  }
  return out;
}

function parametersOf(file: string): Record<string, unknown> {
  const example: unknown = JSON.parse(readFileSync(path.join(ref, file), 'utf8'));
  return isObject(example) && isObject(example.parameters) ? example.parameters : {};
}

/** The same, with the type (and, for non-ARM bodies, an id) added where the example lacks it. */
function completedBodiesOf(file: string): RawResource[] {
  return bodiesOf(file).map((raw) => {
    const body = { ...raw.body };
    const inferred = INFERRED_TYPES[file];
    if (inferred !== undefined && body.type === undefined) body.type = inferred;
    if (NO_ID.has(file) && body.id === undefined) body.id = `reference:${file}${raw.origin.pointer}`;
    const listId = LIST_DOCUMENTS[file];
    if (listId && body.id === undefined) body.id = listId(parametersOf(file));
    return { body, origin: raw.origin };
  });
}

function normalizeExample(file: string): Inventory {
  const { inventory, errors } = normalizeResources(completedBodiesOf(file));
  expect(errors, file).toEqual([]);
  return inventory;
}

function only<T>(list: T[], file: string): T {
  expect(list, file).toHaveLength(1);
  return list[0] as T;
}

describe('ARM reference examples (fixtures/reference/arm)', () => {
  const files = exampleFiles(ref);

  it('normalizes every body of every example file without throwing and without errors', () => {
    expect(files.length).toBeGreaterThanOrEqual(31);
    const all = files.flatMap(completedBodiesOf);
    const { inventory, errors } = normalizeResources(all);
    expect(errors).toEqual([]);
    expect(inventory.firewalls.length).toBeGreaterThan(0);
    expect(inventory.clusters.map((c) => c.kind).sort()).toEqual(['aks', 'arc', 'aro']);
    // per file too: each example on its own is a valid input
    for (const file of files) expect(() => normalizeExample(file)).not.toThrow();
  });

  it('reports, under the strict contract, exactly the bodies without id or type as InputErrors', () => {
    const { errors, inventory } = normalizeResources(files.flatMap(bodiesOf));
    // A hub connection has no type in ARM's responses: it is recognised by its id (resource-types.ts).
    const recognised = new Set(['network/HubVirtualNetworkConnectionGet.json']);
    expect([...new Set(errors.map((e) => e.file))].sort()).toEqual(
      Object.keys(INFERRED_TYPES)
        .filter((f) => !recognised.has(f))
        .sort(),
    );
    expect(inventory.hubVirtualNetworkConnections.map((c) => c.name)).toEqual(['connection1']);
    expect(errors.every((e) => /not a resource: it has no "(id" and ")?type"$/.test(e.message))).toBe(true);
    // the rest is still read
    expect(inventory.firewalls.length).toBeGreaterThan(0);
    expect(inventory.ruleCollectionGroups).toEqual([]);
  });

  it('reads the Service Tags list: every tag with its region and address prefixes', () => {
    const { serviceTags } = normalizeResources(files.flatMap(completedBodiesOf)).inventory;
    const apim = serviceTags.find((t) => t.name === 'ApiManagement.AustraliaCentral');
    expect(apim).toMatchObject({
      region: 'australiacentral',
      addressPrefixes: ['20.36.106.68/31', '20.36.107.176/28'],
      changeNumber: '63',
    });
    expect(serviceTags.find((t) => t.name === 'ApiManagement')?.addressPrefixes).toContain('13.64.39.16/32');
  });

  // The Virtual WAN (secured hub) types are modelled (normalize/virtual-wan.ts; its test reads these examples).
  it('notes the types it does not model (FQDN tags, Log Analytics) instead of failing', () => {
    const { inventory } = normalizeResources(files.flatMap(completedBodiesOf));
    const unknown = inventory.notes.filter((n) => n.kind === 'unknown-type').map((n) => n.message);
    expect(unknown).toEqual([
      '1 resource of type Microsoft.Network/azureFirewallFqdnTags is not modelled and was ignored (network/AzureFirewallFqdnTagsListBySubscription.json)',
      '2 resources of type LogAnalytics/queryResult (data plane, not an ARM type) are not modelled and were ignored (loganalytics/oms-get-example.json, loganalytics/oms-post-example.json)',
    ]);
    expect(
      [inventory.virtualHubs, inventory.hubRouteTables, inventory.routingIntents].map((list) => list.length),
    ).toEqual([1, 1, 1]);
  });

  describe('Azure Firewall', () => {
    const firewallOf = (file: string): Firewall => only(normalizeExample(file).firewalls, file);
    const rg1 = '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network';

    it('AzureFirewallGet: ip configuration and classic rule collections', () => {
      const fw = firewallOf('network/AzureFirewallGet.json');
      expect(fw).toMatchObject({
        id: `${rg1}/azureFirewalls/azurefirewall`,
        name: 'azurefirewall',
        location: 'West US',
        tags: { key1: 'value1' },
        zones: [],
        skuName: 'AZFW_VNet',
        skuTier: 'Standard',
        threatIntelMode: 'Alert',
        provisioningState: 'Succeeded',
        additionalProperties: {},
        origin: { file: 'network/AzureFirewallGet.json', pointer: '/responses/200/body' },
      });
      expect(fw.policyId).toBeUndefined();
      expect(fw.ipConfigurations).toEqual([
        {
          name: 'azureFirewallIpConfiguration',
          privateIpAddress: '10.0.0.0',
          subnetId: `${rg1}/virtualNetworks/vnet2/subnets/AzureFirewallSubnet`,
          publicIpAddressId: `${rg1}/publicIPAddresses/pipName`,
        },
      ]);
      expect(fw.classicCollections.application).toEqual([
        {
          name: 'apprulecoll',
          priority: 110,
          action: 'Deny',
          rules: [
            {
              kind: 'application',
              name: 'rule1',
              description: 'Deny inbound rule',
              sourceAddresses: ['216.58.216.164', '10.0.0.0/24'],
              sourceIpGroups: [],
              protocols: [{ protocolType: 'Https', port: 443 }],
              targetFqdns: ['www.test.com'],
              targetUrls: [],
              fqdnTags: [],
              webCategories: [],
              destinationAddresses: [],
              terminateTls: false,
            },
          ],
        },
      ]);
      expect(fw.classicCollections.nat).toEqual([
        {
          name: 'natrulecoll',
          priority: 112,
          action: 'Dnat',
          rules: [
            expect.objectContaining({
              kind: 'nat',
              name: 'DNAT-HTTPS-traffic',
              ipProtocols: ['TCP'],
              sourceAddresses: ['*'],
              destinationAddresses: ['1.2.3.4'],
              destinationPorts: ['443'],
              translatedAddress: '1.2.3.5',
              translatedPort: '8443',
            }),
            expect.objectContaining({
              name: 'DNAT-HTTP-traffic-With-FQDN',
              destinationPorts: ['80'],
              translatedFqdn: 'internalhttpserver',
              translatedPort: '880',
            }),
          ],
        },
      ]);
      expect(fw.classicCollections.network).toEqual([
        {
          name: 'netrulecoll',
          priority: 112,
          action: 'Deny',
          rules: [
            {
              kind: 'network',
              name: 'L4-traffic',
              description: 'Block traffic based on source IPs and ports',
              ipProtocols: ['TCP'],
              sourceAddresses: ['192.168.1.1-192.168.1.12', '10.1.4.12-10.1.4.255'],
              sourceIpGroups: [],
              destinationAddresses: ['*'],
              destinationIpGroups: [],
              destinationFqdns: [],
              destinationPorts: ['443-444', '8443'],
            },
            expect.objectContaining({ name: 'L4-traffic-with-FQDN', destinationFqdns: ['www.amazon.com'] }),
          ],
        },
      ]);
    });

    it('AzureFirewallGetWithIpGroups: IP groups in classic rules', () => {
      const fw = firewallOf('network/AzureFirewallGetWithIpGroups.json');
      const groups = '/subscriptions/subId/providers/Microsoft.Network/resourceGroup/myResourceGroup/ipGroups';
      expect(fw.classicCollections.application[0]?.rules[0]).toMatchObject({
        sourceIpGroups: [`${groups}/ipGroups1`],
        sourceAddresses: [],
      });
      const [l4, fqdn] = fw.classicCollections.network[0]?.rules ?? [];
      expect(l4).toMatchObject({ destinationIpGroups: [`${groups}/ipGroups2`], destinationAddresses: [] });
      expect(fqdn).toMatchObject({ sourceIpGroups: [`${groups}/ipGroups3`], destinationFqdns: ['www.amazon.com'] });
    });

    it('AzureFirewallGetWithAdditionalProperties and AzureFirewallGetWithZones', () => {
      expect(firewallOf('network/AzureFirewallGetWithAdditionalProperties.json').additionalProperties).toEqual({
        key1: 'value1',
        key2: 'value2',
      });
      expect(firewallOf('network/AzureFirewallGetWithZones.json')).toMatchObject({
        zones: ['1', '2', '3'],
        location: 'West US 2',
      });
    });

    it('AzureFirewallGetWithMgmtSubnet: the management ip configuration', () => {
      const fw = firewallOf('network/AzureFirewallGetWithMgmtSubnet.json');
      const rg = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network';
      expect(fw.managementIpConfiguration).toEqual({
        name: 'azureFirewallMgmtIpConfiguration',
        subnetId: `${rg}/virtualNetworks/vnet2/subnets/AzureFirewallManagementSubnet`,
        publicIpAddressId: `${rg}/publicIPAddresses/managementPipName`,
      });
      expect(fw.ipConfigurations[0]?.privateIpAddress).toBe('10.0.0.0');
    });

    it('AzureFirewallListBySubscription: a list with management configuration and additional properties', () => {
      const fw = firewallOf('network/AzureFirewallListBySubscription.json');
      expect(fw.origin.pointer).toBe('/responses/200/body/value/0');
      expect(fw.managementIpConfiguration?.name).toBe('azureFirewallMgmtIpConfiguration');
      expect(fw.additionalProperties).toEqual({ key1: 'value1', key2: 'value2' });
      expect(fw.skuName).toBeUndefined();
    });

    it('AzureFirewallPutInHub: secured virtual hub addresses (200 and 201 bodies are one firewall)', () => {
      const inventory = normalizeExample('network/AzureFirewallPutInHub.json');
      const fw = only(inventory.firewalls, 'AzureFirewallPutInHub');
      expect(fw).toMatchObject({
        skuName: 'AZFW_Hub',
        skuTier: 'Standard',
        virtualHubId: `${rg1}/virtualHubs/hub1`,
        policyId: `${rg1}/firewallPolicies/policy1`,
        hubPrivateIpAddress: '10.0.0.0',
        hubPublicIpAddresses: ['13.73.240.12'],
        hubPublicIpCount: 1,
        ipConfigurations: [],
        origin: { pointer: '/responses/200/body' },
      });
      expect(inventory.notes).toContainEqual(
        expect.objectContaining({ kind: 'warning', message: expect.stringMatching(/appears 2 times/) }),
      );
    });
  });

  describe('Firewall Policy and rule collection groups', () => {
    const sub0 = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network';

    it('FirewallPolicyGet: DNS proxy, threat intelligence, IDPS, TLS inspection, explicit proxy, SNAT', () => {
      const policy = only(normalizeExample('network/FirewallPolicyGet.json').firewallPolicies, 'FirewallPolicyGet');
      expect(policy).toMatchObject({
        id: `${sub0}/firewallPolicies/firewallPolicy`,
        location: 'West US',
        skuTier: 'Premium',
        threatIntelMode: 'Alert',
        threatIntelWhitelist: { ipAddresses: ['20.3.4.5'], fqdns: ['*.microsoft.com'] },
        dnsProxyEnabled: true,
        dnsServers: ['30.3.4.5'],
        intrusionDetectionMode: 'Alert',
        tlsInspectionEnabled: true,
        explicitProxyEnabled: true,
        snatPrivateRanges: ['IANAPrivateRanges'],
        firewallIds: [],
        childPolicyIds: [],
        ruleCollectionGroupIds: [`${sub0}/firewallPolicies/firewallPolicy/ruleCollectionGroups/ruleCollectionGroup1`],
      });
      // The example names no base policy.
      expect(policy.basePolicyId).toBeUndefined();
      expect(policy.snatAutoLearn).toBeUndefined();
    });

    it('FirewallPolicyRuleCollectionGroupGet: a filter collection with a network rule', () => {
      const group = only(
        normalizeExample('network/FirewallPolicyRuleCollectionGroupGet.json').ruleCollectionGroups,
        'RCG Get',
      );
      expect(group).toMatchObject({
        name: 'ruleCollectionGroup1',
        policyId: '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/firewallPolicies/firewallPolicy',
        priority: 110,
      });
      expect(group.collections).toEqual([
        {
          name: 'Example-Filter-Rule-Collection',
          priority: 200,
          action: 'Deny',
          rules: [
            {
              kind: 'network',
              name: 'network-rule1',
              ipProtocols: ['TCP'],
              sourceAddresses: ['10.1.25.0/24'],
              sourceIpGroups: [],
              destinationAddresses: ['*'],
              destinationIpGroups: [],
              destinationFqdns: [],
              destinationPorts: ['*'],
            },
          ],
        },
      ]);
    });

    it('FirewallPolicyRuleCollectionGroupList: a list of groups', () => {
      const group = only(
        normalizeExample('network/FirewallPolicyRuleCollectionGroupList.json').ruleCollectionGroups,
        'RCG List',
      );
      expect(group.collections[0]).toMatchObject({ priority: 120, action: 'Deny' });
      expect(group.collections[0]?.rules[0]).toMatchObject({ name: 'network-rule-1', description: 'Network rule' });
    });

    it('FirewallPolicyRuleCollectionGroupWithIpGroupsGet: IP groups (the example id says /ruleGroups/)', () => {
      const group = only(
        normalizeExample('network/FirewallPolicyRuleCollectionGroupWithIpGroupsGet.json').ruleCollectionGroups,
        'RCG IP groups',
      );
      const groups =
        '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Network/resourceGroup/rg1/ipGroups';
      expect(group.policyId).toBe(`${sub0}/firewallPolicies/firewallPolicy`);
      expect(group.collections[0]?.rules).toEqual([
        {
          kind: 'network',
          name: 'network-rule1',
          ipProtocols: ['TCP'],
          sourceAddresses: [],
          sourceIpGroups: [`${groups}/ipGroups1`],
          destinationAddresses: [],
          destinationIpGroups: [`${groups}/ipGroups2`],
          destinationFqdns: [],
          destinationPorts: ['*'],
        },
      ]);
    });

    it('FirewallPolicyRuleCollectionGroupWithWebCategoriesGet: an application rule with web categories', () => {
      const group = only(
        normalizeExample('network/FirewallPolicyRuleCollectionGroupWithWebCategoriesGet.json').ruleCollectionGroups,
        'RCG web categories',
      );
      expect(group.collections[0]?.rules).toEqual([
        {
          kind: 'application',
          name: 'rule1',
          description: 'Deny inbound rule',
          sourceAddresses: ['216.58.216.164', '10.0.0.0/24'],
          sourceIpGroups: [],
          protocols: [{ protocolType: 'Https', port: 443 }],
          targetFqdns: [],
          targetUrls: [],
          fqdnTags: [],
          webCategories: ['Hacking'],
          destinationAddresses: [],
          terminateTls: false,
        },
      ]);
    });

    it('FirewallPolicyNatRuleCollectionGroupGet: a NAT collection (DNAT) with a translated FQDN', () => {
      const group = only(
        normalizeExample('network/FirewallPolicyNatRuleCollectionGroupGet.json').ruleCollectionGroups,
        'NAT RCG',
      );
      expect(group.priority).toBe(100);
      expect(group.collections).toEqual([
        {
          name: 'NatRC',
          priority: 100,
          action: 'Dnat',
          rules: [
            {
              kind: 'nat',
              name: 'NatRule1',
              ipProtocols: ['TCP', 'UDP'],
              sourceAddresses: ['2.2.2.2'],
              sourceIpGroups: [],
              destinationAddresses: ['152.23.32.23'],
              destinationPorts: ['8080'],
              translatedFqdn: 'internalhttpserver',
              translatedPort: '8080',
            },
          ],
        },
      ]);
    });
  });

  describe('networking', () => {
    it('IpGroupsGet', () => {
      expect(only(normalizeExample('network/IpGroupsGet.json').ipGroups, 'IpGroupsGet')).toMatchObject({
        name: 'ipGroups1',
        location: 'westcentralus',
        ipAddresses: ['13.64.39.16/32', '40.74.146.80/31', '40.74.147.32/28'],
      });
    });

    it('PublicIpAddressGet: allocation, version and the ip configuration that uses it', () => {
      const pip = only(normalizeExample('network/PublicIpAddressGet.json').publicIps, 'PublicIpAddressGet');
      expect(pip).toMatchObject({
        name: 'testDNS-ip',
        location: 'westus',
        allocationMethod: 'Dynamic',
        ipVersion: 'IPv4',
        attachedToId:
          '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/testDNS649/ipConfigurations/ipconfig1',
      });
      expect(pip.ipAddress).toBeUndefined();
      expect(pip.skuName).toBeUndefined();
    });

    it('RouteTableGet and RouteTableList: routes and BGP propagation', () => {
      const table = only(normalizeExample('network/RouteTableGet.json').routeTables, 'RouteTableGet');
      expect(table).toMatchObject({
        name: 'testrt',
        routes: [{ name: 'route1', addressPrefix: '10.0.3.0/24', nextHopType: 'VirtualNetworkGateway' }],
        subnetIds: [],
        disableBgpRoutePropagation: false,
      });
      expect(table.routes[0]?.nextHopIpAddress).toBeUndefined();
      const list = normalizeExample('network/RouteTableList.json').routeTables;
      expect(list.map((t) => [t.name, t.routes.length, t.disableBgpRoutePropagation])).toEqual([
        ['testrt', 1, true],
        ['testrt2', 0, true],
      ]);
    });

    it('VirtualNetworkGet: address space, an embedded subnet, no peerings', () => {
      const inventory = normalizeExample('network/VirtualNetworkGet.json');
      const vnetId = '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/test-vnet';
      expect(only(inventory.virtualNetworks, 'VirtualNetworkGet')).toMatchObject({
        id: vnetId,
        addressPrefixes: ['10.0.0.0/16'],
        subnetIds: [`${vnetId}/subnets/subnet1`],
        peerings: [],
        dnsServers: [],
      });
      expect(only(inventory.subnets, 'VirtualNetworkGet subnets')).toMatchObject({
        id: `${vnetId}/subnets/subnet1`,
        name: 'subnet1',
        virtualNetworkId: vnetId,
        addressPrefixes: ['10.0.1.0/24'],
        origin: { file: 'network/VirtualNetworkGet.json', pointer: '/responses/200/body/properties/subnets/0' },
      });
    });

    it('SubnetGet: a standalone subnet and its virtual network', () => {
      const subnet = only(normalizeExample('network/SubnetGet.json').subnets, 'SubnetGet');
      expect(subnet).toMatchObject({
        name: 'subnet1',
        addressPrefixes: ['10.0.0.0/16'],
        virtualNetworkId:
          '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/subnet-test/providers/Microsoft.Network/virtualNetworks/vnetname',
      });
      expect(subnet.routeTableId).toBeUndefined();
    });
  });

  describe('clusters', () => {
    const clusterOf = (file: string): Cluster => only(normalizeExample(file).clusters, file);

    it('ManagedClustersGet and ManagedClustersList', () => {
      for (const file of ['containerservice/ManagedClustersGet.json', 'containerservice/ManagedClustersList.json']) {
        const aks = clusterOf(file);
        expect(aks, file).toMatchObject({
          kind: 'aks',
          type: 'Microsoft.ContainerService/managedClusters',
          name: 'clustername1',
          location: 'location1',
          tags: { archv2: '', tier: 'production' },
          kubernetesVersion: '1.9.6',
          provisioningState: 'Succeeded',
          egressSubnetIds: [],
          networkPlugin: 'kubenet',
          podCidrs: ['10.244.0.0/16'],
          serviceCidrs: ['10.0.0.0/16'],
          dnsServiceIp: '10.0.0.10',
          apiServer: { private: false, fqdn: 'dnsprefix1-abcd1234.hcp.eastus.azmk8s.io', authorizedIpRanges: [] },
          nodePools: [
            { name: 'nodepool1', vmSize: 'Standard_DS1_v2', osType: 'Linux', count: 3, enableNodePublicIp: false },
          ],
          addons: {},
          flags: { enableRbac: false },
        });
      }
      expect(clusterOf('containerservice/ManagedClustersGet.json').outboundType).toBe('loadBalancer');
      expect(clusterOf('containerservice/ManagedClustersList.json').outboundType).toBeUndefined();
    });

    it('ManagedClustersCreate_PrivateClusterFQDNSubdomain: a private cluster (the 200 body is used)', () => {
      const aks = clusterOf('containerservice/ManagedClustersCreate_PrivateClusterFQDNSubdomain.json');
      expect(aks).toMatchObject({
        provisioningState: 'Succeeded',
        apiServer: { private: true, privateFqdn: 'domain1.privatelink.location1.azmk8s.io', authorizedIpRanges: [] },
        nodePools: [expect.objectContaining({ mode: 'System', vmSize: 'Standard_DS2_v2', enableNodePublicIp: true })],
        flags: { enableRbac: true },
      });
      expect(aks.apiServer.fqdn).toBeUndefined();
    });

    it('OpenShiftClusters_Get and _List: subnets, domain, API server visibility', () => {
      const rg = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vnetResourceGroup';
      for (const file of [
        'redhatopenshift/OpenShiftClusters_Get.json',
        'redhatopenshift/OpenShiftClusters_List.json',
      ]) {
        const aro = clusterOf(file);
        expect(aro, file).toMatchObject({
          kind: 'aro',
          type: 'Microsoft.RedHatOpenShift/openShiftClusters',
          egressSubnetIds: [
            `${rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/master`,
            `${rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/worker`,
          ],
          domain: 'cluster.location.aroapp.io',
          apiServer: { private: false, url: 'https://api.cluster.location.aroapp.io:6443/', ip: '1.2.3.4' },
          podCidrs: ['10.128.0.0/14'],
          serviceCidrs: ['172.30.0.0/16'],
          nodePools: [
            {
              name: 'worker',
              vmSize: 'Standard_D2s_v3',
              count: 3,
              subnetId: `${rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/worker`,
              enableNodePublicIp: false,
            },
          ],
          flags: { ingressPrivate: false, preconfiguredNsg: false, managedIdentities: true },
        });
        expect(aro.outboundType, file).toBeUndefined();
      }
    });

    it('connectedClusters (Arc): distribution, version, private link; no gateway in these examples', () => {
      const get = clusterOf('hybridkubernetes/GetClusterExample.json');
      expect(get).toMatchObject({
        kind: 'arc',
        type: 'Microsoft.Kubernetes/connectedClusters',
        location: 'East US',
        distribution: 'AKS',
        kubernetesVersion: '1.17.0',
        declaredEgressCidrs: [],
        egressSubnetIds: [],
        flags: { privateLink: false },
      });
      expect(get.arcGatewayId).toBeUndefined();
      expect(get.infrastructure).toBeUndefined();
      expect(clusterOf('hybridkubernetes/GetProvisionedClusterExample.json').flags).toEqual({
        privateLink: false,
        azureRbac: true,
        agentAutoUpgrade: true,
      });
      // The list holds the same id twice: the first item is used, and a warning says so.
      const list = normalizeExample('hybridkubernetes/GetClustersByResourceGroupExample.json');
      expect(only(list.clusters, 'Arc list').kubernetesVersion).toBe('1.17.0');
      expect(list.notes.map((n) => n.kind)).toEqual(['warning']);
    });
  });
});
