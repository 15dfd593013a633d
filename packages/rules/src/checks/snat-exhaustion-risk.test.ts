import type { NatGateway } from '@aro-aks-audit/auditor';
import { checkTester, firewall, ids, inventoryOf, subnet } from '@aro-aks-audit/auditor/testing';
import check from './snat-exhaustion-risk.ts';

const ipNames = (n: number) => Array.from({ length: n }, (_, i) => `pip-${i + 1}`);
const fwWith = (n: number) => firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', publicIps: ipNames(n) });

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
      name: '20 frontend public IPs, as the AKS docs recommend',
      inventory: inventoryOf(fwWith(20)),
      expect: [{ messageId: 'enoughIps', data: { ips: 20, ports: 99840 } }],
    },
    {
      name: 'a NAT gateway on AzureFirewallSubnet provides 64,512 ports per public IP',
      inventory: (() => {
        const fwSubnet = { ...subnet('vnet-hub', 'AzureFirewallSubnet', '10.0.1.0/26'), natGatewayId: natGateway.id };
        return inventoryOf(fwWith(1), fwSubnet, natGateway);
      })(),
      expect: [{ messageId: 'natGateway', data: { ips: 2, ports: 129024 } }],
    },
  ],
  fail: [
    {
      name: 'two frontend public IPs',
      inventory: inventoryOf(fwWith(2)),
      expect: [{ messageId: 'fewIps', data: { ips: 2, ports: 9984, recommended: 20 } }],
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
