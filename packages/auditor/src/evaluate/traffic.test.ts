import {
  appRule,
  collection,
  firewall,
  ids,
  inventoryOf,
  ipGroup,
  netRule,
  policy,
  ruleGroup,
} from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { IpGroup, NetworkRule } from '../model/inventory.ts';
import { compileFirewallProgram, type FirewallProgram } from './program.ts';
import { type Destination, evaluateTraffic, type TrafficClass } from './traffic.ts';

const fw = firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', policy: 'child' });

function programOf(...items: Parameters<typeof inventoryOf>): FirewallProgram {
  const compiled = compileFirewallProgram(inventoryOf(fw, ...items), fw);
  if (!compiled.ok) throw new Error(compiled.cause);
  return compiled.program;
}

const https = (pattern: string, sources = ['10.1.0.0/22']): TrafficClass => ({
  sources,
  protocol: 'TCP',
  port: 443,
  applicationProtocol: 'Https',
  destination: { kind: 'fqdn', pattern },
});
const evaluate = (program: FirewallProgram, traffic: TrafficClass) =>
  evaluateTraffic(program, traffic, { ipGroups: [] });

// https://learn.microsoft.com/azure/firewall/rule-processing
describe('Azure Firewall rule processing', () => {
  it('denies by default when no rule matches', () => {
    const verdict = evaluate(programOf(policy('child')), https('mcr.microsoft.com'));
    expect(verdict).toMatchObject({ decision: 'denied', witness: 'no rule matched (default deny)' });
  });

  it('processes network rules before application rules, whatever the priorities ("Example 1")', () => {
    const program = programOf(
      policy('child', { groups: ['rcg'] }),
      ruleGroup('child', 'rcg', 100, [
        collection('deny-app', 100, 'Deny', [appRule('google', { fqdns: ['google.com'] })]),
        collection('allow-web', 1000, 'Allow', [netRule('web', { destinations: ['*'], ports: ['80', '443'] })]),
      ]),
    );
    const verdict = evaluate(program, https('google.com'));
    expect(verdict.decision).toBe('allowed');
    expect(verdict.witness).toBe('child / rcg / allow-web / web');
    expect(verdict.notes.join()).toContain('without FQDN filtering');
  });

  it("processes a parent policy's rule collection groups before the child's, regardless of priority", () => {
    const program = programOf(
      policy('parent', { groups: ['base-rcg'] }),
      policy('child', { base: 'parent', groups: ['child-rcg'] }),
      ruleGroup('parent', 'base-rcg', 60000, [
        collection('deny', 100, 'Deny', [appRule('mcr', { fqdns: ['mcr.microsoft.com'] })]),
      ]),
      ruleGroup('child', 'child-rcg', 100, [
        collection('allow', 100, 'Allow', [appRule('mcr', { fqdns: ['mcr.microsoft.com'] })]),
      ]),
    );
    expect(program.application.map((e) => e.path)).toEqual([
      'parent / base-rcg / deny / mcr',
      'child / child-rcg / allow / mcr',
    ]);
    expect(evaluate(program, https('mcr.microsoft.com'))).toMatchObject({
      decision: 'denied',
      witness: 'parent / base-rcg / deny / mcr',
    });
  });

  it('orders by group priority, then collection priority; rules terminate', () => {
    const program = programOf(
      policy('child', { groups: ['late', 'early'] }),
      ruleGroup('child', 'late', 500, [collection('allow', 100, 'Allow', [appRule('a', { fqdns: ['x.example'] })])]),
      ruleGroup('child', 'early', 200, [
        collection('second', 300, 'Allow', [appRule('b', { fqdns: ['x.example'] })]),
        collection('first', 200, 'Deny', [appRule('c', { fqdns: ['x.example'] })]),
      ]),
    );
    expect(evaluate(program, https('x.example')).witness).toBe('child / early / first / c');
  });

  it('decides each source range by the first rule that matches it: some allowed, some denied is partial', () => {
    const program = programOf(
      policy('child', { groups: ['rcg'] }),
      ruleGroup('child', 'rcg', 100, [
        collection('allow', 100, 'Allow', [appRule('half', { sources: ['10.1.0.0/23'], fqdns: ['*.example'] })]),
      ]),
    );
    const verdict = evaluate(program, https('a.example'));
    expect(verdict.decision).toBe('partial');
    expect(verdict.trace.map((t) => [t.path, t.sources])).toEqual([
      ['child / rcg / allow / half', ['10.1.0.0/23']],
      ['no rule matched (default deny)', ['10.1.2.0/23']],
    ]);
  });

  it('Any with an explicit destination port is TCP+UDP; Any on port * is every IP protocol, ICMP included', () => {
    // "If a destination port is explicitly configured, then the rule is translated to a TCP+UDP rule."
    const ruleWith = (ports: string[]) =>
      programOf(
        policy('child', { groups: ['rcg'] }),
        ruleGroup('child', 'rcg', 100, [
          collection('allow', 100, 'Allow', [netRule('any', { protocols: ['Any'], destinations: ['*'], ports })]),
        ]),
      );
    const to = (protocol: TrafficClass['protocol'], port: number): TrafficClass => ({
      sources: ['10.1.0.0/22'],
      protocol,
      port,
      destination: { kind: 'addresses', addresses: ['20.1.2.3'] },
    });
    expect(evaluate(ruleWith(['123']), to('UDP', 123)).decision).toBe('allowed');
    expect(evaluate(ruleWith(['123']), to('TCP', 123)).decision).toBe('allowed');
    expect(evaluate(ruleWith(['123']), to('ICMP', 0)).decision).toBe('denied');
    expect(evaluate(ruleWith(['*']), to('ICMP', 0)).decision).toBe('allowed');
  });

  it('matches application rules on protocol and port: Http:80 does not allow HTTPS', () => {
    const program = programOf(
      policy('child', { groups: ['rcg'] }),
      ruleGroup('child', 'rcg', 100, [
        collection('allow', 100, 'Allow', [appRule('http', { fqdns: ['x.example'], protocols: ['Http:80'] })]),
      ]),
    );
    expect(evaluate(program, https('x.example')).decision).toBe('denied');
  });

  it('service tags: AzureCloud holds AzureCloud.eastus; a tag against an FQDN cannot be decided offline', () => {
    const program = programOf(
      policy('child', { groups: ['rcg'] }),
      ruleGroup('child', 'rcg', 100, [
        collection('net', 100, 'Allow', [
          netRule('cloud', { protocols: ['UDP'], destinations: ['AzureCloud'], ports: ['1194'] }),
        ]),
      ]),
    );
    const tag: Destination = { kind: 'service-tag', tag: 'AzureCloud.eastus' };
    expect(
      evaluate(program, { sources: ['10.1.0.0/22'], protocol: 'UDP', port: 1194, destination: tag }).decision,
    ).toBe('allowed');
    expect(
      evaluate(program, {
        sources: ['10.1.0.0/22'],
        protocol: 'UDP',
        port: 1194,
        destination: { kind: 'fqdn', pattern: 'x.example' },
      }).decision,
    ).toBe('unknown');
  });

  // "You must enable DNS Proxy to use FQDNs in your network rules"; without it the client and the firewall may
  // resolve the name differently (https://learn.microsoft.com/azure/firewall/dns-details), so the rule's effect
  // on the name it lists is not provable either way.
  describe('network rule FQDNs decide only with DNS proxy on (https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules)', () => {
    const ntp = (pattern: string): TrafficClass => ({
      sources: ['10.1.0.0/22'],
      protocol: 'UDP',
      port: 123,
      destination: { kind: 'fqdn', pattern },
    });
    const withRules = (dnsProxy: boolean, action: 'Allow' | 'Deny', after: 'allow-all' | 'nothing') =>
      programOf(
        policy('child', { groups: ['rcg'], dnsProxy }),
        ruleGroup('child', 'rcg', 100, [
          collection('fqdn', 100, action, [
            netRule('ntp', { protocols: ['UDP'], fqdns: ['ntp.ubuntu.com'], ports: ['123'] }),
          ]),
          ...(after === 'allow-all'
            ? [
                collection('all', 200, 'Allow', [
                  netRule('all', { protocols: ['UDP'], destinations: ['*'], ports: ['123'] }),
                ]),
              ]
            : []),
        ]),
      );
    it.each([
      { dnsProxy: true, action: 'Allow', after: 'nothing', target: 'ntp.ubuntu.com', decision: 'allowed' },
      { dnsProxy: true, action: 'Deny', after: 'allow-all', target: 'ntp.ubuntu.com', decision: 'denied' },
      { dnsProxy: false, action: 'Allow', after: 'nothing', target: 'ntp.ubuntu.com', decision: 'unknown' },
      { dnsProxy: false, action: 'Deny', after: 'allow-all', target: 'ntp.ubuntu.com', decision: 'unknown' },
      // Whether or not it matches, the outcome is the same: allowed.
      { dnsProxy: false, action: 'Allow', after: 'allow-all', target: 'ntp.ubuntu.com', decision: 'allowed' },
      // A name the rule does not list is not matched by name, proxy or not.
      { dnsProxy: false, action: 'Deny', after: 'allow-all', target: 'time.example', decision: 'allowed' },
    ] as const)('DNS proxy $dnsProxy, $action ntp.ubuntu.com then $after: $target is $decision', (c) => {
      const verdict = evaluate(withRules(c.dnsProxy, c.action, c.after), ntp(c.target));
      expect(verdict.decision).toBe(c.decision);
      if (c.decision === 'unknown') {
        expect(verdict.witness).toBe('child / rcg / fqdn / ntp');
        expect(verdict.reason).toContain('DNS proxy is off, so FQDNs in network rules are not reliably applied');
      }
      expect(verdict.notes.some((n) => n.includes('DNS proxy is off'))).toBe(!c.dnsProxy);
    });
  });

  it('does not depend on the order of the input', () => {
    const items = [
      policy('parent', { groups: ['a'] }),
      policy('child', { base: 'parent', groups: ['b', 'c'] }),
      ruleGroup('parent', 'a', 300, [collection('x', 100, 'Allow', [appRule('x', { fqdns: ['*.one.example'] })])]),
      ruleGroup('child', 'b', 100, [collection('y', 100, 'Deny', [appRule('y', { fqdns: ['*.example'] })])]),
      ruleGroup('child', 'c', 200, [collection('z', 100, 'Allow', [appRule('z', { fqdns: ['*'] })])]),
    ];
    const forward = evaluate(programOf(...items), https('a.one.example'));
    const backward = evaluate(programOf(...[...items].reverse()), https('a.one.example'));
    expect(backward).toEqual(forward);
    expect(forward.witness).toBe('parent / a / x / x');
  });
});

