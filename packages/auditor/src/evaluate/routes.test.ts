import { firewall, ids, inventoryOf, publicIp, routeTable, subnet, vnet } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { VirtualNetworkPeering } from '../model/inventory.ts';
import type { LearnedRoute } from './learned-routes.ts';
import { describeRoute, destinationRoute, internetRouteVerdict } from './routes.ts';

// A spoke subnet whose default route points at the hub firewall's private IP; only the peering varies.
function spokeVerdict(peering: Partial<VirtualNetworkPeering> | undefined) {
  const nodes = subnet('vnet-spoke', 'snet-nodes', '10.1.0.0/22', { routeTable: 'rt-spoke' });
  const spoke = vnet('vnet-spoke', ['10.1.0.0/16'], { peeredWith: peering ? ['vnet-hub'] : [] });
  spoke.peerings = spoke.peerings.map((p) => ({ ...p, ...peering }));
  const inventory = inventoryOf(
    vnet('vnet-hub', ['10.0.0.0/16'], { peeredWith: peering ? ['vnet-spoke'] : [] }),
    spoke,
    nodes,
    routeTable('rt-spoke', [['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4']], [nodes.id]),
    firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub' }),
  );
  return internetRouteVerdict(inventory, nodes);
}

// https://learn.microsoft.com/rest/api/virtualnetwork/virtual-network-peerings/get: peeringState is
// Initiated, Connected or Disconnected; only Connected forwards traffic to the hub.
describe('a route to a firewall in a peered virtual network', () => {
  const cases: { name: string; peering: Partial<VirtualNetworkPeering> | undefined; status: string; note?: string }[] =
    [
      { name: 'Connected', peering: { peeringState: 'Connected' }, status: 'via-firewall' },
      { name: 'Connected (any case)', peering: { peeringState: 'connected' }, status: 'via-firewall' },
      {
        name: 'Initiated',
        peering: { peeringState: 'Initiated' },
        status: 'unknown',
        note: 'is Initiated, not Connected',
      },
      {
        name: 'Disconnected',
        peering: { peeringState: 'Disconnected' },
        status: 'unknown',
        note: 'is Disconnected, not Connected',
      },
      { name: 'state not read', peering: { peeringState: undefined }, status: 'unknown', note: 'was not read' },
      { name: 'no peering on either side', peering: undefined, status: 'unknown', note: 'is not peered' },
    ];
  it.each(cases)('$name → $status', ({ peering, status, note }) => {
    const verdict = spokeVerdict(peering);
    expect(verdict.status).toBe(status);
    if (note) {
      expect(verdict.segments[0]).toMatchObject({ outcome: 'unknown', firewallId: ids.firewall('afw') });
      expect(verdict.reason).toContain(note);
    } else {
      expect(verdict.segments.map((s) => s.outcome)).toEqual(['firewall']);
    }
  });
});

// Item 12 of issue 15: an export holding only one side's peering list. "Connected" is reached only once both
// sides have peered (https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview), so a
// Connected peering listed on the hub alone implies the spoke's side.
describe('a peering listed only on the remote side', () => {
  const nodes = subnet('vnet-spoke', 'snet-nodes', '10.1.0.0/22', { routeTable: 'rt-spoke' });
  const items = (hubState: string) => {
    const hub = vnet('vnet-hub', ['10.0.0.0/16'], { peeredWith: ['vnet-spoke'] });
    hub.peerings = hub.peerings.map((p) => ({ ...p, peeringState: hubState }));
    return inventoryOf(
      hub,
      vnet('vnet-spoke', ['10.1.0.0/16']),
      nodes,
      routeTable('rt-spoke', [['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4']], [nodes.id]),
      firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub' }),
    );
  };

  it('Connected: the route reaches the firewall, and the evidence says the peering was implied', () => {
    const verdict = internetRouteVerdict(items('Connected'), nodes);
    expect(verdict.status).toBe('via-firewall');
    expect(verdict.segments[0]?.note).toBe(
      "peering to-vnet-spoke is listed only on the firewall's network; Connected implies both sides",
    );
  });

  it('Initiated on the remote side implies nothing', () => {
    expect(internetRouteVerdict(items('Initiated'), nodes).status).toBe('unknown');
  });

  it("gives the peered network's address space a VNet peering route from the remote side's list", () => {
    const route = destinationRoute(items('Connected'), nodes, ['10.0.2.4']);
    expect(route).toMatchObject({ outcome: 'vnet' });
    expect(route.segments[0]?.route).toMatchObject({ nextHopType: 'VNetPeering', addressPrefix: '10.0.0.0/16' });
  });
});

