import {
  appRule,
  cluster,
  collection,
  firewall,
  hubAndSpokeWithCollections,
  ids,
  ipGroup,
  publicIp,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { emptyInventory, type Inventory, type NatGateway, type PublicIpPrefix } from '../model/inventory.ts';
import { REFERENCES, unresolvedReferences } from './references.ts';

const PREFIX_ID = ids.publicIp('x').replace('publicIPAddresses/x', 'publicIPPrefixes/ippre-1');
const NAT_ID = ids.publicIp('x').replace('publicIPAddresses/x', 'natGateways/ng-1');

/** The common hub and spoke, with everything each reference of the table names in it. */
function complete(): Inventory {
  const inventory = hubAndSpokeWithCollections(
    [
      collection('egress', 100, 'Allow', [
        appRule('from-ipg', { sourceIpGroups: ['ipg-nodes'], fqdns: ['mcr.microsoft.com'] }),
      ]),
    ],
    ipGroup('ipg-nodes', ['10.1.0.0/22']),
    publicIp('pip-1', '20.1.2.3'),
    cluster('arc', 'arc-edge', {
      declaredEgressCidrs: ['10.60.8.0/24'],
      tags: { 'aro-aks-audit.egress-firewall': 'afw-test' },
    }),
  );
  const prefix: PublicIpPrefix = {
    id: PREFIX_ID,
    name: 'ippre-1',
    type: 'Microsoft.Network/publicIPPrefixes',
    tags: {},
    origin: {},
    ipPrefix: '20.2.0.0/31',
  };
  const nat: NatGateway = {
    id: NAT_ID,
    name: 'ng-1',
    type: 'Microsoft.Network/natGateways',
    tags: {},
    origin: {},
    publicIpAddressIds: [],
    publicIpPrefixIds: [PREFIX_ID],
    subnetIds: [],
  };
  inventory.publicIpPrefixes.push(prefix);
  inventory.natGateways.push(nat);
  const hubFirewallSubnet = inventory.subnets.find((s) => s.name === 'AzureFirewallSubnet');
  if (hubFirewallSubnet) hubFirewallSubnet.natGatewayId = NAT_ID;
  return inventory;
}

/** One case per row of the table: what to take away, and which id is then named as missing. */
const CASES: { field: string; remove: (inventory: Inventory) => void; missing: string; holder: string }[] = [
  {
    field: 'its node pool, pod, master or worker subnets',
    remove: (i) => {
      i.subnets = i.subnets.filter((s) => s.name !== 'snet-nodes');
    },
    missing: ids.subnet('vnet-spoke', 'snet-nodes'),
    holder: 'AKS cluster aks-test',
  },
  {
    field: 'tag aro-aks-audit.egress-firewall',
    remove: (i) => {
      const arc = i.clusters.find((c) => c.kind === 'arc');
      if (arc) arc.tags['aro-aks-audit.egress-firewall'] = 'oops';
    },
    missing: 'oops',
    holder: 'Arc-enabled cluster arc-edge',
  },
  {
    field: 'routeTable',
    remove: (i) => {
      i.routeTables = [];
    },
    missing: ids.routeTable('rt-spoke'),
    holder: 'subnet snet-nodes',
  },
  {
    field: 'natGateway',
    remove: (i) => {
      i.natGateways = [];
    },
    missing: NAT_ID,
    holder: 'subnet AzureFirewallSubnet',
  },
  {
    field: 'its virtual network (the parent of its id)',
    remove: (i) => {
      i.virtualNetworks = i.virtualNetworks.filter((v) => v.name !== 'vnet-spoke');
      for (const v of i.virtualNetworks) v.peerings = [];
    },
    missing: ids.vnet('vnet-spoke'),
    holder: 'subnet snet-nodes',
  },
  {
    field: 'virtualNetworkPeerings[].remoteVirtualNetwork',
    remove: (i) => {
      const peering = i.virtualNetworks.find((v) => v.name === 'vnet-spoke')?.peerings[0];
      if (peering) peering.remoteVirtualNetworkId = ids.vnet('vnet-gone');
    },
    missing: ids.vnet('vnet-gone'),
    holder: 'virtual network vnet-spoke',
  },
  {
    field: 'firewallPolicy',
    remove: (i) => {
      const fw = i.firewalls[0];
      if (fw) fw.policyId = 'oops';
    },
    missing: 'oops',
    holder: 'firewall afw-test',
  },
  {
    field: 'virtualHub',
    remove: (i) => {
      const fw = i.firewalls[0];
      if (fw) fw.virtualHubId = ids.vnet('x').replace('virtualNetworks/x', 'virtualHubs/vhub-gone');
    },
    missing: ids.vnet('x').replace('virtualNetworks/x', 'virtualHubs/vhub-gone'),
    holder: 'firewall afw-test',
  },
  {
    field: 'ipConfigurations[].subnet',
    remove: (i) => {
      i.subnets = i.subnets.filter((s) => s.name !== 'AzureFirewallSubnet');
    },
    missing: ids.subnet('vnet-hub', 'AzureFirewallSubnet'),
    holder: 'firewall afw-test',
  },
  {
    field: 'ipConfigurations[].publicIPAddress',
    remove: (i) => {
      i.publicIps = [];
    },
    missing: ids.publicIp('pip-1'),
    holder: 'firewall afw-test',
  },
  {
    field: 'the IP groups of its classic rules',
    remove: (i) => {
      const classic = firewall('afw-classic', {
        privateIp: '10.0.1.5',
        vnet: 'vnet-hub',
        publicIps: ['pip-1'],
        collections: {
          application: [
            collection('c', 100, 'Allow', [appRule('r', { sourceIpGroups: ['ipg-gone'], fqdns: ['x.example'] })]),
          ],
        },
      });
      i.firewalls.push(classic);
    },
    missing: ids.ipGroup('ipg-gone'),
    holder: 'firewall afw-classic',
  },
  {
    field: 'basePolicy',
    remove: (i) => {
      const p = i.firewallPolicies[0];
      if (p) p.basePolicyId = ids.policy('afwp-parent');
    },
    missing: ids.policy('afwp-parent'),
    holder: 'firewall policy afwp-test',
  },
  {
    field: 'ruleCollectionGroups',
    remove: (i) => {
      i.ruleCollectionGroups = [];
    },
    missing: ids.group('afwp-test', 'rcg'),
    holder: 'firewall policy afwp-test',
  },
  {
    field: 'the sourceIpGroups and destinationIpGroups of its rules',
    remove: (i) => {
      i.ipGroups = [];
    },
    missing: ids.ipGroup('ipg-nodes'),
    holder: 'rule collection group rcg',
  },
  {
    field: 'publicIpPrefixes',
    remove: (i) => {
      i.publicIpPrefixes = [];
    },
    missing: PREFIX_ID,
    holder: 'NAT gateway ng-1',
  },
];

describe('unresolvedReferences', () => {
  it('finds nothing missing in an input that holds everything its references name', () => {
    expect(unresolvedReferences(complete())).toEqual([]);
  });

  it('has a case for every row of the table', () => {
    expect(CASES.map((c) => c.field).sort()).toEqual(REFERENCES.map((r) => r.field).sort());
  });

  it.each(CASES)(
    'names a missing target of $field, with the holder and why it is needed',
    ({ field, remove, missing, holder }) => {
      const inventory = complete();
      remove(inventory);
      const row = REFERENCES.find((r) => r.field === field);
      expect(unresolvedReferences(inventory)).toEqual([
        { resourceId: missing, message: `${holder} names it (${field}), and it is not in the input: ${row?.needs}` },
      ]);
    },
  );

  it('resolves ids case-insensitively, as ARM compares them', () => {
    const inventory = complete();
    const spoke = inventory.subnets.find((s) => s.name === 'snet-nodes');
    if (spoke?.routeTableId) spoke.routeTableId = spoke.routeTableId.toUpperCase();
    expect(unresolvedReferences(inventory)).toEqual([]);
  });

  it('does not name again what the collector already reported, nor what lies under it', () => {
    const inventory = complete();
    inventory.subnets = inventory.subnets.filter((s) => s.name !== 'snet-nodes');
    // A live 404 on the virtual network covers its subnets.
    expect(unresolvedReferences(inventory, [ids.vnet('vnet-spoke').toUpperCase()])).toEqual([]);
  });

  it('says so when the input holds no cluster or no firewall', () => {
    expect(unresolvedReferences(emptyInventory()).map((e) => e.message)).toEqual([
      'the input holds no cluster (AKS, ARO or Arc-enabled Kubernetes): there is no egress to audit; add the clusters (az aks list, az aro list, az connectedk8s list)',
      'the input holds no Azure Firewall: no egress can be judged against a firewall; add the firewalls (az network firewall list)',
    ]);
  });
});