describe('a network rule whose destination cannot be compared offline says which side is unknown', () => {
  // A Deny rule that may match, then an Allow for everything: the verdict hangs on the Deny rule's note.
  const denyThenAllow = (deny: Parameters<typeof netRule>[1]) =>
    programOf(
      policy('child', { groups: ['rcg'], dnsProxy: true }),
      ruleGroup('child', 'rcg', 100, [
        collection('deny', 100, 'Deny', [netRule('maybe', { protocols: ['TCP'], ports: ['443'], ...deny })]),
        collection('allow', 200, 'Allow', [
          netRule('all', { protocols: ['TCP'], destinations: ['*'], ports: ['443'] }),
        ]),
      ]),
    );
  const to = (destination: Destination): TrafficClass => ({
    sources: ['10.1.0.0/22'],
    protocol: 'TCP',
    port: 443,
    destination,
  });
  it.each([
    {
      name: 'addresses against an FQDN',
      deny: { destinations: ['10.0.0.0/8'] },
      destination: { kind: 'fqdn', pattern: 'mcr.microsoft.com' } as Destination,
      note: 'the addresses mcr.microsoft.com resolves to are not known offline: whether they are in its destination addresses (10.0.0.0/8) cannot be told',
    },
    {
      name: 'a service tag against an FQDN',
      deny: { destinations: ['AzureCloud'] },
      destination: { kind: 'fqdn', pattern: 'mcr.microsoft.com' } as Destination,
      note: 'the addresses mcr.microsoft.com resolves to are not known offline: whether they are in service tag AzureCloud cannot be told',
    },
    {
      name: 'addresses against a service tag, without the Service Tags list',
      deny: { destinations: ['20.0.0.0/8'] },
      destination: { kind: 'service-tag', tag: 'AzureCloud.eastus' } as Destination,
      note: 'the addresses of service tag AzureCloud.eastus are not in the input (no Service Tags list): whether they are in its destination addresses (20.0.0.0/8) cannot be told',
    },
    {
      name: 'a service tag against addresses, without the Service Tags list',
      deny: { destinations: ['AzureCloud.eastus'] },
      destination: { kind: 'addresses', addresses: ['20.42.7.9'] } as Destination,
      note: 'the addresses of service tag AzureCloud.eastus are not in the input (no Service Tags list): whether 20.42.7.9 is in it cannot be told',
    },
    {
      name: 'FQDNs against addresses',
      deny: { fqdns: ['evil.example'] },
      destination: { kind: 'addresses', addresses: ['20.42.7.9'] } as Destination,
      note: 'the addresses its FQDNs evil.example resolve to are not known offline: whether 20.42.7.9 is among them cannot be told',
    },
  ])('$name', ({ deny, destination, note }) => {
    const verdict = evaluate(denyThenAllow(deny), to(destination));
    expect(verdict.decision).toBe('unknown');
    expect(verdict.trace[0]).toMatchObject({ path: 'child / rcg / deny / maybe', match: 'unknown', note });
  });
});

