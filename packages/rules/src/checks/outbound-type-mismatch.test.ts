import { checkTester, cluster, hubAndSpoke, inventoryOf, policy } from '@aro-aks-audit/testing';
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

checkTester.run(check, {
  pass: [
    {
      name: 'userDefinedRouting with 0.0.0.0/0 to the firewall',
      inventory: topology('userDefinedRouting'),
      expect: [{ messageId: 'consistent', data: { path: 'via-firewall' } }],
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
