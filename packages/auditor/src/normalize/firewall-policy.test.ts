import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectFiles } from '../collect/files.ts';
import type { Inventory, RuleCollectionGroup } from '../model/inventory.ts';
import { policyIdOfGroup } from './firewall-policy.ts';
import {
  FIXTURES_RELATIVE,
  FW,
  FW_VWAN,
  IPG,
  NET,
  POL_BASE,
  POL_CHILD,
  RCG_AKS,
  RCG_BASE,
  RCG_NAT,
} from './fixtures.test-support.ts';
import { normalizeResources } from './index.ts';

const fixtures = path.resolve(import.meta.dirname, FIXTURES_RELATIVE);

describe.each(['rest', 'cli', 'sdk'])('firewall policies and rule collection groups (%s shape)', (shape) => {
  let inventory: Inventory;
  const group = (id: string): RuleCollectionGroup => {
    const found = inventory.ruleCollectionGroups.find((g) => g.id === id);
    if (!found) throw new Error(`no group ${id}`);
    return found;
  };
  beforeAll(async () => {
    const result = normalizeResources((await collectFiles(path.join(fixtures, shape))).resources);
    expect(result.errors).toEqual([]);
    inventory = result.inventory;
  });

  it('reads a child policy with every setting, and links the firewalls and groups that name it', () => {
    const child = inventory.firewallPolicies.find((p) => p.id === POL_CHILD);
    expect(child).toEqual({
      id: POL_CHILD,
      name: 'policy-child',
      type: 'Microsoft.Network/firewallPolicies',
      location: 'westeurope',
      tags: {},
      origin: { file: 'policy/policies.json', pointer: shape === 'cli' ? '/1' : '/value/1' },
      basePolicyId: POL_BASE,
      childPolicyIds: [],
      // fw-vwan names the policy; the policy's own list has fw-hub only.
      firewallIds: [FW, FW_VWAN],
      // rcg-nat names the policy (by its id); the policy's own list has rcg-aks only.
      ruleCollectionGroupIds: [RCG_AKS, RCG_NAT],
      skuTier: 'Premium',
      threatIntelMode: 'Deny',
      threatIntelWhitelist: { ipAddresses: ['20.3.4.5'], fqdns: ['*.contoso.com'] },
      dnsProxyEnabled: true,
      dnsServers: ['168.63.129.16'],
      intrusionDetectionMode: 'Deny',
      tlsInspectionEnabled: true,
      explicitProxyEnabled: false,
      snatPrivateRanges: ['10.0.0.0/8', '172.16.0.0/12'],
      snatAutoLearn: true,
    });
  });

  it('reads a base policy: no DNS settings, no TLS inspection, its child and its group', () => {
    const base = inventory.firewallPolicies.find((p) => p.id === POL_BASE);
    expect(base).toMatchObject({
      childPolicyIds: [POL_CHILD],
      ruleCollectionGroupIds: [RCG_BASE],
      firewallIds: [],
      dnsServers: [],
      tlsInspectionEnabled: false,
      explicitProxyEnabled: false,
      snatPrivateRanges: [],
      threatIntelWhitelist: { ipAddresses: [], fqdns: [] },
    });
    expect(base?.basePolicyId).toBeUndefined();
    // No dnsSettings: the proxy setting is not written, so a child inherits its parent's rather than "off".
    expect(base?.dnsProxyEnabled).toBeUndefined();
    expect(base?.snatAutoLearn).toBeUndefined();
  });

  it('derives the policy of each group from its id, and reads group priority', () => {
    expect(inventory.ruleCollectionGroups.map((g) => [g.name, g.policyId, g.priority])).toEqual([
      ['rcg-base', POL_BASE, 100],
      ['rcg-aks', POL_CHILD, 200],
      ['rcg-nat', POL_CHILD, 100],
    ]);
  });

  it('reads filter collections with application rules: FQDN tags, IP groups, target URLs, TLS, Mssql', () => {
    const [app, net] = group(RCG_AKS).collections;
    expect(app).toMatchObject({ name: 'aks-app', priority: 300, action: 'Allow' });
    expect(app?.rules).toEqual([
      {
        kind: 'application',
        name: 'aks-tag',
        description: 'AKS FQDN tag',
        sourceAddresses: [],
        sourceIpGroups: [IPG],
        protocols: [{ protocolType: 'Https', port: 443 }],
        targetFqdns: [],
        targetUrls: [],
        fqdnTags: ['AzureKubernetesService'],
        webCategories: [],
        destinationAddresses: [],
        terminateTls: false,
      },
      {
        kind: 'application',
        name: 'contoso-path',
        sourceAddresses: ['10.1.0.0/22'],
        sourceIpGroups: [],
        protocols: [{ protocolType: 'Https', port: 443 }],
        targetFqdns: [],
        targetUrls: ['www.contoso.com/path/*'],
        fqdnTags: [],
        webCategories: [],
        destinationAddresses: [],
        terminateTls: true,
      },
      {
        kind: 'application',
        name: 'sql',
        sourceAddresses: ['10.1.0.0/22'],
        sourceIpGroups: [],
        protocols: [{ protocolType: 'Mssql', port: 1433 }],
        targetFqdns: ['db.database.windows.net'],
        targetUrls: [],
        fqdnTags: [],
        webCategories: [],
        destinationAddresses: [],
        terminateTls: false,
      },
    ]);
    expect(net).toMatchObject({ name: 'aks-net', priority: 200, action: 'Allow' });
    expect(net?.rules).toEqual([
      {
        kind: 'network',
        name: 'apiserver',
        ipProtocols: ['UDP', 'TCP'],
        sourceAddresses: ['10.1.0.0/22'],
        sourceIpGroups: [],
        destinationAddresses: ['AzureCloud.westeurope'],
        destinationIpGroups: [],
        destinationFqdns: [],
        destinationPorts: ['1194', '9000'],
      },
      {
        kind: 'network',
        name: 'ntp',
        ipProtocols: ['UDP'],
        sourceAddresses: [],
        sourceIpGroups: [IPG],
        destinationAddresses: [],
        destinationIpGroups: [],
        destinationFqdns: ['ntp.ubuntu.com'],
        destinationPorts: ['123'],
      },
      {
        kind: 'network',
        name: 'to-ipgroup',
        ipProtocols: ['Any'],
        sourceAddresses: ['10.1.0.0/22'],
        sourceIpGroups: [],
        destinationAddresses: [],
        destinationIpGroups: [IPG],
        destinationFqdns: [],
        destinationPorts: ['*'],
      },
    ]);
  });

  it('reads a deny collection with web categories', () => {
    expect(group(RCG_BASE).collections).toEqual([
      {
        name: 'deny-bad',
        priority: 100,
        action: 'Deny',
        rules: [
          expect.objectContaining({
            kind: 'application',
            name: 'gambling',
            sourceAddresses: ['*'],
            webCategories: ['Gambling'],
            protocols: [
              { protocolType: 'Https', port: 443 },
              { protocolType: 'Http', port: 80 },
            ],
          }),
        ],
      },
    ]);
  });

  it('reads NAT collections (DNAT → Dnat) with translated address, FQDN and port', () => {
    expect(group(RCG_NAT).collections).toEqual([
      {
        name: 'dnat-web',
        priority: 100,
        action: 'Dnat',
        rules: [
          {
            kind: 'nat',
            name: 'web',
            ipProtocols: ['TCP'],
            sourceAddresses: ['*'],
            sourceIpGroups: [],
            destinationAddresses: ['20.50.0.10'],
            destinationPorts: ['443'],
            translatedFqdn: 'web.internal.contoso.com',
            translatedPort: '8443',
          },
          {
            kind: 'nat',
            name: 'ssh',
            ipProtocols: ['TCP'],
            sourceAddresses: ['203.0.113.0/24'],
            sourceIpGroups: [],
            destinationAddresses: ['20.50.0.10'],
            destinationPorts: ['2222'],
            translatedAddress: '10.1.0.10',
            translatedPort: '22',
          },
        ],
      },
    ]);
  });
});