describe('targets that fix only their last label', () => {
  // A Deny for one name under .com ahead of an Allow for everything: a target that spans .com holds the
  // denied name, whichever labels the rule index files that rule under.
  it.each([
    { deny: 'evil.com', target: '*.com', decision: 'partial' },
    { deny: '*.evil.com', target: '*.com', decision: 'partial' },
    { deny: 'a.b.evil.com', target: '*.com', decision: 'partial' },
    { deny: 'evil.com', target: '*vil.com', decision: 'partial' },
    { deny: 'evil.com', target: 'evil.com', decision: 'denied' },
    { deny: 'evil.net', target: '*.com', decision: 'allowed' },
  ])('Deny $deny, then Allow *: $target is $decision', ({ deny, target, decision }) => {
    const program = programOf(
      policy('child', { groups: ['rcg'] }),
      ruleGroup('child', 'rcg', 100, [
        collection('deny', 100, 'Deny', [appRule('one', { fqdns: [deny] })]),
        collection('allow', 200, 'Allow', [appRule('all', { fqdns: ['*'] })]),
      ]),
    );
    const verdict = evaluate(program, https(target));
    expect(verdict.decision).toBe(decision);
    expect(verdict.trace.some((t) => t.path === 'child / rcg / deny / one')).toBe(decision !== 'allowed');
  });
});

