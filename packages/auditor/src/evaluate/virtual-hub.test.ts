import {
  hubConnection,
  hubFirewall,
  hubIds,
  hubRouteTable,
  ids,
  inventoryOf,
  routingIntent,
  securedHubSpoke,
  vnet,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { HubVirtualNetworkConnection, Inventory } from '../model/inventory.ts';
import { learnedRoutesOf } from './learned-routes.ts';
import { destinationRoute, internetRouteVerdict } from './routes.ts';

// The documents the expectations follow (MicrosoftDocs/azure-docs, articles/virtual-wan/):
// how-to-routing-policies.md (ms.date 08/01/2025), about-internet-routing.md (03/26/2025),
// static-routes-firewall-basic.md (04/27/2026), about-virtual-hub-routing.md (12/10/2024).
const FW = ids.firewall('afw-hub');
const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** The spoke of securedHubSpoke with this connection, plus what a case adds. */
const spoke = (connection: Partial<HubVirtualNetworkConnection>, ...extra: Parameters<typeof inventoryOf>): Inventory =>
  securedHubSpoke({ connection }, ...extra).inventory;

const learned = (inventory: Inventory) =>
  learnedRoutesOf(inventory, ids.vnet('vnet-spoke')).map((r) => {
    const hop = r.nextHop;
    const to =
      hop.kind === 'firewall'
        ? `firewall ${hop.firewallId.split('/').at(-1)}`
        : hop.kind === 'appliance'
          ? `appliance: ${hop.name}`
          : hop.kind === 'unknown'
            ? `unknown: ${hop.reason}`
            : hop.kind === 'virtual-hub'
              ? `hub ${hop.hubId.split('/').at(-1)}`
              : hop.kind;
    return `${r.addressPrefix} → ${to}`;
  });

describe('routing intent (how-to-routing-policies.md)', () => {
  const both = routingIntent('vhub', [
    ['InternetTraffic', ['Internet'], FW],
    ['PrivateTrafficPolicy', ['PrivateTraffic'], FW],
  ]);
  const cases: { name: string; connection: Partial<HubVirtualNetworkConnection>; expected: string[] }[] = [
    {
      // "0.0.0.0/0 default route is advertised to all connections … where Propagate default route or
      // Enable internet security is set to true"; the private policy sends the RFC 1918 aggregates.
      name: 'Internet and private policies, internet security on',
      connection: { enableInternetSecurity: true },
      expected: ['0.0.0.0/0 → firewall afw-hub', ...RFC1918.map((p) => `${p} → firewall afw-hub`)],
    },
    {
      // "Connections where this setting is set to 'false' won't learn the 0.0.0.0/0 route, even if
      // Internet Routing Policies are configured."
      name: 'internet security off: no default route',
      connection: { enableInternetSecurity: false },
      expected: RFC1918.map((p) => `${p} → firewall afw-hub`),
    },
    {
      name: 'internet security not in the input: the default route is unknown',
      connection: {},
      expected: [
        "0.0.0.0/0 → unknown: whether hub connection conn-spoke learns the hub's default route (enableInternetSecurity) is not in the input",
        ...RFC1918.map((p) => `${p} → firewall afw-hub`),
      ],
    },
  ];
  it.each(cases)('$name', ({ connection, expected }) => {
    // The defaultRouteTable as routing intent writes it: its `_policy_` routes are the policies'.
    const table = hubRouteTable('vhub', 'defaultRouteTable', [
      ['_policy_PrivateTraffic', RFC1918, FW],
      ['_policy_PublicTraffic', ['0.0.0.0/0'], FW],
    ]);
    expect(learned(spoke(connection, both, table))).toEqual(expected);
  });

  it('forced tunnel: a private policy with 0.0.0.0/0 among the additional prefixes (about-internet-routing.md)', () => {
    const intent = routingIntent('vhub', [['PrivateTraffic', ['PrivateTraffic'], FW]]);
    const table = hubRouteTable('vhub', 'defaultRouteTable', [
      ['_policy_PrivateTraffic', RFC1918, FW],
      ['private_traffic', ['0.0.0.0/0', '40.0.0.0/24'], FW],
    ]);
    expect(learned(spoke({ enableInternetSecurity: true }, intent, table))).toEqual([
      ...RFC1918.map((p) => `${p} → firewall afw-hub`),
      '0.0.0.0/0 → firewall afw-hub',
      '40.0.0.0/24 → firewall afw-hub',
    ]);
    expect(learned(spoke({ enableInternetSecurity: false }, intent, table))).not.toContain(
      '0.0.0.0/0 → firewall afw-hub',
    );
  });

  it('a private policy without the defaultRouteTable in the input: the default route is unknown', () => {
    const intent = routingIntent('vhub', [['PrivateTraffic', ['PrivateTraffic'], FW]]);
    expect(learned(spoke({ enableInternetSecurity: true }, intent))).toEqual([
      ...RFC1918.map((p) => `${p} → firewall afw-hub`),
      '0.0.0.0/0 → unknown: the defaultRouteTable of virtual hub vhub is not in the input',
    ]);
  });

  it('an Internet policy alone: connections propagate to the default label, so spokes reach each other through the hub', () => {
    const intent = routingIntent('vhub', [['InternetTraffic', ['Internet'], FW]]);
    const other = hubConnection('vhub', 'conn-other', 'vnet-other', { enableInternetSecurity: true });
    expect(
      learned(spoke({ enableInternetSecurity: true }, intent, other, vnet('vnet-other', ['10.2.0.0/16']))),
    ).toEqual(['0.0.0.0/0 → firewall afw-hub', '10.2.0.0/16 → hub vhub']);
  });

  const thirdParty: { name: string; nextHop: string; expected: string }[] = [
    {
      name: 'an NVA in the hub',
      nextHop: hubIds.nva('nva-fortigate'),
      expected: '0.0.0.0/0 → appliance: network virtual appliance nva-fortigate',
    },
    {
      name: 'a security SaaS',
      nextHop: '/subscriptions/s/resourceGroups/rg/providers/PaloAltoNetworks.Cloudngfw/firewalls/cngfw-hub',
      expected: '0.0.0.0/0 → appliance: PaloAltoNetworks.Cloudngfw/firewalls cngfw-hub',
    },
    {
      name: 'an Azure Firewall not in the input',
      nextHop: ids.firewall('afw-elsewhere'),
      expected: `0.0.0.0/0 → unknown: the next hop, Azure Firewall afw-elsewhere (${ids.firewall('afw-elsewhere')}), is not in the input`,
    },
  ];
  it.each(thirdParty)('a next hop that is $name is named, never taken as the Internet', ({ nextHop, expected }) => {
    const intent = routingIntent('vhub', [['InternetTraffic', ['Internet'], nextHop]]);
    expect(learned(spoke({ enableInternetSecurity: true }, intent))[0]).toBe(expected);
  });
});

describe('hub route tables without routing intent (static-routes-firewall-basic.md, about-virtual-hub-routing.md)', () => {
  it('learns the static routes of its associated table, 0.0.0.0/0 only with internet security', () => {
    const custom = hubRouteTable('vhub', 'rt-spokes', [
      ['internet_traffic', ['0.0.0.0/0'], FW],
      ['private_traffic', RFC1918, FW],
    ]);
    const associated = { associatedRouteTableId: custom.id };
    expect(learned(spoke({ ...associated, enableInternetSecurity: true }, custom))).toEqual([
      '0.0.0.0/0 → firewall afw-hub',
      ...RFC1918.map((p) => `${p} → firewall afw-hub`),
    ]);
    expect(learned(spoke({ ...associated, enableInternetSecurity: false }, custom))).toEqual(
      RFC1918.map((p) => `${p} → firewall afw-hub`),
    );
  });

  it('without a routing configuration: the defaultRouteTable, and the VNets that propagate to the default label', () => {
    // "By default, all connections associate and propagate to the Default route table"; "Routes added
    // statically take precedence over dynamically learned routes for the same prefixes".
    const table = hubRouteTable('vhub', 'defaultRouteTable', [
      ['to-nva', ['10.3.0.0/16'], hubIds.connection('vhub', 'conn-nva')],
    ]);
    const inventory = spoke(
      { enableInternetSecurity: true },
      table,
      vnet('vnet-other', ['10.2.0.0/16']),
      hubConnection('vhub', 'conn-other', 'vnet-other'),
      vnet('vnet-nva', ['10.3.0.0/16']),
      hubConnection('vhub', 'conn-nva', 'vnet-nva', {
        staticRoutes: [{ name: 'via-nva', addressPrefixes: ['10.4.0.0/16'], nextHopIpAddress: '10.3.0.4' }],
      }),
      hubConnection('vhub', 'conn-isolated', 'vnet-isolated', {
        propagatedRouteTableIds: [hubIds.routeTable('vhub', 'noneRouteTable')],
      }),
      vnet('vnet-isolated', ['10.5.0.0/16']),
    );
    expect(learned(inventory)).toEqual([
      '10.3.0.0/16 → appliance: the appliance behind hub connection conn-nva in vnet-nva',
      '10.2.0.0/16 → hub vhub',
      '10.4.0.0/16 → appliance: the appliance at 10.3.0.4 behind hub connection conn-nva',
    ]);
  });

  it("a spoke NVA's 0.0.0.0/0 static route reaches the same hub's spokes with internet security, never another hub's", () => {
    const nvaRoute = { name: 'to-nva', addressPrefixes: ['0.0.0.0/0'], nextHopIpAddress: '10.3.0.4' };
    const routes = (enableInternetSecurity: boolean, hub: string) =>
      learned(
        spoke(
          { enableInternetSecurity },
          hubRouteTable('vhub', 'defaultRouteTable', []),
          vnet('vnet-nva', ['10.3.0.0/16']),
          hubConnection(hub, 'conn-nva', 'vnet-nva', { staticRoutes: [nvaRoute] }),
        ),
      );
    const viaNva = '0.0.0.0/0 → appliance: the appliance at 10.3.0.4 behind hub connection conn-nva';
    expect(routes(true, 'vhub')).toContain(viaNva);
    expect(routes(false, 'vhub')).not.toContain(viaNva);
    expect(routes(true, 'vhub-other')).not.toContain(viaNva);
  });

  it('an associated table that is not in the input makes the default and private routes unknown', () => {
    const routes = learned(
      spoke({ enableInternetSecurity: true, associatedRouteTableId: hubIds.routeTable('vhub', 'rt-gone') }),
    );
    expect(routes).toHaveLength(4);
    expect(routes[0]).toBe(
      '0.0.0.0/0 → unknown: hub route table rt-gone, which hub connection conn-spoke is associated with, is not in the input',
    );
  });
});

describe('spoke-to-on-premises through the hub', () => {
  const gateway = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteGateways/ergw-vhub';
  const unread =
    'unknown: virtual hub vhub has gateways (ergw-vhub); the on-premises routes it learns from them are not read';
  const withGateways = (...extra: Parameters<typeof inventoryOf>) => {
    const { inventory } = securedHubSpoke({ connection: { enableInternetSecurity: true } }, ...extra);
    inventory.virtualHubs = inventory.virtualHubs.map((h) => ({ ...h, gatewayIds: [gateway] }));
    return learned(inventory);
  };
  it('a PrivateTraffic policy sends on-premises ranges to the firewall (how-to-routing-policies.md)', () => {
    const intent = routingIntent('vhub', [['PrivateTraffic', ['PrivateTraffic'], FW]]);
    expect(withGateways(intent, hubRouteTable('vhub', 'defaultRouteTable', []))).toEqual(
      RFC1918.map((p) => `${p} → firewall afw-hub`),
    );
  });
  it("without one, the routes the hub's gateways learn are not read: private ranges are unknown", () => {
    expect(withGateways(routingIntent('vhub', [['InternetTraffic', ['Internet'], FW]]))).toEqual([
      '0.0.0.0/0 → firewall afw-hub',
      ...RFC1918.map((p) => `${p} → ${unread}`),
    ]);
  });
  it('a static route of the associated table decides its own range', () => {
    const table = hubRouteTable('vhub', 'defaultRouteTable', [['private_traffic', ['10.0.0.0/8'], FW]]);
    expect(withGateways(table)).toEqual([
      '10.0.0.0/8 → firewall afw-hub',
      ...RFC1918.slice(1).map((p) => `${p} → ${unread}`),
    ]);
  });
});

describe('what a spoke cannot learn, and spokes the input says little about', () => {
  it("drops routes as specific as the spoke's own address space (Virtual WAN cannot program them)", () => {
    const inventory = inventoryOf(
      vnet('vnet-spoke', ['10.0.0.0/8']),
      hubConnection('vhub', 'conn-spoke', 'vnet-spoke', { enableInternetSecurity: true }),
      hubFirewall('afw-hub', { hub: 'vhub', privateIp: '10.100.0.132' }),
      routingIntent('vhub', [['PrivateTraffic', ['PrivateTraffic'], FW]]),
      hubRouteTable('vhub', 'defaultRouteTable', []),
    );
    expect(learned(inventory)).toEqual(['172.16.0.0/12 → firewall afw-hub', '192.168.0.0/16 → firewall afw-hub']);
  });

  it('a VNet with the peering of a hub connection but no connection in the input: its default route is unknown', () => {
    const network = vnet('vnet-spoke', ['10.1.0.0/16']);
    network.peerings = [
      {
        name: 'RemoteVnetToHubPeering_0f3c',
        allowForwardedTraffic: false,
        useRemoteGateways: false,
        peeringState: 'Connected',
      },
    ];
    expect(learned(inventoryOf(network))).toEqual([
      '0.0.0.0/0 → unknown: vnet-spoke is connected to a Virtual WAN hub (peering RemoteVnetToHubPeering_0f3c), but no hub connection for it is in the input (az network vhub connection list)',
    ]);
  });

  it('an outbound route map on the connection leaves what it learns unknown', () => {
    const intent = routingIntent('vhub', [['InternetTraffic', ['Internet'], FW]]);
    const routes = learned(
      spoke({ enableInternetSecurity: true, outboundRouteMapId: `${hubIds.hub('vhub')}/routeMaps/rm-strip` }, intent),
    );
    expect(routes).toEqual([
      '0.0.0.0/0 → unknown: route map rm-strip on hub connection conn-spoke may change the routes the hub advertises to it, and route maps are not read',
    ]);
  });

  it('a VNet connected to no hub learns nothing', () => {
    expect(learned(inventoryOf(vnet('vnet-spoke', ['10.1.0.0/16'])))).toEqual([]);
  });
});

describe('Internet route verdicts of a subnet in a spoke', () => {
  const intent = routingIntent('vhub', [['InternetTraffic', ['Internet'], FW]]);
  const verdict = (options: Parameters<typeof securedHubSpoke>[0], ...extra: Parameters<typeof inventoryOf>) => {
    const { inventory, nodes } = securedHubSpoke(options, ...extra);
    return internetRouteVerdict(inventory, nodes);
  };

  it('reaches the hub firewall through the learned default route', () => {
    const result = verdict({ connection: { enableInternetSecurity: true } }, intent);
    expect(result).toMatchObject({ status: 'via-firewall', firewallId: FW });
    expect(result.segments.map((s) => [s.route.name, s.route.origin, s.outcome])).toEqual([
      ['learned from virtual hub vhub / routing intent ri / InternetTraffic', 'learned', 'firewall'],
    ]);
  });

  it('a UDR 0.0.0.0/0 → Internet wins over the learned route: the subnet bypasses the hub', () => {
    const result = verdict(
      { connection: { enableInternetSecurity: true }, routes: [['0.0.0.0/0', 'Internet']] },
      intent,
    );
    expect(result.status).toBe('bypass');
    expect(result.reason).toContain('via route-1 (0.0.0.0/0 → Internet)');
    expect(result.reason).toContain('a user route wins over the default route virtual hub vhub advertises');
  });

  it('a route table that disables gateway route propagation learns nothing from the hub', () => {
    const result = verdict({ connection: { enableInternetSecurity: true }, routes: 'no-propagation' }, intent);
    expect(result.status).toBe('bypass');
    expect(result.reason).toContain('route table rt-nodes disables gateway route propagation');
  });

  it('without internet security the system default route wins, and the verdict says why', () => {
    const result = verdict({ connection: { enableInternetSecurity: false } }, intent);
    expect(result.status).toBe('bypass');
    expect(result.reason).toContain(
      "hub connection conn-spoke has enableInternetSecurity false, so it does not learn virtual hub vhub's default route",
    );
  });

  it('a UDR to the hub firewall private IP reaches it from a connected VNet only', () => {
    const routes: [string, string, string][] = [['0.0.0.0/0', 'VirtualAppliance', '10.100.0.132']];
    expect(verdict({ connection: { enableInternetSecurity: true }, routes }).status).toBe('via-firewall');
    const { inventory, nodes } = securedHubSpoke({ routes });
    inventory.hubVirtualNetworkConnections = [];
    const result = internetRouteVerdict(inventory, nodes);
    expect(result.status).toBe('unknown');
    expect(result.reason).toContain("has no connection to the firewall's virtual hub");
  });

  it('a third-party NVA as the next hop is unknown, never a bypass', () => {
    const nva = routingIntent('vhub', [['InternetTraffic', ['Internet'], hubIds.nva('nva-fortigate')]]);
    const result = verdict({ connection: { enableInternetSecurity: true } }, nva);
    expect(result.status).toBe('unknown');
    expect(result.reason).toContain(
      'learned next hop network virtual appliance nva-fortigate is not a firewall in the input',
    );
  });
});

// how-to-routing-policies.md: with a PrivateTraffic policy "all branch-to-branch, branch-to-virtual
// network, virtual network-to-branch, and inter-hub traffic is sent via" the next hop; with an Internet
// policy alone, connections propagate to the default label and reach each other through the hub.
describe('spoke-to-spoke: a DNS server in another spoke of the same hub', () => {
  const dnsSpoke = [vnet('vnet-dns', ['10.2.0.0/16']), hubConnection('vhub', 'conn-dns', 'vnet-dns')];
  const routeTo = (...extra: Parameters<typeof inventoryOf>) => {
    const { inventory, nodes } = securedHubSpoke(
      { connection: { enableInternetSecurity: true } },
      ...dnsSpoke,
      ...extra,
    );
    return destinationRoute(inventory, nodes, ['10.2.0.4']);
  };
  it('crosses the hub firewall under a PrivateTraffic policy', () => {
    const intent = routingIntent('vhub', [['PrivateTraffic', ['PrivateTraffic'], FW]]);
    expect(routeTo(intent, hubRouteTable('vhub', 'defaultRouteTable', []))).toMatchObject({
      outcome: 'firewall',
      firewallId: FW,
    });
  });
  it('goes straight through the hub without one', () => {
    const result = routeTo(routingIntent('vhub', [['InternetTraffic', ['Internet'], FW]]));
    expect(result.outcome).toBe('vnet');
    expect(result.reason).toContain('virtual hub vhub delivers it to another of its connections, through no firewall');
  });
});
