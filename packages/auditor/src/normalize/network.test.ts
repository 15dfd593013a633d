import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectFiles } from '../collect/files.ts';
import { type Inventory, idKey, type Subnet } from '../model/inventory.ts';
import type { RawResource } from '../model/raw.ts';
import {
  FIXTURES_RELATIVE,
  FW_IPCONF,
  FW_MGMT_SUBNET,
  FW_SUBNET,
  HUB,
  IPG,
  NATGW,
  NET,
  NSG,
  PIP_FW,
  PIP_NAT,
  PREFIX,
  RT,
  RT_UNUSED,
  SNET_AKS,
  SNET_ARO_MASTER,
  SNET_ARO_WORKER,
  SNET_GPU,
  SNET_PODS,
  SPOKE,
} from './fixtures.test-support.ts';
import { normalizeResources } from './index.ts';
import { prefixLengthOf, virtualNetworkIdOfSubnet } from './network.ts';

const fixtures = path.resolve(import.meta.dirname, FIXTURES_RELATIVE);

describe.each(['rest', 'cli', 'sdk'])('networking (%s shape)', (shape) => {
  let inventory: Inventory;
  const subnet = (id: string): Subnet => {
    const found = inventory.subnets.find((s) => idKey(s.id) === idKey(id));
    if (!found) throw new Error(`no subnet ${id}`);
    return found;
  };
  beforeAll(async () => {
    const result = normalizeResources((await collectFiles(path.join(fixtures, shape))).resources);
    expect(result.errors).toEqual([]);
    inventory = result.inventory;
  });

  it('reads virtual networks: address space, DNS servers, peerings, subnets', () => {
    expect(inventory.virtualNetworks.map((v) => v.id)).toEqual([HUB, SPOKE]);
    const [hub, spoke] = inventory.virtualNetworks;
    expect(hub).toMatchObject({
      name: 'vnet-hub',
      location: 'westeurope',
      tags: { env: 'prod' },
      addressPrefixes: ['10.0.0.0/16'],
      dnsServers: ['10.0.1.4'],
      subnetIds: [FW_MGMT_SUBNET, FW_SUBNET],
      peerings: [
        {
          name: 'hub-to-spoke',
          remoteVirtualNetworkId: SPOKE,
          peeringState: 'Connected',
          allowForwardedTraffic: true,
          useRemoteGateways: false,
        },
      ],
    });
    expect(spoke?.addressPrefixes).toEqual(['10.1.0.0/16', '10.2.0.0/16']);
    expect(spoke?.dnsServers).toEqual([]);
    expect(spoke?.subnetIds).toEqual([SNET_AKS, SNET_ARO_MASTER, SNET_ARO_WORKER, SNET_GPU, SNET_PODS]);
    expect(spoke?.peerings[0]).toEqual({
      name: 'spoke-to-hub',
      remoteVirtualNetworkId: HUB,
      peeringState: 'Connected',
      allowForwardedTraffic: false,
      useRemoteGateways: false,
    });
  });

  it('makes each embedded subnet a Subnet, with its virtual network and its position in the file', () => {
    expect(inventory.subnets).toHaveLength(7);
    const master = subnet(SNET_ARO_MASTER);
    expect(master).toMatchObject({
      name: 'snet-aro-master',
      type: 'Microsoft.Network/virtualNetworks/subnets',
      virtualNetworkId: SPOKE,
      addressPrefixes: ['10.1.8.0/24'],
      routeTableId: RT,
      tags: {},
    });
    const pointer = { rest: '/value/0/properties/subnets/1', sdk: '/value/0/subnets/1', cli: '/0/subnets/1' }[shape];
    expect(master.origin).toEqual({ file: 'network/vnets.json', pointer });
    expect(subnet(SNET_PODS)).toMatchObject({ addressPrefixes: ['10.1.16.0/20'], defaultOutboundAccess: false });
    expect(subnet(FW_SUBNET)).toMatchObject({ addressPrefixes: ['10.0.1.0/26'], natGatewayId: NATGW });
    expect(subnet(FW_SUBNET).routeTableId).toBeUndefined();
  });

  it('merges a standalone subnet with the embedded one (ids compare case-insensitively)', () => {
    const aks = subnet(SNET_AKS);
    expect(inventory.subnets.filter((s) => idKey(s.id) === idKey(SNET_AKS))).toHaveLength(1);
    expect(aks).toMatchObject({
      addressPrefixes: ['10.1.0.0/22'],
      routeTableId: RT,
      networkSecurityGroupId: NSG,
      // only the standalone subnet says this
      defaultOutboundAccess: false,
    });
    expect(aks.origin.file).toBe('network/subnet-aks.json');
    expect(idKey(aks.virtualNetworkId)).toBe(idKey(SPOKE));
  });

  it('reads route tables, and makes the route table ↔ subnet association consistent from either side', () => {
    expect(inventory.routeTables.map((t) => t.id)).toEqual([RT, RT_UNUSED]);
    const [rt, unused] = inventory.routeTables;
    expect(rt?.routes).toEqual([
      {
        name: 'default-to-fw',
        addressPrefix: '0.0.0.0/0',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: '10.0.1.4',
      },
      { name: 'mcr-direct', addressPrefix: 'MicrosoftContainerRegistry', nextHopType: 'Internet' },
      { name: 'blackhole', addressPrefix: '192.0.2.0/24', nextHopType: 'None' },
    ]);
    expect(rt?.disableBgpRoutePropagation).toBe(true);
    expect(rt?.tags).toEqual({ owner: 'net' });
    // master and gpu name the table but are not in its list; worker is in the list but names no table.
    expect(rt?.subnetIds).toEqual([SNET_AKS, SNET_ARO_MASTER, SNET_ARO_WORKER, SNET_GPU, SNET_PODS]);
    expect(subnet(SNET_ARO_WORKER).routeTableId).toBe(RT);
    expect(unused).toMatchObject({ routes: [], subnetIds: [], disableBgpRoutePropagation: false });
  });

  it('reads public IPs and prefixes, and links them with the NAT gateway from either side', () => {
    const pip = inventory.publicIps.find((p) => p.id === PIP_FW);
    expect(pip).toMatchObject({
      name: 'pip-fw-1',
      ipAddress: '20.50.0.10',
      skuName: 'Standard',
      allocationMethod: 'Static',
      ipVersion: 'IPv4',
      attachedToId: FW_IPCONF,
    });
    expect(pip?.natGatewayId).toBeUndefined();
    expect(inventory.publicIps.find((p) => p.id === PIP_NAT)).toMatchObject({
      ipAddress: '20.50.0.20',
      prefixId: PREFIX,
      natGatewayId: NATGW,
    });
    // The prefix names no NAT gateway; the NAT gateway lists it. Its length comes from ipPrefix.
    expect(inventory.publicIpPrefixes).toEqual([
      expect.objectContaining({ id: PREFIX, ipPrefix: '20.60.0.0/30', prefixLength: 30, natGatewayId: NATGW }),
    ]);
    expect(inventory.natGateways).toEqual([
      expect.objectContaining({
        id: NATGW,
        publicIpAddressIds: [PIP_NAT],
        publicIpPrefixIds: [PREFIX],
        subnetIds: [FW_SUBNET],
        idleTimeoutInMinutes: 4,
      }),
    ]);
  });

  it('reads IP groups', () => {
    expect(inventory.ipGroups).toEqual([
      expect.objectContaining({ id: IPG, name: 'ipg-aks', ipAddresses: ['10.1.0.0/22', '10.1.16.0/20'] }),
    ]);
  });
});