// "If you delete all the IP addresses in an IP Group while it is still in use in a rule, that rule is skipped"
// (https://learn.microsoft.com/azure/firewall/ip-groups); a group that is not in the input may hold any address,
// so a rule that names one neither decides nor is skipped: where it may match, the verdict is unknown.
describe('rules that name IP groups not in the input', () => {
  const GROUP = ids.ipGroup('ipg-spokes');
  const network = (overrides: Partial<NetworkRule>): NetworkRule => ({
    ...netRule('grouped', { protocols: ['TCP'], destinations: ['*'], ports: ['443'] }),
    ...overrides,
  });
  const first = (action: 'Allow' | 'Deny', rule: NetworkRule | ReturnType<typeof appRule>) =>
    collection('first', 100, action, [rule]);
  const allowAll = collection('then-allow', 200, 'Allow', [appRule('all', { fqdns: ['*'] })]);
  const denyAll = collection('then-deny', 200, 'Deny', [appRule('all', { fqdns: ['*'] })]);
  const toAddress: TrafficClass = {
    sources: ['10.1.0.0/22'],
    protocol: 'TCP',
    port: 443,
    destination: { kind: 'addresses', addresses: ['20.1.2.3'] },
  };
  const allowAllNetwork = collection('then-allow', 200, 'Allow', [
    netRule('all', { protocols: ['TCP'], destinations: ['*'], ports: ['443'] }),
  ]);
  const cases: {
    name: string;
    collections: ReturnType<typeof collection>[];
    groups: IpGroup[];
    traffic?: TrafficClass;
    decision: string;
    note?: string;
  }[] = [
    {
      name: 'a Deny by a missing source group ahead of an Allow',
      collections: [first('Deny', network({ sourceAddresses: [], sourceIpGroups: [GROUP] })), allowAll],
      groups: [],
      decision: 'unknown',
      note: 'its source IP groups ipg-spokes are not in the input',
    },
    {
      name: 'the same group in the input, holding the sources',
      collections: [first('Deny', network({ sourceAddresses: [], sourceIpGroups: [GROUP] })), allowAll],
      groups: [ipGroup('ipg-spokes', ['10.1.0.0/16'])],
      decision: 'denied',
    },
    {
      name: 'the same group in the input, holding other addresses',
      collections: [first('Deny', network({ sourceAddresses: [], sourceIpGroups: [GROUP] })), allowAll],
      groups: [ipGroup('ipg-spokes', ['10.9.0.0/16'])],
      decision: 'allowed',
    },
    {
      name: 'a Deny of half the sources plus a missing group: the other half is not provably allowed',
      collections: [first('Deny', network({ sourceAddresses: ['10.1.0.0/23'], sourceIpGroups: [GROUP] })), allowAll],
      groups: [],
      decision: 'unknown',
      note: 'its source IP groups ipg-spokes are not in the input',
    },
    {
      name: 'an Allow by a missing source group ahead of a Deny',
      collections: [first('Allow', network({ sourceAddresses: [], sourceIpGroups: [GROUP] })), denyAll],
      groups: [],
      decision: 'unknown',
      note: 'its source IP groups ipg-spokes are not in the input',
    },
    {
      name: 'an Allow by a missing source group ahead of an Allow: allowed either way',
      collections: [first('Allow', network({ sourceAddresses: [], sourceIpGroups: [GROUP] })), allowAll],
      groups: [],
      decision: 'allowed',
    },
    {
      name: 'an application rule Deny by a missing source group',
      collections: [first('Deny', appRule('grouped', { sourceIpGroups: ['ipg-spokes'], fqdns: ['*'] })), allowAll],
      groups: [],
      decision: 'unknown',
      note: 'its source IP groups ipg-spokes are not in the input',
    },
    {
      name: 'a Deny to a missing destination group ahead of an Allow',
      collections: [
        first('Deny', network({ destinationAddresses: [], destinationIpGroups: [GROUP] })),
        allowAllNetwork,
      ],
      groups: [],
      traffic: toAddress,
      decision: 'unknown',
      note: 'its destination IP groups ipg-spokes are not in the input',
    },
    {
      name: 'a Deny to a missing destination group whose addresses already hold the target',
      collections: [
        first('Deny', network({ destinationAddresses: ['20.0.0.0/8'], destinationIpGroups: [GROUP] })),
        allowAllNetwork,
      ],
      groups: [],
      traffic: toAddress,
      decision: 'denied',
    },
  ];
  it.each(cases)('$name: $decision', ({ collections, groups, traffic, decision, note }) => {
    const program = programOf(policy('child', { groups: ['rcg'] }), ruleGroup('child', 'rcg', 100, collections));
    const verdict = evaluateTraffic(program, traffic ?? https('mcr.microsoft.com'), { ipGroups: groups });
    expect(verdict.decision).toBe(decision);
    if (note) {
      expect(verdict.witness).toBe('child / rcg / first / grouped');
      expect(verdict.reason).toContain(note);
    }
  });
});

