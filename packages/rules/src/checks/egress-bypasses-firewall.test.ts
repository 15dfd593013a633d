import { createAnalysis } from '@aro-aks-audit/auditor';
import {
  checkTester,
  cluster,
  hubAndSpoke,
  ids,
  inventoryOf,
  policy,
  publicIp,
  routingIntent,
  securedHubSpoke,
  TEST_NOW,
  TEST_SUBSCRIPTION,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import check from './egress-bypasses-firewall.ts';

const topology = (routes?: [string, string, string?][]) => {
  const t = hubAndSpoke(routes ? { routes } : {});
  return inventoryOf(...t.items, policy(t.policyName));
};
const subnet = ids.subnet('vnet-spoke', 'snet-nodes').toLowerCase();

checkTester.run(check, {
  pass: [
    {
      name: '0.0.0.0/0 → VirtualAppliance at the firewall private IP, in a peered spoke',
      inventory: topology(),
      expect: [{ messageId: 'viaFirewall', subject: subnet, data: { firewall: 'afw-test' } }],
    },
    {
      name: '0.0.0.0/1 and 128.0.0.0/1 to the firewall override an Internet default route',
      inventory: topology([
        ['0.0.0.0/0', 'Internet'],
        ['0.0.0.0/1', 'VirtualAppliance', '10.0.1.4'],
        ['128.0.0.0/1', 'VirtualAppliance', '10.0.1.4'],
      ]),
      expect: [{ messageId: 'viaFirewall' }],
    },
    {
      name: "the AKS docs' route for DNAT, firewall public IP /32 → Internet, still ends at the firewall",
      inventory: (() => {
        const inv = topology([
          ['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4'],
          ['20.1.2.3/32', 'Internet'],
        ]);
        inv.publicIps.push(publicIp('pip-1', '20.1.2.3'));
        return inv;
      })(),
      expect: [{ messageId: 'viaFirewall' }],
    },
    {
      name: 'an unreadable route to a private prefix does not touch Internet-bound traffic',
      inventory: (() => {
        const inv = topology([
          ['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4'],
          ['10.50.0.0/16', ''],
        ]);
        for (const table of inv.routeTables) {
          for (const route of table.routes) if (route.nextHopType === '') route.unreadable = 'nextHopType is missing';
        }
        return inv;
      })(),
      expect: [{ messageId: 'viaFirewall' }],
    },
    // Issue 15 item 5: "Traffic routed to the None next hop type is dropped, rather than routed outside the subnet"
    // (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview): an outage, not a bypass.
    {
      name: 'a blackhole default route (0.0.0.0/0 → None) bypasses nothing',
      inventory: topology([['0.0.0.0/0', 'None']]),
      expect: [
        {
          messageId: 'dropped',
          data: { reason: 'Internet-bound traffic is dropped by route-1 (0.0.0.0/0 → None)' },
        },
      ],
    },
    {
      name: 'a None route for some public ranges beside the default route to the firewall bypasses nothing',
      inventory: topology([
        ['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4'],
        ['203.0.113.0/24', 'None'],
      ]),
      expect: [{ messageId: 'viaFirewall' }],
    },
  ],
  fail: [
    {
      name: 'the default route goes to the Internet',
      inventory: topology([['0.0.0.0/0', 'Internet']]),
      expect: [{ messageId: 'bypass' }],
    },
    {
      name: 'a more specific route sends 20.0.0.0/8 around the firewall',
      inventory: topology([
        ['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4'],
        ['20.0.0.0/8', 'Internet'],
      ]),
      expect: [{ messageId: 'partialBypass' }],
    },
    {
      name: 'the subnet has no route table: the system default route goes to the Internet',
      inventory: (() => {
        const inv = topology();
        for (const s of inv.subnets) delete s.routeTableId;
        return inv;
      })(),
      expect: [{ messageId: 'bypass' }],
    },
  ],
  unknown: [
    {
      name: 'the next hop is an appliance that is not a known firewall',
      inventory: topology([['0.0.0.0/0', 'VirtualAppliance', '10.9.9.9']]),
      expect: [{ messageId: 'routeUnknown' }],
    },
    {
      name: 'the route table the subnet names is not in the input',
      inventory: (() => {
        const inv = topology();
        inv.routeTables = [];
        return inv;
      })(),
      expect: [{ messageId: 'routeUnknown' }],
    },
    {
      name: 'a route of the table could not be read (no next hop): it may be the one to the firewall',
      inventory: (() => {
        const inv = topology([['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4']]);
        for (const table of inv.routeTables) {
          table.routes = table.routes.map((r) => ({ ...r, nextHopType: '', unreadable: 'nextHopType is missing' }));
        }
        return inv;
      })(),
      expect: [{ messageId: 'routeUnknown' }],
    },
  ],
  skip: [
    {
      name: 'an Arc cluster runs outside Azure',
      inventory: inventoryOf(cluster('arc', 'arc-1', { declaredEgressCidrs: ['10.60.0.0/24'] })),
      expect: [{ messageId: 'outsideAzure' }],
    },
  ],
});

describe('egress-bypasses-firewall in a Virtual WAN spoke', () => {
  // how-to-routing-policies.md: "Connections where this setting is set to 'false' won't learn the
  // 0.0.0.0/0 route, even if Internet Routing Policies are configured."
  const { inventory, nodes } = securedHubSpoke(
    { connection: { enableInternetSecurity: false } },
    routingIntent('vhub', [['InternetTraffic', ['Internet'], ids.firewall('afw-hub')]]),
  );
  inventory.clusters.push(cluster('aks', 'aks-spoke', { egressSubnetIds: [nodes.id], outboundType: 'loadBalancer' }));
  it('fails and is fixed through the hub connection, not with a route to the hub firewall', () => {
    const [finding] = [...check.run({ inventory, analysis: createAnalysis(inventory), settings: {}, now: TEST_NOW })];
    expect(finding?.status).toBe('fail');
    expect(finding?.data?.reason).toContain(
      "hub connection conn-spoke has enableInternetSecurity false, so it does not learn virtual hub vhub's default route",
    );
    expect(finding?.remediation?.cli).toBe(
      `az network vhub connection update --subscription ${TEST_SUBSCRIPTION} --resource-group rg-test --vhub-name vhub --name conn-spoke --set enableInternetSecurity=true`,
    );
  });
});
