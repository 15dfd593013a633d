import { createAnalysis, type Firewall, type MetricSummary, type NatGateway } from '@aro-aks-audit/auditor';
import {
  checkTester,
  cluster,
  firewall,
  hubAndSpoke,
  hubFirewall,
  ids,
  inventoryOf,
  policy,
  subnet,
  TEST_NOW,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import check from './snat-exhaustion-risk.ts';

const ipNames = (n: number) => Array.from({ length: n }, (_, i) => `pip-${i + 1}`);
const fwWith = (n: number) => firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', publicIps: ipNames(n) });
/** SNATPortUtilization as Azure Monitor measured it over a week (normalize/metrics.ts reads it). */
const measured = (fw: Firewall, metric: Partial<MetricSummary>): Firewall => ({
  ...fw,
  snatPortUtilization: {
    from: '2026-11-16T00:00:00Z',
    to: '2026-11-22T23:00:00Z',
    points: 168,
    origin: { file: 'metrics/afw.json', pointer: '/value/0' },
    ...metric,
  },
});

/** A secured-hub firewall: its public IPs are hubIPAddresses.publicIPs (count and addresses), as AzureFirewallPutInHub shows. */
const inHub = (count: number | undefined, addresses: string[]) =>
  hubFirewall('afw-hub', {
    hub: 'vhub',
    privateIp: '10.100.0.132',
    publicIps: addresses,
    ...(count !== undefined && { publicIpCount: count }),
  });
const addresses = (n: number) => Array.from({ length: n }, (_, i) => `20.121.41.${i + 1}`);

const natGateway: NatGateway = {
  id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-test/providers/Microsoft.Network/natGateways/ng-fw',
  name: 'ng-fw',
  type: 'Microsoft.Network/natGateways',
  tags: {},
  origin: { file: 'test' },
  publicIpAddressIds: [ids.publicIp('ng-pip-1'), ids.publicIp('ng-pip-2')],
  publicIpPrefixIds: [],
  subnetIds: [],
};

checkTester.run(check, {
  pass: [
    {
      name: 'a secured-hub firewall with a public IP count of 20',
      inventory: inventoryOf(inHub(20, addresses(20))),
      expect: [{ messageId: 'enoughIps', data: { ips: 20, ports: 99840 } }],
    },
    {
      name: '20 frontend public IPs, as the AKS docs recommend (no metric read)',
      inventory: inventoryOf(fwWith(20)),
      expect: [{ messageId: 'enoughIps', data: { ips: 20, ports: 99840, utilizationMax: undefined } }],
    },
    {
      name: '20 frontend public IPs and a measured utilization well below the alert threshold',
      inventory: inventoryOf(measured(fwWith(20), { maximum: 35, average: 9.5 })),
      expect: [{ messageId: 'enoughIps', data: { ips: 20, utilizationMax: 35, utilizationAverage: 9.5 } }],
    },
    {
      name: 'a NAT gateway on AzureFirewallSubnet provides 64,512 ports per public IP',
      inventory: (() => {
        const fwSubnet = { ...subnet('vnet-hub', 'AzureFirewallSubnet', '10.0.1.0/26'), natGatewayId: natGateway.id };
        return inventoryOf(fwWith(1), fwSubnet, natGateway);
      })(),
      expect: [{ messageId: 'natGateway', data: { ips: 2, natIps: '2 public IPs', ports: 129024 } }],
    },
    // Issue 15 item 14: the AKS recommendation ("a minimum of 20 frontend IPs",
    // https://learn.microsoft.com/azure/aks/limit-egress-traffic) is for the firewalls AKS egresses through; the ARO
    // egress document gives no count, and Azure Firewall's own asks for "at least five" public IPs once SNAT ports run
    // out (https://learn.microsoft.com/azure/firewall/metrics).
    {
      name: 'an ARO-only firewall with one frontend IP: the AKS count does not apply',
      inventory: (() => {
        const hub = hubAndSpoke();
        const items = hub.items.map((item) =>
          item.type === 'Microsoft.ContainerService/managedClusters'
            ? cluster('aro', 'aro-prod', { egressSubnetIds: [hub.nodes.id] })
            : item,
        );
        return inventoryOf(...items, policy(hub.policyName));
      })(),
      expect: [
        {
          messageId: 'noAksBehind',
          data: { frontends: '1 frontend public IP', clusters: 'ARO cluster aro-prod', ports: 4992 },
        },
      ],
    },
  ],
  fail: [
    {
      name: 'a secured-hub firewall with 2 public IPs',
      inventory: inventoryOf(inHub(2, addresses(2))),
      expect: [{ messageId: 'fewIps', data: { ips: 2, ports: 9984, recommended: 20 } }],
    },
    {
      name: 'a secured-hub firewall whose count is not in the input: its listed addresses count',
      inventory: inventoryOf(inHub(undefined, ['13.73.240.12'])),
      expect: [{ messageId: 'fewIps', data: { ips: 1 } }],
    },
    {
      name: 'a secured-hub firewall with a count of 3 and 2 addresses assigned so far: the count',
      inventory: inventoryOf(inHub(3, addresses(2))),
      expect: [{ messageId: 'fewIps', data: { ips: 3 } }],
    },
    {
      name: 'two frontend public IPs',
      inventory: inventoryOf(fwWith(2)),
      expect: [
        { messageId: 'fewIps', data: { ips: 2, frontends: '2 frontend public IPs', ports: 9984, recommended: 20 } },
      ],
    },
    {
      name: 'one frontend public IP behind an AKS cluster: the AKS recommendation, in the singular',
      inventory: (() => {
        const hub = hubAndSpoke();
        return inventoryOf(...hub.items, policy(hub.policyName));
      })(),
      expect: [{ messageId: 'fewIps', data: { frontends: '1 frontend public IP', ports: 4992 } }],
    },
    {
      name: 'two frontend public IPs with low measured utilization: still short of capacity for bursts, the measurement shown',
      inventory: inventoryOf(measured(fwWith(2), { maximum: 12, average: 3 })),
      expect: [{ messageId: 'fewIps', data: { ips: 2, utilizationMax: 12, utilizationAverage: 3 } }],
    },
    {
      name: 'enough frontend public IPs, but Azure Monitor measured 93% of the SNAT ports in use',
      inventory: inventoryOf(measured(fwWith(20), { maximum: 93, average: 41.2 })),
      expect: [
        {
          messageId: 'highUtilization',
          data: { utilizationMax: 93, utilizationAverage: 41.2, from: '2026-11-16T00:00:00Z', threshold: 80 },
        },
      ],
    },
    {
      name: 'a NAT gateway, and still 80% measured: the threshold itself fails',
      inventory: (() => {
        const fwSubnet = { ...subnet('vnet-hub', 'AzureFirewallSubnet', '10.0.1.0/26'), natGatewayId: natGateway.id };
        return inventoryOf(measured(fwWith(1), { maximum: 80, average: 50 }), fwSubnet, natGateway);
      })(),
      expect: [{ messageId: 'highUtilization', data: { utilizationMax: 80 } }],
    },
    {
      name: 'the metric was read but had no points: decided on the addresses alone',
      inventory: inventoryOf(measured(fwWith(3), { points: 0 })),
      expect: [{ messageId: 'fewIps', data: { ips: 3, utilizationMax: undefined } }],
    },
  ],
  unknown: [
    {
      name: 'a secured-hub firewall whose public IP count is not in the input',
      inventory: inventoryOf({
        ...fwWith(0),
        ipConfigurations: [],
        virtualHubId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualHubs/hub',
      }),
      expect: [{ messageId: 'hubIpsUnknown' }],
    },
  ],
  skip: [
    {
      name: 'forced tunnelling: no frontend public IP, only a management ip configuration',
      inventory: inventoryOf({
        ...fwWith(0),
        ipConfigurations: [{ name: 'ipconfig', privateIpAddress: '10.0.1.4' }],
        managementIpConfiguration: { name: 'mgmt', publicIpAddressId: ids.publicIp('pip-mgmt') },
      }),
      expect: [{ messageId: 'noPublicIp' }],
    },
  ],
});

describe('snat-exhaustion-risk on a secured-hub firewall', () => {
  const run = (fw: Firewall) => {
    const inventory = inventoryOf(fw);
    return [...check.run({ inventory, analysis: createAnalysis(inventory), settings: {}, now: TEST_NOW })];
  };

  it('shows the hub IP count and addresses, and raises the count instead of adding ip configurations', () => {
    const [finding] = run(inHub(2, ['20.121.40.7', '20.121.40.8']));
    expect(finding?.evidence).toEqual([
      {
        kind: 'resource',
        label: 'hubIPAddresses.publicIPs',
        detail: 'count 2; addresses 20.121.40.7, 20.121.40.8',
        resourceId: ids.firewall('afw-hub'),
      },
    ]);
    // A NAT gateway attaches to a subnet; a hub firewall has none of the customer's.
    expect(finding?.remediation).toEqual({
      text: 'Raise the public IP count of secured-hub firewall afw-hub to at least 20 (hubIPAddresses.publicIPs.count; Azure picks one at random per connection, so allow-lists downstream must include them all).',
      cli: 'az network firewall update --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --name afw-hub --public-ip-count 20',
    });
  });

  it('gives the same remedy when the measured utilization fails', () => {
    const [finding] = run({
      ...inHub(20, addresses(20)),
      snatPortUtilization: { maximum: 91, average: 40, points: 24, origin: { source: 'metrics' } },
    });
    expect(finding?.messageId).toBe('highUtilization');
    expect(finding?.remediation?.cli).toBe(
      'az network firewall update --subscription 00000000-0000-0000-0000-000000000001 --resource-group rg-test --name afw-hub --public-ip-count 20',
    );
  });
});