describe('traffic without an IPv4 source', () => {
  const program = programOf(
    policy('child', { groups: ['rcg'] }),
    ruleGroup('child', 'rcg', 100, [collection('allow', 100, 'Allow', [appRule('all', { fqdns: ['*'] })])]),
  );
  it.each([
    { sources: [], named: 'none given' },
    { sources: ['fd00::/64'], named: 'fd00::/64' },
    { sources: ['fd00::/64', 'not-an-address'], named: 'fd00::/64, not-an-address' },
  ])('is unknown, naming the sources: $sources', ({ sources, named }) => {
    const verdict = evaluate(program, https('mcr.microsoft.com', sources));
    expect(verdict.decision).toBe('unknown');
    expect(verdict.reason).toContain('no IPv4 sources');
    expect(verdict.reason).toContain(`(sources: ${named})`);
    expect(verdict.trace).toEqual([]);
  });
});

describe('rules that could not be read', () => {
  it('make the compilation fail, naming what was not read, rather than a verdict over the rest', () => {
    const parent = policy('parent', { groups: ['base-rcg'] });
    const child = policy('child', { base: 'parent', groups: ['rcg'] });
    const groups = [ruleGroup('parent', 'base-rcg', 100, []), ruleGroup('child', 'rcg', 100, [])];
    const inventory = inventoryOf(fw, parent, child, ...groups);
    expect(compileFirewallProgram(inventory, fw).ok).toBe(true);
    inventory.unavailable.push(
      {
        what: 'rcg',
        resourceId: groups[0]?.id.toUpperCase(),
        cause: 'ruleCollections[0].action.type must be Allow or Deny',
      },
      {
        what: 'other',
        resourceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/routeTables/rt',
        cause: 'x',
      },
    );
    expect(compileFirewallProgram(inventory, fw)).toEqual({
      ok: false,
      cause: 'parts of the rules could not be read: ruleCollections[0].action.type must be Allow or Deny',
      missing: [],
    });
  });
});

