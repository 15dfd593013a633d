import { execFileSync } from 'node:child_process';
import type { Destination } from '@aro-aks-audit/auditor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResolvedEndpoint } from '../catalog/resolve.ts';
import { httpsEntry, TEST_SOURCE } from '../catalog/test-catalog.test-support.ts';
import type { CatalogEntry } from '../catalog/types.ts';
import { chooseRule, mergeRules, ruleArguments } from './rule-spec.ts';

const endpointOf = (entry: CatalogEntry, destinations: Destination[]): ResolvedEndpoint => ({
  entry,
  entries: [entry],
  purpose: entry.purpose,
  destinations,
  endpoint: { destination: '', protocol: entry.protocol, port: String(entry.port) },
  required: true,
  why: '',
  unresolved: [],
  notes: [],
});

const udp = (id: string, port: number): CatalogEntry => ({
  id,
  kinds: ['aks'],
  clouds: ['public'],
  destinations: [],
  protocol: 'UDP',
  port,
  requirement: 'required',
  purpose: id,
  source: TEST_SOURCE,
});

const SOURCES = ['10.1.0.0/22'];
const ntp = endpointOf(udp('aks.test.ntp', 123), [{ kind: 'fqdn', pattern: 'ntp.ubuntu.com' }, { kind: 'any' }]);

describe('chooseRule: the rule type and destination a fix adds', () => {
  // Azure Firewall application rules take Http, Https and Mssql only; a UDP or TCP requirement is a network
  // rule (rule-processing, fqdn-filtering-network-rules), to a name only with DNS proxy on.
  it.each([
    {
      name: 'NTP (UDP 123) with DNS proxy on: a network rule to the name',
      endpoint: ntp,
      dnsProxy: true,
      spec: { kind: 'network', protocol: 'UDP', port: 123, destinations: [], destinationFqdns: ['ntp.ubuntu.com'] },
    },
    {
      name: 'NTP (UDP 123) with DNS proxy off: a network rule to the documented address alternative, never Https=123',
      endpoint: ntp,
      dnsProxy: false,
      spec: { kind: 'network', protocol: 'UDP', port: 123, destinations: ['*'], destinationFqdns: [] },
    },
    {
      name: 'the tunnel (UDP 1194): the service tag before `*`',
      endpoint: endpointOf(udp('aks.test.tunnel', 1194), [
        { kind: 'any' },
        { kind: 'service-tag', tag: 'AzureCloud.eastus' },
      ]),
      dnsProxy: true,
      spec: { kind: 'network', protocol: 'UDP', port: 1194, destinations: ['AzureCloud.eastus'], destinationFqdns: [] },
    },
    {
      name: 'HTTPS: an application rule to the exact name first',
      endpoint: endpointOf(httpsEntry('aks.test.mcr', 'mcr.microsoft.com'), [
        { kind: 'fqdn', pattern: '*.mcr.microsoft.com' },
        { kind: 'fqdn', pattern: 'mcr.microsoft.com' },
      ]),
      dnsProxy: false,
      spec: {
        kind: 'application',
        protocol: 'Https',
        port: 443,
        destinations: ['mcr.microsoft.com'],
        destinationFqdns: [],
      },
    },
    {
      name: 'HTTPS whose only name spans a shared domain: the documented service tag instead, in a network rule',
      endpoint: endpointOf(httpsEntry('aks.test.monitor', '*.ods.opinsights.azure.com'), [
        { kind: 'fqdn', pattern: '*.ods.opinsights.azure.com' },
        { kind: 'service-tag', tag: 'AzureMonitor' },
      ]),
      dnsProxy: false,
      spec: { kind: 'network', protocol: 'TCP', port: 443, destinations: ['AzureMonitor'], destinationFqdns: [] },
    },
  ])('$name', ({ endpoint, dnsProxy, spec }) => {
    const choice = chooseRule(endpoint, SOURCES, dnsProxy);
    expect(choice).toEqual({ spec: { ...spec, sources: SOURCES, endpointIds: [endpoint.entry.id] } });
  });

  it('a shared-domain wildcard that is the only documented form is used, with the warning multi-tenant-wildcard will echo', () => {
    const only = endpointOf(httpsEntry('aks.test.blob', '*.blob.core.windows.net'), [
      { kind: 'fqdn', pattern: '*.blob.core.windows.net' },
    ]);
    const choice = chooseRule(only, SOURCES, false);
    expect('warning' in choice && choice.warning).toMatch(
      /^\*\.blob\.core\.windows\.net is the only documented form of aks\.test\.blob and spans a domain other customers can host under/,
    );
  });

  it('a TCP requirement known only by name, with DNS proxy off, is not fixed: the note says why', () => {
    const tcp = endpointOf({ ...udp('aks.test.tcp', 9000), protocol: 'TCP' }, [
      { kind: 'fqdn', pattern: 'tunnel.example.com' },
    ]);
    expect(chooseRule(tcp, SOURCES, false)).toEqual({
      note: 'aks.test.tcp: tunnel.example.com on TCP 9000 needs a network rule with a destination FQDN, which works only with DNS proxy on in the firewall policy; it is off and no address is documented',
    });
  });

  it('merges rules of one type, protocol, port and sources, and names them by what they allow', () => {
    const https = (name: string) =>
      chooseRule(endpointOf(httpsEntry(`aks.test.${name}`, name), [{ kind: 'fqdn', pattern: name }]), SOURCES, false);
    const specs = [https('a.example.com'), https('b.example.com'), chooseRule(ntp, SOURCES, true)].flatMap((c) =>
      'spec' in c ? [c.spec] : [],
    );
    expect(mergeRules(specs).map((r) => [r.name, r.destinations, r.destinationFqdns, r.endpointIds])).toEqual([
      ['https-443', ['a.example.com', 'b.example.com'], [], ['aks.test.a.example.com', 'aks.test.b.example.com']],
      ['udp-123', [], ['ntp.ubuntu.com'], ['aks.test.ntp']],
    ]);
  });
});

