import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Inventory, runAudit } from '@aro-aks-audit/auditor';
import {
  appRule,
  cluster,
  collection,
  hubAndSpoke,
  hubIds,
  hubRouteTable,
  inventoryOf,
  ipGroup,
  netRule,
  policy,
  publicIp,
  routingIntent,
  ruleGroup,
  securedHubSpoke,
  subnet,
  TEST_NOW,
  TEST_SUBSCRIPTION,
} from '@aro-aks-audit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from './checks/index.ts';
import { fixFor } from './fixes.ts';

/**
 * Every command a finding or `fix` suggests, over an environment whose every name a tenant admin
 * chose to break out of a shell: parsed by a real POSIX shell, no command runs anything, and every
 * name reaches its argument whole (issue 18 item 12).
 */
const sandbox = mkdtempSync(path.join(tmpdir(), 'aro-aks-audit-shell-'));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

// No `/` (it separates the segments of an ARM id): the files would be made in the sandbox, the shell's cwd.
const hostile = (k: number) =>
  `n${k}$(touch\${IFS}pwned-${k})\`touch\${IFS}tick-${k}\`;touch semi-${k}|&'"\\ *?~#!{a,b}[x]\t<>`;
const MARK = '$(touch';

/** The argv a POSIX shell makes of a command line (sh itself splits it), run where nothing matters. */
function argvOf(command: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `set -- ${command}\nprintf '%s\\0' "$@"`], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' },
    cwd: sandbox,
  });
  return out.split('\0').slice(0, -1);
}

/** The inventory with placeholder names (`zz0zz`, …) replaced by hostile ones, in every id and name. */
function withHostileNames(inventory: Inventory, placeholders: string[]): Inventory {
  let text = JSON.stringify(inventory);
  placeholders.forEach((placeholder, k) => {
    text = text.replaceAll(placeholder, JSON.stringify(hostile(k)).slice(1, -1));
  });
  return JSON.parse(text) as Inventory;
}

function environment(): Inventory {
  const hub = hubAndSpoke({ policyName: 'zz1zz', clusterName: 'zz2zz' });
  const base = inventoryOf(
    ...hub.items,
    publicIp('pip-1', '20.1.2.3'),
    ipGroup('zz3zz', []),
    { ...policy('zz1zz', { groups: ['zz4zz'], dnsProxy: false }), threatIntelMode: 'Off' },
    ruleGroup('zz1zz', 'zz4zz', 100, [
      collection('zz5zz', 100, 'Allow', [
        netRule('zz6zz', { sources: ['10.99.0.0/16'], destinations: ['*'], ports: ['*'], protocols: ['Any'] }),
        appRule('zz7zz', { sources: ['10.1.0.0/22'], fqdns: ['*.blob.core.windows.net'] }),
        netRule('zz8zz', { sources: ['10.1.0.0/22'], fqdns: ['api.contoso.example'], ports: ['443'] }),
        appRule('zz9zz', { sources: ['10.98.0.0/24'], fqdns: ['a.contoso.example'] }),
        appRule('zz10zz', { sources: ['10.98.0.0/24'], fqdns: ['a.contoso.example'] }),
        appRule('zz11zz', { sourceIpGroups: ['zz3zz'], fqdns: ['b.contoso.example'] }),
      ]),
    ]),
  );
  // The resource group of every id, and the firewall, are hostile too.
  const text = JSON.stringify(base).replaceAll('rg-test', 'zz12zz').replaceAll('afw-test', 'zz13zz');
  return withHostileNames(
    JSON.parse(text) as Inventory,
    Array.from({ length: 14 }, (_, k) => `zz${k}zz`),
  );
}

/** The audit of `inventory`, `fix` for its first cluster, and every command line the two suggest. */
function suggestedCommands(inventory: Inventory) {
  const result = runAudit(ALL_CHECKS, {
    inventory,
    settings: {},
    tool: { name: 'test', version: '0' },
    generatedAt: TEST_NOW,
    inputs: [],
    errors: [],
  });
  const cluster = inventory.clusters[0];
  const fix = cluster ? fixFor(cluster, inventory, {}) : { error: 'no cluster' };
  const commands = [
    ...result.findings.flatMap((f) => (f.remediation.cli ?? '').split('\n')),
    ...('commands' in fix ? fix.commands : []),
  ].filter((line) => line.trim() !== '');
  return { result, fix, commands };
}

/**
 * Each command as a POSIX shell reads it: every word that holds a hostile name's mark is one of the
 * `count` names whole, and no command made the files the names try to touch. The argv of each.
 */
function expectHarmless(commands: readonly string[], count: number): string[][] {
  const names = Array.from({ length: count }, (_, k) => hostile(k));
  const argvs = commands.map((command) => {
    const argv = argvOf(command);
    for (const word of argv.filter((w) => w.includes(MARK)))
      expect(
        names.some((name) => word.includes(name)),
        `${word} is a name cut or changed in: ${command}`,
      ).toBe(true);
    return argv;
  });
  const created = ['pwned', 'tick', 'semi'].flatMap((p) =>
    Array.from({ length: count }, (_, k) => path.join(sandbox, `${p}-${k}`)).filter(existsSync),
  );
  expect(created).toEqual([]);
  return argvs;
}

