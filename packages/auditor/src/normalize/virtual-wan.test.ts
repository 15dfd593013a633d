import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../model/inventory.ts';
import type { RawResource } from '../model/raw.ts';
import { normalizeResources } from './index.ts';

// The Microsoft.Network 2025-05-01 REST examples of Virtual WAN, vendored in fixtures/reference/arm
// (see its README): their 200 response bodies.
const EXAMPLES = path.resolve(import.meta.dirname, '../../../../fixtures/reference/arm/network');
const VIRTUAL_WAN_EXAMPLES = [
  'AzureFirewallPutInHub',
  'HubRouteTableGet',
  'HubVirtualNetworkConnectionGet',
  'RoutingIntentGet',
  'VirtualHubGet',
];
const bodyOf = (name: string): RawResource => ({
  body: JSON.parse(readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8')).responses['200'].body,
  origin: { file: `${name}.json`, pointer: '/responses/200/body' },
});
const RG = '/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network';
const HUB = `${RG}/virtualHubs/virtualHub1`;

/**
 * The flattened shape the Azure CLI and the JavaScript SDK print: every `properties` bag hoisted to the
 * level of its object, and the CLI's `resourceGroup` beside the id.
 */
function flattened(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flattened);
  if (value === null || typeof value !== 'object') return value;
  const { properties, ...rest } = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...rest, ...(properties as object | undefined) })) out[k] = flattened(v);
  return out;
}

const withoutOrigins = (inventory: Inventory) =>
  JSON.parse(JSON.stringify(inventory, (key, value) => (key === 'origin' ? undefined : value)));

describe('Virtual WAN resources from the REST examples', () => {
  let rest: RawResource[];
  let inventory: Inventory;
  beforeAll(() => {
    rest = VIRTUAL_WAN_EXAMPLES.map(bodyOf);
    const result = normalizeResources(rest);
    expect(result.errors).toEqual([]);
    inventory = result.inventory;
  });

  it('reads a virtual hub (VirtualHubGet)', () => {
    expect(inventory.virtualHubs).toEqual([
      expect.objectContaining({
        id: HUB,
        name: 'virtualHub1',
        type: 'Microsoft.Network/virtualHubs',
        virtualWanId: `${RG}/virtualWans/virtualWan1`,
        addressPrefix: '10.10.1.0/24',
        sku: 'Basic',
        gatewayIds: [],
        routingState: 'Provisioned',
      }),
    ]);
  });

  it('recognises a hub connection, which has no type, by its id (HubVirtualNetworkConnectionGet)', () => {
    expect(inventory.hubVirtualNetworkConnections).toEqual([
      expect.objectContaining({
        id: `${HUB}/virtualHubVnetConnections/connection1`,
        type: 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
        virtualHubId: HUB,
        remoteVirtualNetworkId: `${RG}/virtualNetworks/vnet1`,
        enableInternetSecurity: false,
        associatedRouteTableId: `${HUB}/hubRouteTables/hubRouteTable1`,
        propagatedRouteTableIds: [1, 2, 3].map((i) => `${HUB}/hubRouteTables/hubRouteTable${i}`),
        propagatedLabels: ['label1', 'label2'],
        propagateStaticRoutes: true,
        outboundRouteMapId: `${HUB}/routeMaps/routeMap2`,
        staticRoutes: [
          { name: 'route1', addressPrefixes: ['10.1.0.0/16', '10.2.0.0/16'], nextHopIpAddress: '10.0.0.68' },
          { name: 'route2', addressPrefixes: ['10.3.0.0/16', '10.4.0.0/16'], nextHopIpAddress: '10.0.0.65' },
        ],
      }),
    ]);
  });

  it('reads a hub route table (HubRouteTableGet)', () => {
    expect(inventory.hubRouteTables).toEqual([
      expect.objectContaining({
        id: `${HUB}/hubRouteTables/hubRouteTable1`,
        virtualHubId: HUB,
        labels: ['label1', 'label2'],
        routes: [
          {
            name: 'route1',
            destinationType: 'CIDR',
            destinations: ['10.0.0.0/8', '20.0.0.0/8', '30.0.0.0/8'],
            nextHopType: 'ResourceId',
            nextHop: `${RG}/azureFirewalls/azureFirewall1`,
          },
        ],
        associatedConnectionIds: [
          `${HUB}/hubVirtualNetworkConnections/vnetConnn1`,
          `${HUB}/hubVirtualNetworkConnections/vnetConnn2`,
        ],
      }),
    ]);
  });

  it('reads routing intent (RoutingIntentGet)', () => {
    expect(inventory.routingIntents).toEqual([
      expect.objectContaining({
        id: `${HUB}/routingIntent/Intent1`,
        virtualHubId: HUB,
        routingPolicies: [
          { name: 'InternetTraffic', destinations: ['Internet'], nextHop: `${RG}/azureFirewalls/azfw1` },
          { name: 'PrivateTrafficPolicy', destinations: ['PrivateTraffic'], nextHop: `${RG}/azureFirewalls/azfw1` },
        ],
      }),
    ]);
  });

  it('reads a hub firewall: its hub, private IP, and public IPs by count and address (AzureFirewallPutInHub)', () => {
    const [fw] = inventory.firewalls;
    expect([
      fw?.skuName,
      fw?.virtualHubId,
      fw?.hubPrivateIpAddress,
      fw?.hubPublicIpCount,
      fw?.hubPublicIpAddresses,
    ]).toEqual(['AZFW_Hub', `${RG}/virtualHubs/hub1`, '10.0.0.0', 1, ['13.73.240.12']]);
  });

  it('reads the flattened shape (Azure CLI, JavaScript SDK) to the same inventory', () => {
    const flat = rest.map((r) => ({ ...r, body: { ...(flattened(r.body) as object), resourceGroup: 'rg1' } }));
    const result = normalizeResources(flat);
    expect(result.errors).toEqual([]);
    expect(withoutOrigins(result.inventory)).toEqual(withoutOrigins(inventory));
  });
});

describe('malformed Virtual WAN resources', () => {
  const origin = { file: 'hub.json' };
  it('names the resource and the field, and reads the rest', () => {
    const { inventory, errors } = normalizeResources([
      {
        origin,
        body: {
          id: `${HUB}/hubVirtualNetworkConnections/conn-a`,
          properties: { enableInternetSecurity: 'yes', routingConfiguration: { vnetRoutes: { staticRoutes: 'none' } } },
        },
      },
      {
        origin,
        body: {
          id: `${HUB}/routingIntent/ri`,
          type: 'Microsoft.Network/virtualHubs/routingIntent',
          properties: { routingPolicies: [{ name: 'InternetTraffic', destinations: ['Internet'] }] },
        },
      },
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      `${HUB}/hubVirtualNetworkConnections/conn-a: properties.routingConfiguration.vnetRoutes.staticRoutes must be an array, not the string "none" (ignored)`,
      `${HUB}/hubVirtualNetworkConnections/conn-a: properties.enableInternetSecurity must be a boolean, not the string "yes" (ignored)`,
      `${HUB}/hubVirtualNetworkConnections/conn-a: remoteVirtualNetwork is missing (which virtual network the connection serves is unknown)`,
      `${HUB}/routingIntent/ri: properties.routingPolicies[0].nextHop is missing (where the policy sends traffic is unknown)`,
    ]);
    expect(inventory.hubVirtualNetworkConnections[0]).not.toHaveProperty('enableInternetSecurity');
    expect(inventory.routingIntents[0]?.routingPolicies).toEqual([
      { name: 'InternetTraffic', destinations: ['Internet'] },
    ]);
  });
});
