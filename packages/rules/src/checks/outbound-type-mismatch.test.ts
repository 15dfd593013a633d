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