describe('suggested commands with hostile names', () => {
  const { result, fix, commands } = suggestedCommands(environment());

  it('has commands from many checks and from fix to test', () => {
    const checks = new Set(result.findings.filter((f) => f.remediation.cli).map((f) => f.checkId));
    expect([...checks].sort()).toEqual(
      expect.arrayContaining([
        'fqdn-network-rule-without-dns-proxy',
        'multi-tenant-wildcard',
        'overly-broad-rule',
        'required-endpoint-blocked',
        'snat-exhaustion-risk',
        'threat-intel-off',
        'unknown-rule-reference',
      ]),
    );
    expect('commands' in fix && fix.commands.length).toBeGreaterThan(1);
  });

  it('runs nothing when a POSIX shell reads them, and passes every name whole', () => {
    expectHarmless(commands, 14);
  });
});

/**
 * A spoke of a secured Virtual WAN hub whose traffic does not reach the hub's firewall, in each shape
 * fixes-virtual-hub.ts has a command for — routing intent without an Internet policy and a subnet route
 * table that takes 0.0.0.0/0 around the hub and learns nothing from it; a hub with a custom route table;
 * a hub without routing intent — with every name hostile, the subscription and resource group too.
 */
function virtualWanEnvironments(): Inventory[] {
  const nodes = subnet('vnet-spoke', 'snet-nodes', '10.1.0.0/22');
  const spoke = (
    connection: Parameters<typeof securedHubSpoke>[0]['connection'],
    routes: Parameters<typeof securedHubSpoke>[0]['routes'],
    ...hub: Parameters<typeof securedHubSpoke>[1][]
  ) =>
    securedHubSpoke(
      { connection: { enableInternetSecurity: false, ...connection }, ...(routes && { routes }) },
      ...hub,
      cluster('aks', 'zz2zz', { egressSubnetIds: [nodes.id], outboundType: 'userDefinedRouting' }),
      policy('afwp-hub'),
    ).inventory;
  const firewallId = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-test/providers/Microsoft.Network/azureFirewalls/afw-hub`;
  const intentWithoutInternet = spoke(
    {},
    [['0.0.0.0/0', 'Internet']],
    routingIntent('vhub', [['zz9zz', ['PrivateTraffic'], firewallId]], 'zz10zz'),
    hubRouteTable('vhub', 'defaultRouteTable', []),
  );
  for (const table of intentWithoutInternet.routeTables) table.disableBgpRoutePropagation = true;
  const customTable = spoke(
    { associatedRouteTableId: hubIds.routeTable('vhub', 'zz11zz') },
    undefined,
    hubRouteTable('vhub', 'defaultRouteTable', []),
    hubRouteTable('vhub', 'zz11zz', []),
  );
  const noIntent = spoke({}, undefined, hubRouteTable('vhub', 'defaultRouteTable', []));
  const names: [string, string][] = [
    [TEST_SUBSCRIPTION, 'zz0zz'],
    ['rg-test', 'zz1zz'],
    ['"vhub"', '"zz3zz"'],
    ['/vhub/', '/zz3zz/'],
    ['/vhub"', '/zz3zz"'],
    ['conn-spoke', 'zz4zz'],
    ['afwp-hub', 'zz5zz'],
    ['afw-hub', 'zz6zz'],
    ['rt-nodes', 'zz7zz'],
    ['route-1', 'zz8zz'],
  ];
  return [intentWithoutInternet, customTable, noIntent].map((inventory) => {
    let text = JSON.stringify(inventory);
    for (const [plain, placeholder] of names) text = text.replaceAll(plain, placeholder);
    return withHostileNames(
      JSON.parse(text) as Inventory,
      Array.from({ length: 12 }, (_, k) => `zz${k}zz`),
    );
  });
}

describe('Virtual WAN routing commands with hostile names', () => {
  const commands = virtualWanEnvironments().flatMap((inventory) => {
    const suggested = suggestedCommands(inventory);
    if ('error' in suggested.fix) throw new Error(suggested.fix.error);
    return suggested.commands.filter((line) => / network (vhub|route-table) /.test(line));
  });

  it('has every command fixes-virtual-hub.ts writes to test, from the findings and from fix', () => {
    const kinds = new Set(commands.map((c) => c.split(' --')[0]));
    expect([...kinds].sort()).toEqual([
      'az network route-table route delete',
      'az network route-table update',
      'az network vhub connection update',
      'az network vhub route-table route add',
      'az network vhub routing-intent create',
      'az network vhub routing-intent update',
    ]);
  });

  it('runs nothing when a POSIX shell reads them, names the subscription and resource group, and passes every name whole', () => {
    expectHarmless(commands, 12).forEach((argv, i) => {
      const after = (flag: string) => argv[argv.indexOf(flag) + 1];
      expect([after('--subscription'), after('--resource-group')], commands[i]).toEqual([hostile(0), hostile(1)]);
    });
  });
});
