import { cluster, hubAndSpoke, ids, inventoryOf, subnet } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { classifierFor, sourceGroupsOf, subnetGroupName } from './sources.ts';

describe('sourceGroupsOf', () => {
  it('names each cluster by its egress CIDRs and every other subnet by vnet/subnet', () => {
    const { items } = hubAndSpoke({ clusterName: 'aks-prod' });
    const arc = cluster('arc', 'arc-edge', { declaredEgressCidrs: ['192.168.10.0/24', '192.168.10.0/24'] });
    const groups = sourceGroupsOf(inventoryOf(...items, arc, subnet('vnet-spoke', 'snet-jump', '10.1.8.0/24')));
    expect(groups).toEqual([
      { group: 'aks-prod', kind: 'cluster', id: ids.aks('aks-prod'), cidrs: ['10.1.0.0/22'] },
      { group: 'arc-edge', kind: 'cluster', id: ids.arc('arc-edge'), cidrs: ['192.168.10.0/24'] },
      {
        group: 'subnet:vnet-hub/AzureFirewallSubnet',
        kind: 'subnet',
        id: ids.subnet('vnet-hub', 'AzureFirewallSubnet'),
        cidrs: ['10.0.1.0/26'],
      },
      {
        group: 'subnet:vnet-spoke/snet-jump',
        kind: 'subnet',
        id: ids.subnet('vnet-spoke', 'snet-jump'),
        cidrs: ['10.1.8.0/24'],
      },
    ]);
  });

  it('names clusters that share a name by their ARM ids, so their traffic is never merged', () => {
    const a = cluster('aks', 'aks-dup', { declaredEgressCidrs: ['10.5.0.0/24'] });
    const b = { ...cluster('aks', 'aks-dup', { declaredEgressCidrs: ['10.6.0.0/24'] }), id: `${ids.aks('aks-dup')}-2` };
    expect(sourceGroupsOf(inventoryOf(a, b)).map((g) => g.group)).toEqual([a.id, b.id]);
  });

  it('writes subnet groups from the ARM id', () => {
    expect(subnetGroupName(ids.subnet('vnet-a', 'snet-b'))).toBe('subnet:vnet-a/snet-b');
    expect(subnetGroupName('not-an-id')).toBe('subnet:not-an-id');
  });
});

describe('classifierFor', () => {
  const classify = classifierFor([
    { group: 'hub', kind: 'subnet', id: 'h', cidrs: ['10.0.0.0/16'] },
    { group: 'aks-a', kind: 'cluster', id: 'a', cidrs: ['10.0.4.0/24', 'fd00:1::/64', 'not-a-cidr'] },
    { group: 'subnet-same-as-a', kind: 'subnet', id: 's', cidrs: ['10.0.4.0/24'] },
    { group: 'single', kind: 'subnet', id: 'x', cidrs: ['10.0.9.9'] },
  ]);
  it.each<[string, string | undefined, string]>([
    ['10.0.4.17', 'aks-a', 'the longest prefix wins over the hub /16'],
    ['10.0.5.1', 'hub', 'only the hub holds it'],
    ['10.0.9.9', 'single', 'a bare address is a /32'],
    ['fd00:1::5', 'aks-a', 'IPv6 prefixes classify IPv6 sources'],
    ['::ffff:10.0.4.3', 'aks-a', 'IPv4-mapped IPv6 is the IPv4 address'],
    ['172.16.0.1', undefined, 'no group holds it'],
    ['not-an-ip', undefined, 'an unparseable source is unclassified'],
  ])('%s → %s (%s)', (ip, expected) => {
    expect(classify(ip)).toBe(expected);
  });

  it('finds the most specific of thousands of CIDRs', () => {
    const many = classifierFor([
      { group: 'hub', kind: 'subnet', id: 'h', cidrs: ['10.0.0.0/8'] },
      ...Array.from({ length: 4000 }, (_, i) => ({
        group: `aks-${i}`,
        kind: 'cluster' as const,
        id: `c${i}`,
        cidrs: [`10.${i >> 8}.${i & 255}.0/24`],
      })),
      { group: 'pod', kind: 'subnet', id: 'p', cidrs: ['10.15.159.128/25'] },
    ]);
    expect(many('10.15.159.200')).toBe('pod');
    expect(many('10.15.159.7')).toBe('aks-3999');
    expect(many('10.0.0.1')).toBe('aks-0');
    expect(many('10.200.0.1')).toBe('hub');
    expect(many('11.0.0.1')).toBeUndefined();
  });

  // A /24 block as a number: what a reader caches its answers by.
  const block = (prefix: string) => prefix.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  it.each<[string, string | undefined | null, string]>([
    ['10.0.4', 'aks-a', 'a /24 group holds every address of it'],
    ['10.0.5', 'hub', 'the /16 holds every address of it'],
    ['10.0.9', null, 'a /32 splits it: 10.0.9.9 is another group than its neighbours'],
    ['172.16.0', undefined, 'no group holds any address of it'],
  ])('block %s → %s (%s)', (prefix, expected) => {
    expect(classify.ipv4Block?.(block(prefix))).toBe(expected);
  });
});