describe('service tags with the Service Tags list in the input', () => {
  const serviceTags = [
    {
      name: 'AzureCloud.eastus',
      region: 'eastus',
      addressPrefixes: ['20.42.0.0/16', '40.71.0.0/16', '2603:1030::/40'],
      origin: { file: 'tags.json' },
    },
  ];
  const tunnel = (destination: Destination): TrafficClass => ({
    sources: ['10.1.0.0/22'],
    protocol: 'UDP',
    port: 1194,
    destination,
  });
  const withDestinations = (destinations: string[]) =>
    programOf(
      policy('child', { groups: ['rcg'] }),
      ruleGroup('child', 'rcg', 100, [
        collection('net', 100, 'Allow', [netRule('tunnel', { protocols: ['UDP'], destinations, ports: ['1194'] })]),
      ]),
    );

  it("decides a rule written as the region's CIDRs against the AzureCloud.<region> requirement", () => {
    const tag: Destination = { kind: 'service-tag', tag: 'AzureCloud.eastus' };
    expect(
      evaluateTraffic(withDestinations(['20.42.0.0/16', '40.71.0.0/16']), tunnel(tag), { ipGroups: [], serviceTags })
        .decision,
    ).toBe('allowed');
    expect(
      evaluateTraffic(withDestinations(['20.42.0.0/16']), tunnel(tag), { ipGroups: [], serviceTags }).decision,
    ).toBe('partial');
    // Without the list, the same rule cannot be decided offline.
    expect(
      evaluateTraffic(withDestinations(['20.42.0.0/16', '40.71.0.0/16']), tunnel(tag), { ipGroups: [] }).decision,
    ).toBe('unknown');
  });

  it('decides a service-tag rule against an address requirement', () => {
    const apiServer: Destination = { kind: 'addresses', addresses: ['20.42.7.9'] };
    expect(
      evaluateTraffic(withDestinations(['AzureCloud.eastus']), tunnel(apiServer), { ipGroups: [], serviceTags })
        .decision,
    ).toBe('allowed');
    expect(evaluateTraffic(withDestinations(['AzureCloud.eastus']), tunnel(apiServer), { ipGroups: [] }).decision).toBe(
      'unknown',
    );
  });
});

// Issue 15 item 9: "FQDN filtering in network rules doesn't support wildcards"
// (https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules): such a rule never matches, so the
// verdict is decided by what follows, not left unknown.
describe('a wildcard FQDN in a network rule', () => {
  const ntpWildcard = netRule('ntp-any-ubuntu', { protocols: ['UDP'], fqdns: ['*.ubuntu.com'], ports: ['123'] });
  const ntp: TrafficClass = {
    sources: ['10.1.0.0/22'],
    protocol: 'UDP',
    port: 123,
    destination: { kind: 'fqdn', pattern: 'ntp.ubuntu.com' },
  };
  it('matches nothing: the default deny decides, and a note says why', () => {
    const program = programOf(
      policy('child', { groups: ['rcg'], dnsProxy: true }),
      ruleGroup('child', 'rcg', 100, [collection('net', 100, 'Allow', [ntpWildcard])]),
    );
    const verdict = evaluate(program, ntp);
    expect(verdict).toMatchObject({ decision: 'denied', witness: 'no rule matched (default deny)' });
    expect(verdict.notes).toEqual([
      'network rule child / rcg / net / ntp-any-ubuntu names *.ubuntu.com, but FQDN filtering in network rules does not support wildcards: it matches nothing (https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules)',
    ]);
  });
  it('leaves the verdict to a later rule, against a service-tag destination too', () => {
    const program = programOf(
      policy('child', { groups: ['rcg'], dnsProxy: true }),
      ruleGroup('child', 'rcg', 100, [
        collection('deny', 100, 'Deny', [
          netRule('tunnel', { protocols: ['UDP'], fqdns: ['*.azmk8s.io'], ports: ['1194'] }),
        ]),
        collection('allow', 200, 'Allow', [
          netRule('tunnel', { protocols: ['UDP'], destinations: ['AzureCloud.eastus'], ports: ['1194'] }),
        ]),
      ]),
    );
    const verdict = evaluate(program, {
      sources: ['10.1.0.0/22'],
      protocol: 'UDP',
      port: 1194,
      destination: { kind: 'service-tag', tag: 'AzureCloud.eastus' },
    });
    expect(verdict).toMatchObject({ decision: 'allowed', witness: 'child / rcg / allow / tunnel' });
  });
});

