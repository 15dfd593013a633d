import { createAnalysis, type Inventory } from '@aro-aks-audit/auditor';
import {
  appRule,
  collection,
  hubAndSpoke,
  inventoryOf,
  ipGroup,
  netRule,
  policy,
  ruleGroup,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { beyondRequiredOf } from './beyond-required.ts';
import { requiredEndpointsFor } from './catalog/resolve.ts';
import { httpsEntry, tunnelEntry } from './catalog/test-catalog.test-support.ts';
import type { CatalogEntry } from './catalog/types.ts';
import { resolutionOptionsFor } from './settings.ts';

// The cluster needs *.data.mcr.microsoft.com (HTTPS 443), the tunnel (UDP 1194 to * or AzureCloud.eastus)
// and, optionally, packages.microsoft.com; its egress subnet is 10.1.0.0/22.
const catalog: CatalogEntry[] = [
  httpsEntry('aks.test.mcr-data', '*.data.mcr.microsoft.com'),
  tunnelEntry('aks.test.tunnel'),
  httpsEntry('aks.test.packages', 'packages.microsoft.com', { requirement: 'optional' }),
];
const topology = hubAndSpoke();
const CLUSTER = '10.1.0.0/22';

function beyond(
  rules: Parameters<typeof collection>[3],
  action: 'Allow' | 'Deny' = 'Allow',
  ...extra: Parameters<typeof inventoryOf>
) {
  const inventory: Inventory = inventoryOf(
    ...topology.items,
    policy(topology.policyName, { groups: ['rcg'] }),
    ruleGroup(topology.policyName, 'rcg', 100, [collection('egress', 100, action, rules)]),
    ...extra,
  );
  const cluster = inventory.clusters[0];
  if (!cluster) throw new Error('no cluster');
  const settings = { catalog };
  const context = { inventory, analysis: createAnalysis(inventory), settings, now: new Date(0) };
  const endpoints = requiredEndpointsFor(cluster, resolutionOptionsFor(cluster, inventory, settings));
  return beyondRequiredOf(cluster, endpoints, context).map(({ resourceId: _, firewall: __, ...rest }) => rest);
}

const path = (rule: string) => `afwp-test / rcg / egress / ${rule}`;

describe('beyondRequiredOf: what a cluster may reach beyond its required and optional endpoints', () => {
  it.each([
    {
      name: 'a rule that allows only what the cluster needs adds nothing',
      rules: [
        appRule('mcr', { sources: [CLUSTER], fqdns: ['*.data.mcr.microsoft.com', 'packages.microsoft.com'] }),
        netRule('tunnel', {
          sources: [CLUSTER],
          protocols: ['UDP'],
          destinations: ['AzureCloud.eastus'],
          ports: ['1194'],
        }),
      ],
      expected: [],
    },
    {
      name: 'a network rule to * on every port and protocol is anything',
      rules: [netRule('any', { sources: [CLUSTER], protocols: ['Any'], destinations: ['*'], ports: ['*'] })],
      expected: [
        {
          rule: path('any'),
          ruleKind: 'network',
          destinations: ['*'],
          protocols: ['TCP', 'UDP', 'ICMP'],
          ports: ['*'],
          breadth: 'anything',
        },
      ],
    },
    {
      name: 'an application rule to * is any destination on its protocols',
      rules: [appRule('web', { sources: [CLUSTER], fqdns: ['*'], protocols: ['Https:443', 'Http:80'] })],
      expected: [
        {
          rule: path('web'),
          ruleKind: 'application',
          destinations: ['*'],
          protocols: ['Https', 'Http'],
          ports: ['80', '443'],
          breadth: 'any destination',
        },
      ],
    },
    {
      name: 'UDP on every port to the tunnel tag adds every port but 1194',
      rules: [
        netRule('udp', { sources: [CLUSTER], protocols: ['UDP'], destinations: ['AzureCloud.eastus'], ports: ['*'] }),
      ],
      expected: [
        {
          rule: path('udp'),
          ruleKind: 'network',
          destinations: ['AzureCloud.eastus'],
          protocols: ['UDP'],
          ports: ['0-1193', '1195-65535'],
          breadth: 'wildcard',
        },
      ],
    },
    {
      name: 'a wider wildcard than the requirement, and a name nobody requires, are listed; the needed name is not',
      rules: [
        appRule('mixed', {
          sources: [CLUSTER],
          fqdns: ['*.mcr.microsoft.com', 'github.com', '*.data.mcr.microsoft.com'],
        }),
      ],
      expected: [
        {
          rule: path('mixed'),
          ruleKind: 'application',
          destinations: ['*.mcr.microsoft.com', 'github.com'],
          protocols: ['Https'],
          ports: ['443'],
          breadth: 'wildcard',
        },
      ],
    },
    {
      name: 'a needed name on a port nobody requires is listed',
      rules: [appRule('http', { sources: [CLUSTER], fqdns: ['packages.microsoft.com'], protocols: ['Http:80'] })],
      expected: [
        {
          rule: path('http'),
          ruleKind: 'application',
          destinations: ['packages.microsoft.com'],
          protocols: ['Http'],
          ports: ['80'],
          breadth: 'specific',
        },
      ],
    },
    {
      name: 'a rule of other sources only does not concern the cluster',
      rules: [netRule('jumpbox', { sources: ['10.50.0.0/24'], protocols: ['Any'], destinations: ['*'], ports: ['*'] })],
      expected: [],
    },
    {
      name: 'a rule that also serves other sources says which',
      rules: [appRule('shared', { sources: ['10.0.0.0/8'], fqdns: ['example.com'] })],
      expected: [
        {
          rule: path('shared'),
          ruleKind: 'application',
          destinations: ['example.com'],
          protocols: ['Https'],
          ports: ['443'],
          breadth: 'specific',
          sharedWith: ['10.0.0.0/8'],
        },
      ],
    },
    {
      name: 'an FQDN tag is listed: its contents are not published, so it may hold more than the cluster needs',
      rules: [appRule('tag', { sources: [CLUSTER], fqdnTags: ['AzureKubernetesService'] })],
      expected: [
        {
          rule: path('tag'),
          ruleKind: 'application',
          destinations: ['FQDN tag AzureKubernetesService'],
          protocols: ['Https'],
          ports: ['443'],
          breadth: 'wildcard',
        },
      ],
    },
  ])('$name', ({ rules, expected }) => {
    expect(beyond(rules)).toEqual(expected);
  });

  it('a deny rule never adds reach', () => {
    expect(
      beyond(
        [netRule('deny-all', { sources: [CLUSTER], protocols: ['Any'], destinations: ['*'], ports: ['*'] })],
        'Deny',
      ),
    ).toEqual([]);
  });

  it('reads destination IP groups by their addresses, and names the ones not in the input', () => {
    const inventory = beyond(
      [
        {
          ...netRule('groups', { sources: [CLUSTER], protocols: ['TCP'], ports: ['22'] }),
          destinationIpGroups: ['ipg-jump', 'ipg-gone'].map(
            (g) =>
              `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-test/providers/Microsoft.Network/ipGroups/${g}`,
          ),
        },
      ],
      'Allow',
      ipGroup('ipg-jump', ['192.0.2.10']),
    );
    expect(inventory).toEqual([
      {
        rule: path('groups'),
        ruleKind: 'network',
        destinations: ['IP group ipg-jump', 'IP group ipg-gone (not in the input)'],
        protocols: ['TCP'],
        ports: ['22'],
        breadth: 'specific',
      },
    ]);
  });
});