describe('policyIdOfGroup', () => {
  it('takes the part before the child segment, whatever its name or case', () => {
    const policy = `${NET}/firewallPolicies/p1`;
    expect(policyIdOfGroup(`${policy}/ruleCollectionGroups/g1`)).toBe(policy);
    expect(policyIdOfGroup(`${policy}/ruleGroups/g1`)).toBe(policy);
    expect(policyIdOfGroup(`${policy.toLowerCase()}/RULECOLLECTIONGROUPS/g1/`)).toBe(policy.toLowerCase());
    expect(policyIdOfGroup(`${NET}/routeTables/rt/routes/r`)).toBeUndefined();
  });
});

describe('malformed rule collection groups', () => {
  const id = `${NET}/firewallPolicies/p/ruleCollectionGroups/g`;
  const normalize = (properties: unknown) =>
    normalizeResources([
      {
        body: { id, type: 'microsoft.network/FIREWALLPOLICIES/rulecollectiongroups', properties },
        origin: { file: 'g.json' },
      },
    ]);

  it('skips unknown collection types, wrong actions and unknown rule types, keeping the rest', () => {
    const { inventory, errors } = normalize({
      priority: 300,
      ruleCollections: [
        { ruleCollectionType: 'FirewallPolicyMysteryRuleCollection', name: 'm', priority: 1, rules: [] },
        { ruleCollectionType: 'FirewallPolicyNatRuleCollection', name: 'n', priority: 2, action: { type: 'Allow' } },
        {
          ruleCollectionType: 'firewallpolicyfilterrulecollection',
          name: 'f',
          priority: 3,
          action: { type: 'deny' },
          rules: [
            { ruleType: 'TeleportRule', name: 't' },
            { ruleType: 'networkrule', name: 'n1', ipProtocols: ['tcp', 'SCTP'], destinationPorts: [443, '80'] },
          ],
        },
      ],
    });
    const group = inventory.ruleCollectionGroups[0];
    expect(group?.type).toBe('Microsoft.Network/firewallPolicies/ruleCollectionGroups');
    expect(group?.name).toBe('g');
    expect(group?.priority).toBe(300);
    expect(group?.collections).toEqual([
      {
        name: 'f',
        priority: 3,
        action: 'Deny',
        rules: [
          expect.objectContaining({
            kind: 'network',
            name: 'n1',
            ipProtocols: ['TCP'],
            destinationPorts: ['443', '80'],
          }),
        ],
      },
    ]);
    expect(errors.map((e) => e.message.slice(id.length + 2))).toEqual([
      'properties.ruleCollections[0].ruleCollectionType must be FirewallPolicyFilterRuleCollection or FirewallPolicyNatRuleCollection, not the string "FirewallPolicyMysteryRuleCollection" (collection skipped)',
      'properties.ruleCollections[1].action.type must be Dnat, not the string "Allow" (collection skipped)',
      'properties.ruleCollections[2].rules[0].ruleType must be ApplicationRule, NetworkRule or NatRule, not the string "TeleportRule" (rule skipped)',
      'properties.ruleCollections[2].rules[1].ipProtocols must be one of TCP, UDP, ICMP, Any, not the string "SCTP" (ignored)',
    ]);
    expect(errors.every((e) => e.file === 'g.json' && e.resourceId === id)).toBe(true);
  });

  it('reports a group whose id names no policy', () => {
    const { inventory, errors } = normalizeResources([
      {
        body: {
          id: '/subscriptions/s/ruleCollectionGroups/g',
          type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
          properties: { priority: 1 },
        },
        origin: { file: 'x.json' },
      },
    ]);
    expect(inventory.ruleCollectionGroups[0]?.policyId).toBe('');
    expect(errors[0]?.message).toMatch(/does not name a Firewall Policy/);
  });
});
