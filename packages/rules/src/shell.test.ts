import { execFileSync } from 'node:child_process';
import { createAnalysis, type Firewall } from '@aro-aks-audit/auditor';
import { firewall, inventoryOf, TEST_NOW, TEST_SUBSCRIPTION } from '@aro-aks-audit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import threatIntelOff from './checks/threat-intel-off.ts';
import { removeRuleCommand } from './fixes.ts';
import { scopeArguments, shellQuote } from './shell.ts';

/** The argv a POSIX shell makes of a command line: sh itself splits it (quotes, expansions and all). */
function argvOf(command: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `set -- ${command}\nprintf '%s\\0' "$@"`], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' },
    cwd: '/',
  });
  return out.split('\0').slice(0, -1);
}

// Any text a name may hold: control characters, quotes, $, `, \, globs, spaces, newlines, non-ASCII.
// Not NUL: no POSIX argument can hold it.
const text = fc
  .oneof(
    fc.string({ unit: 'binary-ascii' }),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom("'", "a'b", '*', '$HOME', '~', ''),
  )
  .filter((s) => !s.includes('\0'));
/** An ARM resource name: not empty and without `/`, which separates the segments of an id. */
const armName = text.filter((s) => s !== '' && !s.includes('/'));

describe('shellQuote', () => {
  it('leaves a word of [A-Za-z0-9._/:=@%+,-] as it is and quotes anything else', () => {
    expect(shellQuote('afw-hub_01.prod/x:y=z@a%b+c,d')).toBe('afw-hub_01.prod/x:y=z@a%b+c,d');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('*.azmk8s.io')).toBe("'*.azmk8s.io'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('~root')).toBe("'~root'");
  });

  it('gives back any string as one argument after a POSIX shell splits the command', () => {
    fc.assert(
      fc.property(text, (name) => {
        const argv = argvOf(`az resource show --name ${shellQuote(name)} --verbose`);
        expect(argv).toEqual(['az', 'resource', 'show', '--name', name, '--verbose']);
      }),
      { numRuns: 150 },
    );
  });

  it('names where a command acts; a value the id lacks is a quoted placeholder, never a bare <x> redirection', () => {
    expect(scopeArguments('/subscriptions/s-1/resourceGroups/rg 1/providers/Microsoft.Network/virtualHubs/h')).toBe(
      "--subscription s-1 --resource-group 'rg 1'",
    );
    expect(argvOf(`az x ${scopeArguments('vhub-without-an-id')}`)).toEqual([
      ...['az', 'x', '--subscription', '<subscription>', '--resource-group', '<resource-group>'],
    ]);
  });

  it('the commands of fixes.ts pass every name through: policy and classic rule removal', () => {
    fc.assert(
      fc.property(armName, armName, text, text, text, (group, policy, rcg, collection, rule) => {
        const policyId = `/subscriptions/s/resourceGroups/${group}/providers/Microsoft.Network/firewallPolicies/${policy}`;
        expect(
          argvOf(
            removeRuleCommand({ kind: 'policy', policyId, group: rcg }, collection, { name: rule, kind: 'network' }),
          ),
        ).toEqual([
          ...['az', 'network', 'firewall', 'policy', 'rule-collection-group', 'collection', 'rule', 'remove'],
          ...['--subscription', 's', '--resource-group', group, '--policy-name', policy],
          ...['--rule-collection-group-name', rcg],
          ...['--collection-name', collection, '--name', rule],
        ]);
        const firewallId = `/subscriptions/s/resourceGroups/${group}/providers/Microsoft.Network/azureFirewalls/${policy}`;
        expect(
          argvOf(removeRuleCommand({ kind: 'classic', firewallId }, collection, { name: rule, kind: 'application' })),
        ).toEqual([
          ...['az', 'network', 'firewall', 'application-rule', 'delete', '--subscription', 's'],
          ...['--resource-group', group],
          ...['--firewall-name', policy, '--collection-name', collection, '--name', rule],
        ]);
      }),
      { numRuns: 60 },
    );
  });

  it('a check’s remediation command passes the firewall’s name through (threat intelligence off)', () => {
    fc.assert(
      fc.property(armName, (name) => {
        const afw: Firewall = {
          ...firewall(name, { privateIp: '10.0.1.4', vnet: 'vnet-hub' }),
          threatIntelMode: 'Off',
        };
        const inventory = inventoryOf(afw);
        const drafts = [
          ...threatIntelOff.run({
            inventory,
            analysis: createAnalysis(inventory),
            settings: {},
            now: TEST_NOW,
          }),
        ];
        const cli = drafts.find((d) => d.remediation?.cli)?.remediation?.cli;
        expect(cli && argvOf(cli)).toEqual([
          ...[
            'az',
            'network',
            'firewall',
            'update',
            '--subscription',
            TEST_SUBSCRIPTION,
            '--resource-group',
            'rg-test',
          ],
          ...['--name', name, '--threat-intel-mode', 'Deny'],
        ]);
      }),
      { numRuns: 40 },
    );
  });
});
