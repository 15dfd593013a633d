import { createAnalysis } from '@aro-aks-audit/auditor';
import {
  checkTester,
  cluster,
  hubAndSpoke,
  hubRouteTable,
  ids,
  inventoryOf,
  policy,
  routingIntent,
  securedHubSpoke,
  TEST_NOW,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import check from './outbound-type-mismatch.ts';

const topology = (outboundType: string, routes?: [string, string, string?][]) => {
  const t = hubAndSpoke(routes ? { routes } : {});
  return inventoryOf(
    ...t.items.map((i) =>
      i.type.endsWith('managedClusters') ? { ...(i as ReturnType<typeof cluster>), outboundType } : i,
    ),
    policy(t.policyName),
  );
};

/**
 * An AKS cluster on the node subnet of securedHubSpoke, whose hub's Internet policy (unless `intent` is
 * false) sends 0.0.0.0/0 to its firewall (how-to-routing-policies.md); the subnet's routes, if any, given.
 */
const vwanSpoke = (outboundType: string, routes?: [string, string, string?][], intent = true) => {
  const { inventory, nodes } = securedHubSpoke(
    { connection: { enableInternetSecurity: true }, ...(routes && { routes }) },
    ...(intent ? [routingIntent('vhub', [['InternetTraffic', ['Internet'], ids.firewall('afw-hub')]])] : []),
  );
  inventory.clusters.push(
    cluster('aks', 'aks-spoke', {
      egressSubnetIds: [nodes.id],
      outboundType,
      nodePools: [{ name: 'system', subnetId: nodes.id, enableNodePublicIp: false }],
    }),
  );
  return inventory;
};

checkTester.run(check, {
  pass: [
    {
      name: 'userDefinedRouting with 0.0.0.0/0 to the firewall',
      inventory: topology('userDefinedRouting'),
      expect: [{ messageId: 'consistent', data: { path: 'via-firewall' } }],
    },
    {
      name: 'userDefinedRouting in a Virtual WAN spoke whose route table sends 0.0.0.0/0 to the hub firewall',
      inventory: vwanSpoke('userDefinedRouting', [['0.0.0.0/0', 'VirtualAppliance', '10.100.0.132']], false),
      expect: [{ messageId: 'consistent', data: { path: 'via-firewall', firewall: 'afw-hub' } }],
    },
    {
      // MicrosoftDocs/azure-docs articles/openshift/howto-restrict-egress.md (ms.date 09/07/2023): `az aro create`
      // without --outbound-type, then a route table 0.0.0.0/0 → the firewall on the master and worker subnets.
      name: "ARO with the default Loadbalancer type behind the firewall, as Microsoft's ARO egress document sets it up",
      inventory: (() => {
        const t = hubAndSpoke();
        return inventoryOf(
          ...t.items.map((i) =>
            i.type.endsWith('managedClusters')
              ? cluster('aro', 'aro-1', { egressSubnetIds: [t.nodes.id], outboundType: 'Loadbalancer' })
              : i,
          ),
          policy(t.policyName),
        );
      })(),
      expect: [{ messageId: 'aroLoadBalancerBehindFirewall', data: { firewall: 'afw-test' } }],
    },
    {
      name: 'loadBalancer with the system Internet route (the bypass itself is another check)',
      inventory: topology('loadBalancer', [['0.0.0.0/0', 'Internet']]),
      expect: [{ messageId: 'consistent' }],
    },
  ],
  fail: [
    {
      name: 'userDefinedRouting whose default route goes to the Internet',
      inventory: topology('userDefinedRouting', [['0.0.0.0/0', 'Internet']]),
      expect: [{ messageId: 'udrWithoutFirewall' }],
    },
    {
      // AKS documents and validates a route table with 0.0.0.0/0 to an NVA or gateway for this outbound
      // type; the default route a Virtual WAN hub advertises is not in a route table.
      name: 'userDefinedRouting in a Virtual WAN spoke that reaches the hub firewall by routing intent alone',
      inventory: vwanSpoke('userDefinedRouting'),
      expect: [
        {
          messageId: 'udrWithoutDefaultRoute',
          data: { subnets: 'vnet-spoke/snet-nodes', have: 'has', egress: 'it reaches firewall afw-hub' },
        },
      ],
    },
    {
      name: 'userDefinedRouting whose route table has only 0.0.0.0/1 and 128.0.0.0/1 to the firewall',
      inventory: topology('userDefinedRouting', [
        ['0.0.0.0/1', 'VirtualAppliance', '10.0.1.4'],
        ['128.0.0.0/1', 'VirtualAppliance', '10.0.1.4'],
      ]),
      expect: [{ messageId: 'udrWithoutDefaultRoute', data: { egress: 'it reaches firewall afw-test' } }],
    },
    {
      name: 'loadBalancer in a Virtual WAN spoke that learns 0.0.0.0/0 to the hub firewall',
      inventory: vwanSpoke('loadBalancer'),
      expect: [{ messageId: 'loadBalancerBehindFirewall', data: { firewall: 'afw-hub' } }],
    },
    {
      name: 'loadBalancer behind a 0.0.0.0/0 route to the firewall',
      inventory: topology('loadBalancer'),
      expect: [{ messageId: 'loadBalancerBehindFirewall', data: { firewall: 'afw-test' } }],
    },
    {
      name: 'a managed NAT gateway behind a 0.0.0.0/0 route to the firewall',
      inventory: topology('managedNATGateway'),
      expect: [{ messageId: 'natGatewayBehindFirewall' }],
    },
  ],
  unknown: [
    {
      name: 'the next hop is an appliance that is not a known firewall',
      inventory: topology('userDefinedRouting', [['0.0.0.0/0', 'VirtualAppliance', '10.9.9.9']]),
      expect: [{ messageId: 'pathUnknown' }],
    },
  ],
  skip: [
    {
      name: 'an Arc cluster',
      inventory: inventoryOf(cluster('arc', 'arc-1', { declaredEgressCidrs: ['10.60.0.0/24'] })),
      expect: [{ messageId: 'notApplicable', data: { why: 'it runs outside Azure' } }],
    },
  ],
});

describe('outbound-type-mismatch remediation in a Virtual WAN spoke', () => {
  const run = (inventory: ReturnType<typeof vwanSpoke>) => [
    ...check.run({ inventory, analysis: createAnalysis(inventory), settings: {}, now: TEST_NOW }),
  ];
  it('with routing intent: says what AKS validates and what routing intent gives, no command', () => {
    const [finding] = run(vwanSpoke('userDefinedRouting'));
    expect(finding?.remediation?.cli).toBeUndefined();
    expect(finding?.remediation?.text).toContain(
      'the routing intent of virtual hub vhub gives vnet-spoke/snet-nodes its default route from the hub instead',
    );
  });
  it('without routing intent, reaching the hub firewall through a hub route table: the route table AKS expects', () => {
    const inventory = vwanSpoke('userDefinedRouting', undefined, false);
    inventory.hubRouteTables.push(
      hubRouteTable('vhub', 'defaultRouteTable', [['internet_traffic', ['0.0.0.0/0'], ids.firewall('afw-hub')]]),
    );
    const [finding] = run(inventory);
    expect(finding?.messageId).toBe('udrWithoutDefaultRoute');
    expect(finding?.remediation?.cli?.split('\n')).toEqual([
      'az network route-table create --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --name rt-aks-spoke --location eastus',
      'az network route-table route create --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --route-table-name rt-aks-spoke --name default-to-firewall --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address 10.100.0.132',
      `az network vnet subnet update --ids ${ids.subnet('vnet-spoke', 'snet-nodes')} --route-table rt-aks-spoke`,
    ]);
  });
});
