import { cluster, firewall, hubAndSpoke, ids, inventoryOf, policy, routeTable, subnet } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { createAnalysis } from './egress-paths.ts';

// Issue 15 item 4: a cluster whose node and pod subnets take different ways is judged per way (branch).
describe("a cluster's egress branches", () => {
  function pathWithPods(podRoutes: [string, string, string?][]) {
    const t = hubAndSpoke();
    const pods = subnet('vnet-spoke', 'snet-pods', '10.1.64.0/18', { routeTable: 'rt-pods' });
    const aks = cluster('aks', 'aks-test', { egressSubnetIds: [t.nodes.id, pods.id] });
    const inventory = inventoryOf(
      ...t.items.filter((i) => i.type !== 'Microsoft.ContainerService/managedClusters'),
      aks,
      pods,
      routeTable('rt-pods', podRoutes, [pods.id]),
      firewall('afw-b', { privateIp: '10.0.1.5', vnet: 'vnet-hub', policy: 'afwp-b' }),
      policy(t.policyName),
      policy('afwp-b'),
    );
    return createAnalysis(inventory).egressPathOf(aks);
  }

  it('two firewalls: two via-firewall branches, each with its own sources', () => {
    const path = pathWithPods([['0.0.0.0/0', 'VirtualAppliance', '10.0.1.5']]);
    expect(path.status).toBe('via-firewall');
    expect(path.firewall).toBeUndefined();
    expect(path.firewalls.map((f) => f.name)).toEqual(['afw-b', 'afw-test']);
    expect(path.branches.map((b) => [b.status, b.firewall?.name, b.sourceCidrs])).toEqual([
      ['via-firewall', 'afw-b', ['10.1.64.0/18']],
      ['via-firewall', 'afw-test', ['10.1.0.0/22']],
    ]);
  });

  it('one subnet around the firewall: a via-firewall branch and a bypass branch', () => {
    const path = pathWithPods([['0.0.0.0/0', 'Internet']]);
    expect(path.status).toBe('partial');
    expect(path.branches.map((b) => [b.status, b.subnets.map((s) => s.subnetId)])).toEqual([
      ['via-firewall', [ids.subnet('vnet-spoke', 'snet-nodes')]],
      ['bypass', [ids.subnet('vnet-spoke', 'snet-pods')]],
    ]);
  });

  it('a blackholed subnet is a drop branch, not a bypass', () => {
    const path = pathWithPods([['0.0.0.0/0', 'None']]);
    expect(path.branches.map((b) => b.status)).toEqual(['via-firewall', 'drop']);
  });
});
