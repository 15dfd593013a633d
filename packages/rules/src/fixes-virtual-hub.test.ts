import { createAnalysis, type HubVirtualNetworkConnection, type Inventory } from '@aro-aks-audit/auditor';
import {
  cluster,
  hubIds,
  hubRouteTable,
  ids,
  policy,
  routingIntent,
  securedHubSpoke,
  subnet,
  TEST_SUBSCRIPTION,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { fixFor } from './fixes.ts';
import { virtualHubRoutingFix } from './fixes-virtual-hub.ts';

// Expectations from the Virtual WAN docs (MicrosoftDocs/azure-docs, articles/virtual-wan/):
// how-to-routing-policies.md (prerequisites, "Troubleshooting data path"), static-routes-firewall-basic.md.
// Commands as the virtual-wan and azure-firewall CLI extensions take them.
const FW = ids.firewall('afw-hub');
const plain = subnet('vnet-spoke', 'snet-nodes', '10.1.0.0/22');

interface Case {
  name: string;
  connection: Partial<HubVirtualNetworkConnection>;
  /** The hub's routing: routing intent, hub route tables. */
  hub: Parameters<typeof securedHubSpoke>[1][];
  routes?: [string, string, string?][] | 'no-propagation';
  text: string;
  commands: string[];
}

const connectionUpdate = `az network vhub connection update --subscription ${TEST_SUBSCRIPTION} --resource-group rg-test --vhub-name vhub --name conn-spoke --set enableInternetSecurity=true`;
const internetIntent = routingIntent('vhub', [['InternetTraffic', ['Internet'], FW]]);

const cases: Case[] = [
  {
    name: 'routing intent sends 0.0.0.0/0 to the firewall, the connection does not learn it',
    connection: { enableInternetSecurity: false },
    hub: [internetIntent],
    text: 'turn on internet security ("propagate default route") on hub connection conn-spoke',
    commands: [connectionUpdate],
  },
  {
    name: "a subnet route 0.0.0.0/0 → Internet wins over the hub's: removed, not pointed at the hub firewall",
    connection: { enableInternetSecurity: true },
    hub: [internetIntent],
    routes: [['0.0.0.0/0', 'Internet']],
    text: 'remove route route-1 (0.0.0.0/0 → Internet) from route table rt-nodes',
    commands: [
      `az network route-table route delete --subscription ${TEST_SUBSCRIPTION} --resource-group rg-test --route-table-name rt-nodes --name route-1`,
    ],
  },
  {
    name: 'a route table that disables gateway route propagation',
    connection: { enableInternetSecurity: true },
    hub: [internetIntent],
    routes: 'no-propagation',
    text: 'let route table rt-nodes propagate gateway routes',
    commands: [
      `az network route-table update --subscription ${TEST_SUBSCRIPTION} --resource-group rg-test --name rt-nodes --disable-bgp-route-propagation false`,
    ],
  },
  {
    name: 'routing intent with a private policy only: an Internet policy is added, the private one kept',
    connection: {},
    hub: [
      routingIntent('vhub', [['PrivateTraffic', ['PrivateTraffic'], FW]]),
      hubRouteTable('vhub', 'defaultRouteTable', []),
    ],
    text: 'add an Internet routing policy with next hop afw-hub to routing intent ri of virtual hub vhub',
    commands: [
      `az network vhub routing-intent update --subscription ${TEST_SUBSCRIPTION} --resource-group rg-test --vhub vhub --name ri --routing-policies '[{name:PrivateTraffic,destinations:[PrivateTraffic],next-hop:${FW}},{name:InternetTraffic,destinations:[Internet],next-hop:${FW}}]'`,
      connectionUpdate,
    ],
  },
  {
    name: 'no routing intent and no default route in the defaultRouteTable: routing intent is added',
    connection: { enableInternetSecurity: true },
    hub: [hubRouteTable('vhub', 'defaultRouteTable', [])],
    text: 'add routing intent to virtual hub vhub with an Internet policy whose next hop is afw-hub',
    commands: [
      `az network vhub routing-intent create --subscription ${TEST_SUBSCRIPTION} --resource-group rg-test --vhub vhub --name vhub-routing-intent --routing-policies '[{name:InternetTraffic,destinations:[Internet],next-hop:${FW}}]'`,
    ],
  },
  {
    name: 'a hub with custom route tables cannot take routing intent: a static route in the associated table',
    connection: {
      enableInternetSecurity: true,
      associatedRouteTableId: hubIds.routeTable('vhub', 'rt-spokes'),
    },
    hub: [hubRouteTable('vhub', 'defaultRouteTable', []), hubRouteTable('vhub', 'rt-spokes', [])],
    text: 'add a 0.0.0.0/0 route to afw-hub in hub route table rt-spokes, which conn-spoke is associated with (routing intent needs a hub without custom route tables, and vhub has rt-spokes)',
    commands: [
      `az network vhub route-table route add --subscription ${TEST_SUBSCRIPTION} --resource-group rg-test --vhub-name vhub --name rt-spokes --route-name internet_traffic --destination-type CIDR --destinations 0.0.0.0/0 --next-hop-type ResourceId --next-hop ${FW}`,
    ],
  },
];

const spokeInventory = (testCase: Pick<Case, 'connection' | 'hub' | 'routes'>, firewall = true): Inventory =>
  securedHubSpoke(
    { connection: testCase.connection, firewall, ...(testCase.routes && { routes: testCase.routes }) },
    ...testCase.hub,
  ).inventory;

const fixOf = (inventory: Inventory) => {
  const route = createAnalysis(inventory).routeOfSubnet(plain.id);
  return virtualHubRoutingFix(inventory, plain.id, route);
};

describe('fixing a Virtual WAN spoke that does not reach its hub firewall', () => {
  it.each(cases)('$name', (testCase) => {
    const fix = fixOf(spokeInventory(testCase));
    expect(fix?.text).toContain(testCase.text);
    expect(
      fix?.text.startsWith("Send vnet-spoke/snet-nodes's Internet-bound traffic to afw-hub through virtual hub vhub: "),
    ).toBe(true);
    expect(fix?.commands).toEqual(testCase.commands);
    expect(fix?.firewall?.id).toBe(FW);
    // Never a route pointing at the hub firewall's private IP.
    expect(fix?.commands.join('\n')).not.toContain('10.100.0.132');
  });

  it('a hub without an Azure Firewall: says so, and commands only what it can', () => {
    const fix = fixOf(spokeInventory({ connection: {}, hub: [hubRouteTable('vhub', 'defaultRouteTable', [])] }, false));
    expect(fix?.text).toContain('deploy an Azure Firewall in virtual hub vhub (a secured virtual hub)');
    expect(fix?.commands).toEqual([connectionUpdate]);
    expect(fix?.firewall).toBeUndefined();
  });

  it('a VNet connected to no hub is left to the usual remedy', () => {
    const { inventory } = securedHubSpoke({});
    inventory.hubVirtualNetworkConnections = [];
    expect(fixOf(inventory)).toBeUndefined();
  });

  it('the fix command routes the cluster to the hub firewall first, then allows what it requires there', () => {
    const inventory = spokeInventory({ connection: { enableInternetSecurity: false }, hub: [internetIntent] });
    const aks = cluster('aks', 'aks-spoke', { egressSubnetIds: [plain.id], outboundType: 'loadBalancer' });
    inventory.clusters.push(aks);
    inventory.firewallPolicies.push(policy('afwp-hub'));
    const fix = fixFor(aks, inventory, {});
    if ('error' in fix) throw new Error(fix.error);
    expect(fix.commands[0]).toBe(connectionUpdate);
    expect(fix.commands[1]).toContain(
      'az network firewall policy rule-collection-group create --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --policy-name afwp-hub',
    );
    expect(fix.notes[0]).toContain('turn on internet security');
  });
});
