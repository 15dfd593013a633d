import { createAnalysis, type Inventory } from '@aro-aks-audit/auditor';
import {
  appRule,
  cluster,
  collection,
  firewall,
  hubAndSpoke,
  hubAndSpokeWithCollections,
  ids,
  inventoryOf,
  policy,
  routingIntent,
  securedHubSpoke,
  subnet,
  TEST_NOW,
  TEST_SUBSCRIPTION,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { httpsEntry } from '../catalog/test-catalog.test-support.ts';
import { planFix } from './plan.ts';
import { fixJsonOf, renderFixScript } from './render.ts';

const catalog = [httpsEntry('aks.test.mcr', 'mcr.microsoft.com')];
const header = {
  generatedAt: '2026-11-22T00:00:00.000Z',
  tool: { name: 'aro-aks-audit', version: 'test' },
  input: 'in',
};

function planOf(inventory: Inventory, name: string) {
  const target = inventory.clusters.find((c) => c.name === name);
  if (!target) throw new Error(`no cluster ${name}`);
  return planFix(target, { inventory, analysis: createAnalysis(inventory), settings: { catalog }, now: TEST_NOW });
}

describe('planFix: what a cluster is missing, and nothing more', () => {
  it('a bypassing subnet without a route table gets a new table, its routes and the association, and UDR', () => {
    // The spoke VNet peers with the hub: its firewall is the one to route to.
    const hub = hubAndSpoke();
    const loose = subnet('vnet-spoke', 'snet-loose', '10.1.8.0/22');
    const inventory = inventoryOf(
      ...hub.items,
      policy(hub.policyName),
      loose,
      cluster('aks', 'aks-loose', { egressSubnetIds: [loose.id], outboundType: 'loadBalancer', location: 'eastus' }),
    );
    const plan = planOf(inventory, 'aks-loose');
    expect(plan.routes.map((r) => [r.table.name, r.table.exists, r.defaultRoute, r.associate, r.nextHop])).toEqual([
      ['rt-snet-loose-to-afw-test', false, { name: 'default-to-firewall', exists: false }, true, '10.0.1.4'],
    ]);
    expect(plan.outboundType).toEqual({ from: 'loadBalancer', supported: true });
    // The firewall's policy allows nothing: the rule the subnet then needs comes with the route.
    expect(plan.missing.map((m) => m.endpointId)).toEqual(['aks.test.mcr']);
    const script = renderFixScript(plan, header);
    expect(
      script.split('\n').filter((l) => l.startsWith('az network route-table') || l.startsWith('az network vnet')),
    ).toEqual([
      'az network route-table create --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --name rt-snet-loose-to-afw-test --location eastus',
      'az network route-table route create --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --route-table-name rt-snet-loose-to-afw-test --name default-to-firewall --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address 10.0.1.4',
      `az network vnet subnet update --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --vnet-name vnet-spoke --name snet-loose --route-table ${ids.routeTable('rt-snet-loose-to-afw-test')}`,
    ]);
  });

  it('a spoke of a secured virtual hub is routed through the hub, never by a route table to its firewall', () => {
    const { inventory, nodes } = securedHubSpoke(
      { connection: { enableInternetSecurity: false } },
      routingIntent('vhub', [['InternetTraffic', ['Internet'], ids.firewall('afw-hub')]]),
    );
    inventory.firewallPolicies.push(policy('afwp-hub'));
    inventory.clusters.push(
      cluster('aks', 'aks-spoke', { egressSubnetIds: [nodes.id], outboundType: 'userDefinedRouting' }),
    );
    const plan = planOf(inventory, 'aks-spoke');
    expect(plan.routes).toEqual([]);
    expect(plan.hubRouting?.commands).toEqual([
      `az network vhub connection update --subscription ${TEST_SUBSCRIPTION} --resource-group rg-test --vhub-name vhub --name conn-spoke --set enableInternetSecurity=true`,
    ]);
    expect(renderFixScript(plan, header)).not.toContain('10.100.0.132');
  });

  it('a cluster whose firewall allows all it needs gets nothing', () => {
    const inventory = hubAndSpokeWithCollections([
      collection('aks', 100, 'Allow', [appRule('mcr', { sources: ['10.1.0.0/22'], fqdns: ['mcr.microsoft.com'] })]),
    ]);
    const plan = planOf(inventory, 'aks-test');
    expect([plan.collections, plan.routes, plan.outboundType, plan.notes]).toEqual([[], [], undefined, []]);
    expect(renderFixScript(plan, header)).toContain('# Nothing to add');
  });

  it('a classic firewall gets a classic collection, created with its first rule', () => {
    const hub = hubAndSpoke();
    const inventory = inventoryOf(
      ...hub.items.map((i) =>
        i.type === 'Microsoft.Network/azureFirewalls'
          ? firewall('afw-test', { privateIp: '10.0.1.4', vnet: 'vnet-hub' })
          : i,
      ),
    );
    const plan = planOf(inventory, 'aks-test');
    const commands = renderFixScript(plan, header)
      .split('\n')
      .filter((l) => l.startsWith('az '));
    expect(commands).toEqual([
      'az network firewall application-rule create --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --firewall-name afw-test --collection-name allow-aks-test-egress --priority 100 --action Allow --name https-443 --source-addresses 10.1.0.0/22 --protocols Https=443 --target-fqdns mcr.microsoft.com',
    ]);
    expect((fixJsonOf(plan, header) as { classicRuleCollections: unknown[] }).classicRuleCollections).toEqual([
      {
        firewall: ids.firewall('afw-test'),
        type: 'application',
        collection: {
          name: 'allow-aks-test-egress',
          properties: {
            priority: 100,
            action: { type: 'Allow' },
            rules: [
              {
                name: 'https-443',
                sourceAddresses: ['10.1.0.0/22'],
                protocols: [{ protocolType: 'Https', port: 443 }],
                targetFqdns: ['mcr.microsoft.com'],
              },
            ],
          },
        },
      },
    ]);
  });
});
