import { firewall, ids, inventoryOf, routeTable, subnet, vnet } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { VirtualNetworkPeering } from '../model/inventory.ts';
import { internetRouteVerdict } from './routes.ts';

// A spoke subnet whose default route points at the hub firewall's private IP; only the peering varies.
function spokeVerdict(peering: Partial<VirtualNetworkPeering> | undefined) {
  const nodes = subnet('vnet-spoke', 'snet-nodes', '10.1.0.0/22', { routeTable: 'rt-spoke' });
  const spoke = vnet('vnet-spoke', ['10.1.0.0/16'], { peeredWith: peering ? ['vnet-hub'] : [] });
  spoke.peerings = spoke.peerings.map((p) => ({ ...p, ...peering }));
  const inventory = inventoryOf(
    vnet('vnet-hub', ['10.0.0.0/16'], { peeredWith: ['vnet-spoke'] }),
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
      { name: 'no peering', peering: undefined, status: 'unknown', note: 'is not peered' },
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