// Item 1 of issue 15: private destinations (a custom DNS server) are routed by the effective route table, not
// only public ones. https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview ("Default",
// "Optional default routes", "How Azure selects a route"; MicrosoftDocs/azure-docs@0239a4e2, ms.date 05/27/2023).
describe('the route of a private destination', () => {
  function topology(
    routes: [string, string, string?][],
    options: { spokeSpace?: string[]; hubGateway?: boolean; disableBgp?: boolean } = {},
  ) {
    const nodes = subnet('vnet-spoke', 'snet-nodes', '10.1.0.0/22', { routeTable: 'rt-spoke' });
    const spoke = vnet('vnet-spoke', options.spokeSpace ?? ['10.1.0.0/16'], { peeredWith: ['vnet-hub'] });
    if (options.hubGateway) spoke.peerings = spoke.peerings.map((p) => ({ ...p, useRemoteGateways: true }));
    const table = routeTable('rt-spoke', routes, [nodes.id]);
    table.disableBgpRoutePropagation = options.disableBgp ?? false;
    const inventory = inventoryOf(
      vnet('vnet-hub', ['10.0.0.0/16'], { peeredWith: ['vnet-spoke'] }),
      spoke,
      nodes,
      table,
      firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub' }),
    );
    return { inventory, nodes };
  }
  const toFirewall: [string, string, string?] = ['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4'];

  const cases: {
    name: string;
    routes: [string, string, string?][];
    options?: Parameters<typeof topology>[1];
    address: string;
    outcome: string;
    route: string;
  }[] = [
    {
      name: 'in its own virtual network: the Virtual network route is longer than 0.0.0.0/0',
      routes: [toFirewall],
      address: '10.1.8.4',
      outcome: 'vnet',
      route: 'virtual network (10.1.0.0/16 → VnetLocal)',
    },
    {
      name: 'in the peered hub: the VNet peering route',
      routes: [toFirewall],
      address: '10.0.2.4',
      outcome: 'vnet',
      route: 'VNet peering to-vnet-hub (10.0.0.0/16 → VNetPeering)',
    },
    {
      name: 'in the hub, with a user route of the same prefix to the firewall: the user route wins',
      routes: [toFirewall, ['10.0.0.0/16', 'VirtualAppliance', '10.0.1.4']],
      address: '10.0.2.4',
      outcome: 'firewall',
      route: 'route-2 (10.0.0.0/16 → VirtualAppliance 10.0.1.4)',
    },
    {
      name: 'in the hub, with a longer user route to the firewall',
      routes: [toFirewall, ['10.0.2.0/24', 'VirtualAppliance', '10.0.1.4']],
      address: '10.0.2.4',
      outcome: 'firewall',
      route: 'route-2 (10.0.2.0/24 → VirtualAppliance 10.0.1.4)',
    },
    {
      name: 'in no network of the input: the reserved range is dropped (None)',
      routes: [toFirewall],
      address: '192.168.10.4',
      outcome: 'drop',
      route: 'reserved address range (192.168.0.0/16 → None)',
    },
    {
      name: "in no network of the input, with the hub's gateway in use: a BGP route may take it",
      routes: [toFirewall],
      options: { hubGateway: true },
      address: '192.168.10.4',
      outcome: 'unknown',
      route: 'reserved address range (192.168.0.0/16 → None)',
    },
    {
      name: 'with the gateway in use but propagation disabled: dropped',
      routes: [toFirewall],
      options: { hubGateway: true, disableBgp: true },
      address: '192.168.10.4',
      outcome: 'drop',
      route: 'reserved address range (192.168.0.0/16 → None)',
    },
    {
      name: 'in a reserved range the address space holds: no None route is left for it',
      routes: [toFirewall],
      options: { spokeSpace: ['10.0.0.0/8'] },
      address: '10.200.0.4',
      outcome: 'vnet',
      route: 'virtual network (10.0.0.0/8 → VnetLocal)',
    },
    {
      name: 'public, with the default route to the firewall',
      routes: [toFirewall],
      address: '8.8.8.8',
      outcome: 'firewall',
      route: 'route-1 (0.0.0.0/0 → VirtualAppliance 10.0.1.4)',
    },
  ];
  it.each(cases)('$name → $outcome', ({ routes, options, address, outcome, route }) => {
    const { inventory, nodes } = topology(routes, options);
    const result = destinationRoute(inventory, nodes, [address]);
    expect(result.outcome).toBe(outcome);
    expect(result.segments.map((s) => describeRoute(s.route))).toEqual([route]);
  });

  it('reports the addresses of one destination that the routes split', () => {
    const { inventory, nodes } = topology([toFirewall]);
    const result = destinationRoute(inventory, nodes, ['10.1.8.4', '10.0.2.4', '192.168.1.1']);
    expect(result.outcome).toBe('mixed');
    expect(result.segments.map((s) => s.outcome).sort()).toEqual(['drop', 'vnet', 'vnet']);
  });

  // "User-defined route, BGP route, System route" for the same prefix; the virtual network's and its
  // peerings' system routes "are preferred routes, even if BGP routes are more specific".
  describe('with learned routes', () => {
    const learned = (prefix: string, hop: LearnedRoute['nextHop']) => () => [
      { addressPrefix: prefix, nextHop: hop, origin: 'VPN gateway vgw-hub' },
    ];
    const firewallHop: LearnedRoute['nextHop'] = { kind: 'firewall', firewallId: ids.firewall('afw') };
    const cases: {
      name: string;
      routes: [string, string, string?][];
      options?: Parameters<typeof topology>[1];
      address: string;
      learnedPrefix: string;
      hop: LearnedRoute['nextHop'];
      outcome: string;
    }[] = [
      {
        name: 'a learned route beats the system route of its prefix',
        routes: [toFirewall],
        address: '192.168.10.4',
        learnedPrefix: '192.168.0.0/16',
        hop: firewallHop,
        outcome: 'firewall',
      },
      {
        name: 'a user route of the same prefix beats the learned route',
        routes: [toFirewall, ['192.168.0.0/16', 'None']],
        address: '192.168.10.4',
        learnedPrefix: '192.168.0.0/16',
        hop: { kind: 'internet' },
        outcome: 'drop',
      },
      {
        name: 'a route table with propagation disabled receives no learned route',
        routes: [toFirewall],
        options: { disableBgp: true },
        address: '192.168.10.4',
        learnedPrefix: '192.168.0.0/16',
        hop: { kind: 'internet' },
        outcome: 'drop',
      },
      {
        name: 'a more specific learned route does not take addresses of the virtual network',
        routes: [toFirewall],
        address: '10.1.8.4',
        learnedPrefix: '10.1.8.0/24',
        hop: { kind: 'internet' },
        outcome: 'vnet',
      },
    ];
    it.each(cases)('$name', ({ routes, options, address, learnedPrefix, hop, outcome }) => {
      const { inventory, nodes } = topology(routes, options);
      expect(destinationRoute(inventory, nodes, [address], learned(learnedPrefix, hop)).outcome).toBe(outcome);
    });
  });
});

