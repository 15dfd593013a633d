/**
 * Deterministic generators for the benchmarks: a Firewall Policy of N rules and M AKS clusters routed
 * through it. Seeded, so every run measures the same work.
 */
import { type AuditResult, type Check, type Inventory, runAudit } from '../packages/auditor/src/index.ts';
import {
  appRule,
  cluster,
  collection,
  firewall,
  inventoryOf,
  netRule,
  policy,
  routeTable,
  ruleGroup,
  subnet,
  vnet,
} from '../packages/testing/src/index.ts';

import { seededRandom } from '../packages/testing/src/random.ts';

export { seededRandom };

export const WORDS = [
  'contoso',
  'fabrikam',
  'northwind',
  'adventure',
  'tailspin',
  'wingtip',
  'litware',
  'proseware',
  'woodgrove',
  'fourth',
];
/** The FQDNs an AKS cluster in `region` requires on TCP 443, as the benchmarks' allow rules list them. */
export const aksCoreFqdns = (region: string) => [
  `*.hcp.${region}.azmk8s.io`,
  'mcr.microsoft.com',
  '*.data.mcr.microsoft.com',
  'mcr-0001.mcr-msedge.net',
  'management.azure.com',
  'login.microsoftonline.com',
  'packages.microsoft.com',
  'acs-mirror.azureedge.net',
  'packages.aks.azure.com',
];

export const TLDS = ['com', 'net', 'io', 'org', 'cloud'];

/**
 * A policy of `ruleCount` rules in 10 groups of collections of 100 rules, half application rules for
 * unrelated FQDNs and half network rules for unrelated ports, with the AKS rules in the last group —
 * so that a required endpoint is decided only after every other rule was considered.
 */
export function generateEnvironment(ruleCount: number, clusterCount: number, seed = 42): Inventory {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const clusterSubnets = Array.from(
    { length: clusterCount },
    (_, i) => `10.${100 + Math.floor(i / 250)}.${i % 250}.0/24`,
  );
  const groups = [];
  const perGroup = Math.ceil(ruleCount / 10);
  let made = 0;
  for (let g = 0; g < 10; g++) {
    const collections = [];
    for (let c = 0; made < ruleCount && c * 100 < perGroup; c++) {
      const rules = [];
      for (let r = 0; r < 100 && made < ruleCount; r++, made++) {
        const source = `10.${Math.floor(random() * 99)}.${Math.floor(random() * 255)}.0/24`;
        if (random() < 0.5) {
          const name = `${pick(WORDS)}${Math.floor(random() * 1000)}.${pick(WORDS)}.${pick(TLDS)}`;
          rules.push(appRule(`app-${made}`, { sources: [source], fqdns: [random() < 0.2 ? `*.${name}` : name] }));
        } else {
          rules.push(
            netRule(`net-${made}`, {
              sources: [source],
              destinations: [`20.${Math.floor(random() * 255)}.0.0/16`],
              ports: [String(1000 + Math.floor(random() * 5000))],
            }),
          );
        }
      }
      collections.push(collection(`rc-${g}-${c}`, 100 + c, random() < 0.1 ? 'Deny' : 'Allow', rules));
    }
    groups.push(ruleGroup('afwp-bench', `rcg-${g}`, 1000 + g * 100, collections));
  }
  groups.push(
    ruleGroup('afwp-bench', 'rcg-aks', 60000, [
      collection('aks-net', 100, 'Allow', [
        netRule('tunnel-udp', {
          sources: clusterSubnets,
          protocols: ['UDP'],
          destinations: ['AzureCloud.eastus'],
          ports: ['1194'],
        }),
        netRule('tunnel-tcp', {
          sources: clusterSubnets,
          protocols: ['TCP'],
          destinations: ['AzureCloud.eastus'],
          ports: ['9000'],
        }),
        netRule('ntp', { sources: clusterSubnets, protocols: ['UDP'], destinations: ['*'], ports: ['123'] }),
      ]),
      collection('aks-app', 200, 'Allow', [
        appRule('aks-core', {
          sources: clusterSubnets,
          fqdns: aksCoreFqdns('eastus'),
        }),
      ]),
    ]),
  );
  const nodes = clusterSubnets.map((prefix, i) =>
    subnet('vnet-spoke', `snet-${i}`, prefix, { routeTable: 'rt-spokes' }),
  );
  return inventoryOf(
    vnet('vnet-hub', ['10.0.0.0/16'], { peeredWith: ['vnet-spoke'] }),
    vnet('vnet-spoke', ['10.100.0.0/14'], { peeredWith: ['vnet-hub'] }),
    subnet('vnet-hub', 'AzureFirewallSubnet', '10.0.1.0/26'),
    ...nodes,
    routeTable(
      'rt-spokes',
      [['0.0.0.0/0', 'VirtualAppliance', '10.0.1.4']],
      nodes.map((n) => n.id),
    ),
    firewall('afw-bench', { privateIp: '10.0.1.4', vnet: 'vnet-hub', policy: 'afwp-bench' }),
    policy('afwp-bench', { groups: groups.map((g) => g.name) }),
    ...groups,
    ...nodes.map((n, i) => cluster('aks', `aks-${i}`, { egressSubnetIds: [n.id], outboundType: 'userDefinedRouting' })),
  );
}

/** One audit of a generated inventory with the given checks, with a fixed clock and no input errors. */
export function benchAudit<Settings>(
  checks: readonly Check<string, Settings>[],
  inventory: Inventory,
  settings: Settings,
): AuditResult {
  return runAudit(checks, {
    inventory,
    settings,
    tool: { name: 'bench', version: '0' },
    generatedAt: new Date(0),
    inputs: [],
    errors: [],
  });
}