/** The argv a POSIX shell makes of a command line. */
const argvOf = (command: string): string[] =>
  execFileSync('/bin/sh', ['-c', `set -- ${command}\nprintf '%s\\0' "$@"`], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' },
    cwd: '/',
  })
    .split('\0')
    .slice(0, -1);

describe('ruleArguments', () => {
  it('passes every source and destination through a POSIX shell as one argument each', () => {
    const text = fc.string({ unit: 'binary-ascii', minLength: 1 }).filter((s) => !s.includes('\0'));
    fc.assert(
      fc.property(text, text, (source, destination) => {
        const [rule] = mergeRules([
          {
            kind: 'application',
            sources: [source],
            protocol: 'Https',
            port: 443,
            destinations: [destination],
            destinationFqdns: [],
            endpointIds: [],
          },
        ]);
        if (!rule) throw new Error('no rule');
        expect(argvOf(`az x ${ruleArguments(rule, 'policy')}`)).toEqual([
          ...['az', 'x', '--rule-type', 'ApplicationRule', '--source-addresses', source],
          ...['--protocols', 'Https=443', '--target-fqdns', destination],
        ]);
      }),
      { numRuns: 60 },
    );
  });

  it('writes network rules with --ip-protocols on a policy and --protocols on a classic firewall', () => {
    const choice = chooseRule(ntp, SOURCES, true);
    const [rule] = mergeRules('spec' in choice ? [choice.spec] : []);
    if (!rule) throw new Error('no rule');
    expect(ruleArguments(rule, 'policy')).toBe(
      '--rule-type NetworkRule --source-addresses 10.1.0.0/22 --ip-protocols UDP --destination-fqdns ntp.ubuntu.com --destination-ports 123',
    );
    expect(ruleArguments(rule, 'classic')).toBe(
      '--source-addresses 10.1.0.0/22 --protocols UDP --destination-fqdns ntp.ubuntu.com --destination-ports 123',
    );
  });
});