// Item 5 of issue 15: a blackhole default route drops Internet-bound traffic; nothing bypasses the firewall.
describe('a default route with next hop None', () => {
  it('drops every public destination', () => {
    const nodes = subnet('vnet-spoke', 'snet-nodes', '10.1.0.0/22', { routeTable: 'rt-spoke' });
    const inventory = inventoryOf(
      vnet('vnet-spoke', ['10.1.0.0/16']),
      nodes,
      routeTable('rt-spoke', [['0.0.0.0/0', 'None']], [nodes.id]),
    );
    const verdict = internetRouteVerdict(inventory, nodes);
    expect(verdict).toMatchObject({
      status: 'drop',
      reason: 'Internet-bound traffic is dropped by route-1 (0.0.0.0/0 → None)',
    });
  });
});

describe('a subnet whose own settings could not be read (or are known only after a change)', () => {
  it('has an unknown path, naming what is missing, whatever its route table says', () => {
    const nodes = subnet('vnet-spoke', 'snet-nodes', '10.1.0.0/22');
    const inventory = inventoryOf(vnet('vnet-spoke', ['10.1.0.0/16']), nodes);
    expect(internetRouteVerdict(inventory, nodes).status).toBe('bypass');
    inventory.unavailable.push({
      what: 'azurerm_virtual_network.spoke.subnet[0].route_table_id',
      resourceId: nodes.id.toUpperCase(),
      cause: 'it is known only after apply',
    });
    expect(internetRouteVerdict(inventory, nodes)).toEqual({
      subnetId: nodes.id,
      status: 'unknown',
      segments: [],
      reason:
        "the subnet's own settings could not be read: azurerm_virtual_network.spoke.subnet[0].route_table_id: it is known only after apply",
    });
  });
});

// The AKS docs add `<firewall public IP>/32 → Internet` beside the default route for DNAT replies
// (https://learn.microsoft.com/azure/aks/limit-egress-traffic, "Create a route with a hop to Azure Firewall").
// That /32 is traffic to the firewall itself: it must not make a default route to the Internet look partial.
describe("the firewall's own public IP beside the default route", () => {
  function verdictWith(defaultHop: [string, string?]) {
    const nodes = subnet('vnet-hub', 'snet-nodes', '10.0.4.0/22', { routeTable: 'rt' });
    const inventory = inventoryOf(
      vnet('vnet-hub', ['10.0.0.0/16']),
      nodes,
      routeTable(
        'rt',
        [
          ['0.0.0.0/0', ...defaultHop],
          ['20.115.40.10/32', 'Internet'],
        ],
        [nodes.id],
      ),
      firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', publicIps: ['pip-afw'] }),
      publicIp('pip-afw', '20.115.40.10'),
    );
    return internetRouteVerdict(inventory, nodes);
  }

  it('with the default route to the firewall, every public destination goes to it', () => {
    expect(verdictWith(['VirtualAppliance', '10.0.1.4']).status).toBe('via-firewall');
  });

  it('with the default route to the Internet, the subnet bypasses the firewall (not "partial")', () => {
    const verdict = verdictWith(['Internet']);
    expect(verdict.status).toBe('bypass');
    expect(verdict.segments.find((s) => s.firewallOwnAddress)?.destinations).toEqual(['20.115.40.10']);
  });
});
