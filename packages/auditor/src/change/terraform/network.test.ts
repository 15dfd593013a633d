/**
 * Routing and virtual networks in Terraform plans, taken through the change model and the
 * normalizer. Attribute names from the azurerm docs (hashicorp/terraform-provider-azurerm
 * website/docs/r/*.html.markdown) at v3.117.1 and 4.x; see fixtures/what-if/README.md.
 */
import { describe, expect, it } from 'vitest';
import { internetRouteVerdict } from '../../evaluate/routes.ts';
import type { Subnet } from '../../model/inventory.ts';
import type { RawResource } from '../../model/raw.ts';
import type { JsonObject } from '../types.ts';
import { created, NET, plan, proposed, rc, route, SUBNET, TABLE, VNET } from './plan.test-support.ts';

describe('Terraform plans: routing (azurerm_route_table, azurerm_route, associations)', () => {
  const table = (extra: JsonObject) => ({
    id: TABLE,
    name: 'rt-spoke',
    resource_group_name: 'rg-net',
    location: 'eastus',
    ...extra,
  });

  it.each([
    ['4.x bgp_route_propagation_enabled', { bgp_route_propagation_enabled: false }],
    ['3.x disable_bgp_route_propagation', { disable_bgp_route_propagation: true }],
  ])('%s', (_, names) => {
    const { inventory } = proposed(
      plan([rc('azurerm_route_table.spoke', ['update'], {}, table({ ...names, route: [route('default')] }))]),
    );
    expect(inventory.routeTables).toEqual([
      expect.objectContaining({
        id: TABLE,
        disableBgpRoutePropagation: true,
        routes: [
          {
            name: 'default',
            addressPrefix: '0.0.0.0/0',
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: '10.0.1.4',
          },
        ],
        // `subnets` is computed from the associations: today's is kept.
        subnetIds: [SUBNET],
      }),
    ]);
  });

  it('a route whose next hop is known only after apply is unreadable, naming the attribute', () => {
    const update = rc(
      'azurerm_route_table.spoke',
      ['update'],
      {},
      table({ route: [route('local', ''), { ...route('default'), next_hop_in_ip_address: null }] }),
      {
        route: [{}, { next_hop_in_ip_address: true }],
      },
    );
    const { inventory, set } = proposed(plan([update]));
    expect(set.changes[0]?.unknowns).toEqual([
      {
        resourceId: TABLE,
        attribute: 'azurerm_route_table.spoke.route[1].next_hop_in_ip_address',
        cause: 'is known only after apply',
        route: 'default',
      },
    ]);
    expect(inventory.routeTables[0]?.routes[1]?.unreadable).toBe(
      'azurerm_route_table.spoke.route[1].next_hop_in_ip_address is known only after apply',
    );
  });

  it("a route table whose whole route list is known only after apply leaves its subnets' path unknown", () => {
    const update = rc('azurerm_route_table.spoke', ['update'], {}, table({}), { route: true });
    const { inventory } = proposed(plan([update]));
    expect(internetRouteVerdict(inventory, inventory.subnets[0] as Subnet)).toEqual(
      expect.objectContaining({
        status: 'unknown',
        reason: expect.stringContaining('azurerm_route_table.spoke.route is known only after apply'),
      }),
    );
  });

  it("azurerm_route goes into its route table, found by route_table_name; its unknowns are the route's", () => {
    const creation = created(
      'azurerm_route.default',
      {
        name: 'default',
        resource_group_name: 'rg-net',
        route_table_name: 'rt-spoke',
        address_prefix: '0.0.0.0/0',
        next_hop_type: 'VirtualAppliance',
      },
      { next_hop_in_ip_address: true },
    );
    const { inventory, set } = proposed(plan([creation]));
    expect(set.changes[0]?.resourceId).toBe(`${TABLE}/routes/default`);
    expect(inventory.routeTables[0]?.routes).toEqual([
      {
        name: 'default',
        addressPrefix: '0.0.0.0/0',
        nextHopType: 'VirtualAppliance',
        unreadable: 'azurerm_route.default.next_hop_in_ip_address is known only after apply',
      },
    ]);
  });

  it('a deleted association takes the route table off the subnet, on both sides', () => {
    const deleted = rc(
      'azurerm_subnet_route_table_association.spoke',
      ['delete'],
      { id: SUBNET, subnet_id: SUBNET, route_table_id: TABLE },
      null,
    );
    const { inventory, set } = proposed(plan([deleted]));
    expect(inventory.subnets[0]?.routeTableId).toBeUndefined();
    expect(inventory.routeTables[0]?.subnetIds).toEqual([]);
    expect(set.changes[0]?.notes).toEqual([`dissociates ${SUBNET} from ${TABLE}`]);
  });
});