describe('associations that disagree', () => {
  const rt = (name: string, subnets: string[]): RawResource => ({
    body: {
      id: `${NET}/routeTables/${name}`,
      type: 'Microsoft.Network/routeTables',
      properties: { routes: [], subnets: subnets.map((id) => ({ id })) },
    },
    origin: { file: `${name}.json` },
  });
  const vnet = (subnets: unknown[]): RawResource => ({
    body: { id: `${NET}/virtualNetworks/v`, type: 'Microsoft.Network/virtualNetworks', properties: { subnets } },
    origin: { file: 'v.json' },
  });
  const s1 = `${NET}/virtualNetworks/v/subnets/s1`;

  it("keeps the subnet's own route table and notes the table that lists it too", () => {
    const { inventory } = normalizeResources([
      vnet([
        {
          id: s1,
          name: 's1',
          properties: { addressPrefix: '10.0.0.0/24', routeTable: { id: `${NET}/routeTables/a` } },
        },
      ]),
      rt('a', []),
      rt('b', [s1]),
    ]);
    expect(inventory.subnets[0]?.routeTableId).toBe(`${NET}/routeTables/a`);
    expect(inventory.routeTables.map((t) => [t.name, t.subnetIds])).toEqual([
      ['a', [s1]],
      ['b', []],
    ]);
    expect(inventory.notes).toEqual([
      expect.objectContaining({
        kind: 'warning',
        resourceId: `${NET}/routeTables/b`,
        message: expect.stringMatching(/lists subnet/),
      }),
    ]);
  });

  it('gives a subnet that names no table the first table (by id) that lists it', () => {
    const { inventory } = normalizeResources([
      vnet([{ id: s1, name: 's1', properties: { addressPrefix: '10.0.0.0/24' } }]),
      rt('z', [s1]),
      rt('m', [s1]),
    ]);
    expect(inventory.subnets[0]?.routeTableId).toBe(`${NET}/routeTables/m`);
    expect(inventory.routeTables.map((t) => [t.name, t.subnetIds.length])).toEqual([
      ['m', 1],
      ['z', 0],
    ]);
  });

  it('fills what a standalone subnet lacks from the embedded copy', () => {
    const { inventory } = normalizeResources([
      vnet([
        {
          id: s1,
          name: 's1',
          properties: { addressPrefix: '10.0.0.0/24', routeTable: { id: `${NET}/routeTables/a` } },
        },
      ]),
      {
        body: {
          id: s1,
          type: 'Microsoft.Network/virtualNetworks/subnets',
          properties: { defaultOutboundAccess: false },
        },
        origin: { file: 's1.json' },
      },
    ]);
    expect(inventory.subnets).toEqual([
      expect.objectContaining({
        id: s1,
        addressPrefixes: ['10.0.0.0/24'],
        routeTableId: `${NET}/routeTables/a`,
        defaultOutboundAccess: false,
        origin: { file: 's1.json' },
      }),
    ]);
  });

  it('names an embedded subnet without id from its virtual network and name', () => {
    const { inventory, errors } = normalizeResources([vnet([{ name: 'anon', addressPrefix: '10.0.9.0/24' }, {}])]);
    expect(inventory.subnets.map((s) => s.id)).toEqual([`${NET}/virtualNetworks/v/subnets/anon`]);
    expect(errors.map((e) => e.message)).toEqual([
      `${NET}/virtualNetworks/v: properties.subnets[1].id is missing (an embedded subnet without id or name is skipped)`,
    ]);
  });
});

describe('helpers', () => {
  it('prefixLengthOf', () => {
    expect(prefixLengthOf('20.60.0.0/30')).toBe(30);
    expect(prefixLengthOf('2001:db8::/124')).toBe(124);
    expect(prefixLengthOf('20.60.0.0')).toBeUndefined();
  });

  it('virtualNetworkIdOfSubnet', () => {
    expect(virtualNetworkIdOfSubnet(SNET_AKS)).toBe(SPOKE);
    expect(virtualNetworkIdOfSubnet(`${SNET_AKS}/`)).toBe(SPOKE);
    expect(virtualNetworkIdOfSubnet(`${NET}/routeTables/x`)).toBeUndefined();
  });
});