// Issue 15 item 3: a Basic firewall has no FQDN filtering in network rules
// (https://learn.microsoft.com/azure/firewall/features-by-sku, MicrosoftDocs/azure-docs@06772ffe, 09/18/2025).
describe('network rule FQDNs on a Basic firewall', () => {
  it('match nothing, even with the proxy enabled in the policy', () => {
    const basic = { ...fw, skuTier: 'Basic' };
    const inventory = inventoryOf(
      basic,
      policy('child', { groups: ['rcg'], dnsProxy: true }),
      ruleGroup('child', 'rcg', 100, [
        collection('net', 100, 'Allow', [
          netRule('ntp', { protocols: ['UDP'], fqdns: ['ntp.ubuntu.com'], ports: ['123'] }),
        ]),
      ]),
    );
    const compiled = compileFirewallProgram(inventory, basic);
    if (!compiled.ok) throw new Error(compiled.cause);
    const verdict = evaluate(compiled.program, {
      sources: ['10.1.0.0/22'],
      protocol: 'UDP',
      port: 123,
      destination: { kind: 'fqdn', pattern: 'ntp.ubuntu.com' },
    });
    expect(verdict.decision).toBe('denied');
    expect(verdict.notes).toEqual([
      'network rule child / rcg / net / ntp names FQDNs, but afw is a Basic firewall, which has no FQDN filtering in network rules: they match nothing',
    ]);
  });
});

// Issue 15 item 10: target URLs (Azure Firewall FAQ, "How do wildcards work in target URLs and target FQDNs in
// application rules?": `www.contoso.com` matches www.contoso.com and www.contoso.com/; `www.contoso.com/test/*`
// matches /test/anything but not /test). URL filtering is Premium, and for HTTPS needs TLS inspection
// (https://learn.microsoft.com/azure/firewall/features-by-sku).
describe('target URLs', () => {
  const urlRule = (urls: string[], terminateTls = true) => ({
    ...appRule('mcr-urls', { fqdns: [] }),
    targetUrls: urls,
    terminateTls,
  });
  function verdictFor(urls: string[], options: { tier?: string; terminateTls?: boolean; tls?: boolean } = {}) {
    const premium = { ...fw, skuTier: options.tier ?? 'Premium' };
    const inventory = inventoryOf(
      premium,
      { ...policy('child', { groups: ['rcg'] }), tlsInspectionEnabled: options.tls ?? true },
      ruleGroup('child', 'rcg', 100, [collection('app', 100, 'Allow', [urlRule(urls, options.terminateTls)])]),
    );
    const compiled = compileFirewallProgram(inventory, premium);
    if (!compiled.ok) throw new Error(compiled.cause);
    return evaluate(compiled.program, https('mcr.microsoft.com'));
  }
  it.each([
    [['mcr.microsoft.com/*', 'mcr.microsoft.com'], 'allowed'],
    [['mcr.microsoft.com/*', 'mcr.microsoft.com/'], 'allowed'],
    [['mcr.microsoft.com/*'], 'partial'],
    [['mcr.microsoft.com'], 'partial'],
    [['mcr.microsoft.com/v2/*', 'mcr.microsoft.com'], 'partial'],
  ])('%j on a Premium firewall with TLS inspection: %s', (urls, decision) => {
    expect(verdictFor(urls).decision).toBe(decision);
  });

  it.each([
    [{ tier: 'Standard' }, 'afw is a Standard firewall, and URL filtering is Premium only'],
    [{ terminateTls: false }, 'it does not terminate TLS, and URL filtering of HTTPS needs TLS inspection'],
    [{ tls: false }, 'its policy has no TLS inspection settings, and URL filtering of HTTPS needs TLS inspection'],
  ])('match nothing where URL filtering does not run (%j)', (options, why) => {
    const verdict = verdictFor(['mcr.microsoft.com/*', 'mcr.microsoft.com'], options);
    expect(verdict).toMatchObject({ decision: 'denied', witness: 'no rule matched (default deny)' });
    expect(verdict.notes).toEqual([
      `the target URLs of child / rcg / app / mcr-urls match nothing here: ${why} (https://learn.microsoft.com/azure/firewall/premium-features#url-filtering)`,
    ]);
  });
});