describe('Terraform plans: virtual networks, subnets, peerings, IP groups', () => {
  const vnet = (subnet: JsonObject) => ({
    id: VNET,
    name: 'vnet-spoke',
    resource_group_name: 'rg-net',
    address_space: ['10.1.0.0/16'],
    dns_servers: ['10.0.0.4'],
    subnet: [{ name: 'snet-aks', id: SUBNET, security_group: '', ...subnet }],
  });

  it.each([
    // 3.x: no route_table_id in the block; the association (a resource of its own) stays.
    ['3.x address_prefix', { address_prefix: '10.1.0.0/22' }, TABLE],
    // 4.x: route_table_id is part of the block; null means none.
    [
      '4.x address_prefixes, route_table_id null',
      { address_prefixes: ['10.1.0.0/22'], route_table_id: null },
      undefined,
    ],
    ['4.x route_table_id', { address_prefixes: ['10.1.0.0/22'], route_table_id: TABLE }, TABLE],
  ])('subnet blocks, %s', (_, subnet, routeTable) => {
    const { inventory } = proposed(plan([rc('azurerm_virtual_network.spoke', ['update'], {}, vnet(subnet))]));
    expect(inventory.virtualNetworks[0]?.dnsServers).toEqual(['10.0.0.4']);
    expect(inventory.subnets.map((s) => [s.id, s.addressPrefixes, s.routeTableId])).toEqual([
      [SUBNET, ['10.1.0.0/22'], routeTable],
    ]);
  });

  it("a subnet block's route table known only after apply leaves that subnet's path unknown, not bypassed", () => {
    const update = rc(
      'azurerm_virtual_network.spoke',
      ['update'],
      {},
      vnet({ address_prefixes: ['10.1.0.0/22'], route_table_id: null }),
      {
        subnet: [{ route_table_id: true }],
      },
    );
    const { inventory, set } = proposed(plan([update]));
    expect(set.changes[0]?.unknowns).toEqual([
      {
        resourceId: SUBNET,
        attribute: 'azurerm_virtual_network.spoke.subnet[0].route_table_id',
        cause: 'is known only after apply',
      },
    ]);
    expect(internetRouteVerdict(inventory, inventory.subnets[0] as Subnet).status).toBe('unknown');
  });

  it('an updated azurerm_subnet keeps its route table association', () => {
    const subnet = rc(
      'azurerm_subnet.aks',
      ['update'],
      {},
      { id: SUBNET, name: 'snet-aks', address_prefixes: ['10.1.0.0/21'] },
    );
    const { inventory } = proposed(plan([subnet]));
    expect(inventory.subnets.map((s) => [s.addressPrefixes, s.routeTableId])).toEqual([[['10.1.0.0/21'], TABLE]]);
  });

  it("an updated peering keeps the state Azure gave it; a new one's state is not known", () => {
    const peered: RawResource = {
      body: {
        id: VNET,
        type: 'Microsoft.Network/virtualNetworks',
        properties: {
          virtualNetworkPeerings: [
            { name: 'to-hub', properties: { peeringState: 'Connected', allowForwardedTraffic: false } },
          ],
        },
      },
      origin: {},
    };
    const peering = (name: string) =>
      created(`azurerm_virtual_network_peering.${name}`, {
        name,
        resource_group_name: 'rg-net',
        virtual_network_name: 'vnet-spoke',
        remote_virtual_network_id: `${NET}/virtualNetworks/vnet-hub`,
        allow_forwarded_traffic: true,
      });
    const { inventory } = proposed(plan([peering('to-hub'), peering('to-other')]), [peered]);
    expect(inventory.virtualNetworks[0]?.peerings).toEqual([
      {
        name: 'to-hub',
        remoteVirtualNetworkId: `${NET}/virtualNetworks/vnet-hub`,
        peeringState: 'Connected',
        allowForwardedTraffic: true,
        useRemoteGateways: false,
      },
      {
        name: 'to-other',
        remoteVirtualNetworkId: `${NET}/virtualNetworks/vnet-hub`,
        allowForwardedTraffic: true,
        useRemoteGateways: false,
      },
    ]);
  });

  it('azurerm_ip_group cidrs are the IP group addresses', () => {
    const group = created('azurerm_ip_group.nodes', {
      name: 'ipg',
      resource_group_name: 'rg-net',
      cidrs: ['10.1.0.0/22'],
    });
    expect(proposed(plan([group])).inventory.ipGroups.map((g) => [g.id, g.ipAddresses])).toEqual([
      [`${NET}/ipGroups/ipg`, ['10.1.0.0/22']],
    ]);
  });
});
