import { appRule, ipGroup, netRule } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { ApplicationRule, IpGroup } from '../model/inventory.ts';
import { programOf, type Rule } from './policy-rules.test-support.ts';
import { type PreparedApplicationRule, type PreparedNetworkRule, prepareProgram } from './prepared.ts';
import { type Cover, coverDetail, ruleCovers } from './rule-containment.ts';
import type { PreparedRule } from './rule-facts.ts';

/** The two rules parsed as the evaluator parses them. */
function prepared(earlier: Rule, later: Rule, ipGroups: IpGroup[] = []): [PreparedRule, PreparedRule] {
  const { program, ipGroups: groups } = programOf([earlier, later], { ipGroups });
  const { network, application } = prepareProgram(program, groups).rules;
  const all: PreparedRule[] = [...network, ...application];
  const find = (r: Rule) => all.find((p) => p.rule === r) as PreparedNetworkRule | PreparedApplicationRule;
  return [find(earlier), find(later)];
}

const covers = (earlier: Rule, later: Rule, options: { ipGroups?: IpGroup[]; dnsProxy?: boolean } = {}) => {
  const [e, l] = prepared(earlier, later, options.ipGroups);
  return ruleCovers(e, l, { dnsProxyEnabled: options.dnsProxy ?? true });
};

const RP = 'https://learn.microsoft.com/azure/firewall/rule-processing';
const FAQ = 'https://learn.microsoft.com/azure/firewall/firewall-faq';
const IPG = 'https://learn.microsoft.com/azure/firewall/ip-groups';
const TAGS = 'https://learn.microsoft.com/azure/firewall/service-tags';
const FQNR = 'https://learn.microsoft.com/azure/firewall/fqdn-filtering-network-rules';

const net = (o: Parameters<typeof netRule>[1]) => netRule('r', o);
const app = (o: Parameters<typeof appRule>[1]) => appRule('r', o);

describe('network rule against network rule', () => {
  it.each<[string, string, Rule, Rule, Cover]>([
    // Sources, destinations, ports: inclusive address and port sets.
    [
      'a wider source holds a narrower one',
      RP,
      net({ sources: ['10.0.0.0/16'], destinations: ['*'] }),
      net({ sources: ['10.0.1.0/24'], destinations: ['*'] }),
      'all',
    ],
    [
      '`*` holds every source',
      RP,
      net({ sources: ['*'], destinations: ['*'] }),
      net({ sources: ['10.0.1.0/24', '192.168.0.1'], destinations: ['*'] }),
      'all',
    ],
    [
      'a narrower source holds only some of a wider one',
      RP,
      net({ sources: ['10.0.1.0/24'], destinations: ['*'] }),
      net({ sources: ['10.0.0.0/16'], destinations: ['*'] }),
      'some',
    ],
    [
      'disjoint sources: none',
      RP,
      net({ sources: ['10.0.1.0/24'], destinations: ['*'] }),
      net({ sources: ['10.0.2.0/24'], destinations: ['*'] }),
      'none',
    ],
    [
      'two entries together hold one range',
      RP,
      net({ sources: ['10.0.0.0/25', '10.0.0.128/25'], destinations: ['*'] }),
      net({ sources: ['10.0.0.0/24'], destinations: ['*'] }),
      'all',
    ],
    [
      'a range form equals its CIDR',
      IPG,
      net({ sources: ['10.2.0.0-10.2.0.31'], destinations: ['*'] }),
      net({ sources: ['10.2.0.0/27'], destinations: ['*'] }),
      'all',
    ],
    [
      'a port range holds a port inside it',
      RP,
      net({ destinations: ['*'], ports: ['8000-8999'] }),
      net({ destinations: ['*'], ports: ['8080'] }),
      'all',
    ],
    [
      '`*` holds every port',
      RP,
      net({ destinations: ['*'], ports: ['*'] }),
      net({ destinations: ['*'], ports: ['1-65535'] }),
      'all',
    ],
    [
      'one port does not hold two',
      RP,
      net({ destinations: ['*'], ports: ['443'] }),
      net({ destinations: ['*'], ports: ['80', '443'] }),
      'some',
    ],
    [
      'a wider destination CIDR holds a narrower one',
      RP,
      net({ destinations: ['20.0.0.0/8'] }),
      net({ destinations: ['20.1.2.3'] }),
      'all',
    ],
    [
      'a destination `*` holds addresses, service tags and FQDNs',
      RP,
      net({ destinations: ['*'] }),
      net({ destinations: ['AzureCloud.eastus', '1.2.3.4'], fqdns: ['ntp.ubuntu.com'] }),
      'all',
    ],
    ['addresses never add up to `*`', RP, net({ destinations: ['0.0.0.0/1'] }), net({ destinations: ['*'] }), 'some'],
    // Protocols: "Any IP protocol includes all the IP protocols … If a destination port is explicitly
    // configured, then the rule is translated to a TCP+UDP rule."
    [
      'TCP does not hold UDP',
      RP,
      net({ protocols: ['TCP'], destinations: ['*'] }),
      net({ protocols: ['UDP'], destinations: ['*'] }),
      'none',
    ],
    [
      'TCP+UDP holds TCP',
      RP,
      net({ protocols: ['TCP', 'UDP'], destinations: ['*'] }),
      net({ protocols: ['TCP'], destinations: ['*'] }),
      'all',
    ],
    [
      'Any with a port is TCP+UDP: it holds UDP on that port',
      RP,
      net({ protocols: ['Any'], destinations: ['*'], ports: ['123'] }),
      net({ protocols: ['UDP'], destinations: ['*'], ports: ['123'] }),
      'all',
    ],
    [
      'Any with a port is TCP+UDP: it does not hold ICMP',
      RP,
      net({ protocols: ['Any'], destinations: ['*'], ports: ['443'] }),
      net({ protocols: ['ICMP'], destinations: ['*'] }),
      'none',
    ],
    [
      'Any on port * is every IP protocol: it holds ICMP',
      RP,
      net({ protocols: ['Any'], destinations: ['*'], ports: ['*'] }),
      net({ protocols: ['ICMP'], destinations: ['*'], ports: ['*'] }),
      'all',
    ],
    [
      'TCP+UDP+ICMP does not hold Any on port * (other IP protocols)',
      RP,
      net({ protocols: ['TCP', 'UDP', 'ICMP'], destinations: ['*'], ports: ['*'] }),
      net({ protocols: ['Any'], destinations: ['*'], ports: ['*'] }),
      'some',
    ],
    [
      'ICMP has no ports: ICMP on 443 holds ICMP on *',
      RP,
      net({ protocols: ['ICMP'], destinations: ['*'], ports: ['443'] }),
      net({ protocols: ['ICMP'], destinations: ['*'], ports: ['*'] }),
      'all',
    ],
    // Service tags (https://learn.microsoft.com/azure/firewall/service-tags): compared by name.
    [
      'a tag holds itself',
      TAGS,
      net({ destinations: ['AzureCloud.eastus'] }),
      net({ destinations: ['AzureCloud.EastUS'] }),
      'all',
    ],
    [
      'a global tag holds its regional tags',
      TAGS,
      net({ destinations: ['AzureCloud'] }),
      net({ destinations: ['AzureCloud.eastus'] }),
      'all',
    ],
    [
      'a regional tag holds only some of its global tag',
      TAGS,
      net({ destinations: ['AzureCloud.eastus'] }),
      net({ destinations: ['AzureCloud'] }),
      'some',
    ],
    [
      'another region is another tag',
      TAGS,
      net({ destinations: ['AzureCloud.westus'] }),
      net({ destinations: ['AzureCloud.eastus'] }),
      'none',
    ],
    [
      'AzureCloud may hold another service: unknown',
      TAGS,
      net({ destinations: ['AzureCloud'] }),
      net({ destinations: ['AzureMonitor'] }),
      'unknown',
    ],
    [
      'addresses against a tag: unknown offline',
      TAGS,
      net({ destinations: ['20.0.0.0/6'] }),
      net({ destinations: ['AzureMonitor'] }),
      'unknown',
    ],
    [
      'a tag against addresses: unknown offline',
      TAGS,
      net({ destinations: ['AzureMonitor'] }),
      net({ destinations: ['20.1.2.3'] }),
      'unknown',
    ],
    [
      'different services are different address sets',
      TAGS,
      net({ destinations: ['Storage'] }),
      net({ destinations: ['AzureMonitor'] }),
      'none',
    ],
    // FQDNs in network rules are exact names ("doesn't support wildcards"); names are not compared with addresses.
    ['the same destination FQDN', FQNR, net({ fqdns: ['ntp.ubuntu.com'] }), net({ fqdns: ['NTP.ubuntu.com.'] }), 'all'],
    ['another FQDN', FQNR, net({ fqdns: ['ntp.ubuntu.com'] }), net({ fqdns: ['time.windows.com'] }), 'none'],
    [
      'an address range does not hold an FQDN (resolution unknown, not compared)',
      FQNR,
      net({ destinations: ['0.0.0.0/1'] }),
      net({ fqdns: ['ghcr.io'] }),
      'none',
    ],
    [
      'a wildcard network FQDN matches nothing and holds nothing',
      FQNR,
      net({ fqdns: ['*.ubuntu.com'] }),
      net({ fqdns: ['ntp.ubuntu.com'] }),
      'none',
    ],
    [
      'every destination of the later rule must be held',
      RP,
      net({ destinations: ['10.0.0.0/8'] }),
      net({ destinations: ['10.1.0.0/16'], fqdns: ['ghcr.io'] }),
      'some',
    ],
  ])('%s (%s)', (_name, _doc, earlier, later, expected) => {
    expect(covers(earlier, later)).toBe(expected);
  });

  it('IP groups are expanded; a group not in the input makes a cover unknown, an empty one matches nothing (IP groups)', () => {
    const nodes = ipGroup('ipg-nodes', ['10.1.0.0/22']);
    const groupRule = (name: string) => ({
      ...net({ destinations: ['*'] }),
      sourceAddresses: [],
      sourceIpGroups: [
        `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-test/providers/Microsoft.Network/ipGroups/${name}`,
      ],
    });
    expect(
      covers(groupRule('ipg-nodes'), net({ sources: ['10.1.1.0/24'], destinations: ['*'] }), { ipGroups: [nodes] }),
    ).toBe('all');
    expect(
      covers(net({ sources: ['10.0.0.0/8'], destinations: ['*'] }), groupRule('ipg-nodes'), { ipGroups: [nodes] }),
    ).toBe('all');
    expect(
      covers(net({ sources: ['10.2.0.0/16'], destinations: ['*'] }), groupRule('ipg-nodes'), { ipGroups: [nodes] }),
    ).toBe('none');
    // The earlier rule names a group we cannot read: it may hold the later rule's sources.
    expect(
      covers(groupRule('ipg-missing'), net({ sources: ['10.1.1.0/24'], destinations: ['*'] }), { ipGroups: [nodes] }),
    ).toBe('unknown');
    // "If you delete all the IP addresses in an IP Group while it is still in use in a rule, that rule is skipped."
    const empty = ipGroup('ipg-empty', []);
    expect(covers(net({ destinations: ['*'] }), groupRule('ipg-empty'), { ipGroups: [empty] })).toBe('none');
  });

  it('says why a cover cannot be decided', () => {
    const [e, l] = prepared(net({ destinations: ['20.0.0.0/6'] }), net({ destinations: ['AzureMonitor'] }));
    expect(coverDetail(e, l)).toEqual({
      cover: 'unknown',
      why: ['the addresses of service tag azuremonitor are not known offline'],
    });
  });
});

describe('application rule against application rule', () => {
  it.each<[string, string, Rule, Rule, Cover]>([
    // Target FQDN wildcards as the FAQ documents them ("How do wildcards work in target URLs and target FQDNs").
    [
      '*.contoso.com holds any.contoso.com',
      FAQ,
      app({ fqdns: ['*.contoso.com'] }),
      app({ fqdns: ['any.contoso.com'] }),
      'all',
    ],
    [
      '*.contoso.com does not hold contoso.com ("you must include contoso.com")',
      FAQ,
      app({ fqdns: ['*.contoso.com'] }),
      app({ fqdns: ['contoso.com'] }),
      'none',
    ],
    [
      '*contoso.com holds contoso.com and *.contoso.com',
      FAQ,
      app({ fqdns: ['*contoso.com'] }),
      app({ fqdns: ['contoso.com', '*.contoso.com'] }),
      'all',
    ],
    [
      'each later target must be held by an earlier one',
      FAQ,
      app({ fqdns: ['mcr.microsoft.com'] }),
      app({ fqdns: ['mcr.microsoft.com', '*.data.mcr.microsoft.com'] }),
      'some',
    ],
    [
      'target * holds every name, FQDN tag and web category',
      FAQ,
      app({ fqdns: ['*'] }),
      app({ fqdnTags: ['AzureKubernetesService'] }),
      'all',
    ],
    // Protocol:port pairs.
    [
      'Https:443 does not hold Http:80',
      RP,
      app({ fqdns: ['*.contoso.com'] }),
      app({ fqdns: ['a.contoso.com'], protocols: ['Http:80'] }),
      'none',
    ],
    [
      'Http:80 and Https:443 hold Https:443',
      RP,
      app({ fqdns: ['*.contoso.com'], protocols: ['Http:80', 'Https:443'] }),
      app({ fqdns: ['a.contoso.com'] }),
      'all',
    ],
    [
      'Https:443 holds only some of Http:80 + Https:443',
      RP,
      app({ fqdns: ['*.contoso.com'] }),
      app({ fqdns: ['a.contoso.com'], protocols: ['Http:80', 'Https:443'] }),
      'some',
    ],
    // FQDN tags: Microsoft-managed lists, "you can't … specify which FQDNs are included within a tag".
    [
      'the same FQDN tag',
      'https://learn.microsoft.com/azure/firewall/fqdn-tags',
      app({ fqdnTags: ['AzureKubernetesService'] }),
      app({ fqdnTags: ['azurekubernetesservice'] }),
      'all',
    ],
    [
      'an FQDN tag may hold a target FQDN: unknown',
      'https://learn.microsoft.com/azure/firewall/fqdn-tags',
      app({ fqdnTags: ['AzureKubernetesService'] }),
      app({ fqdns: ['mcr.microsoft.com'] }),
      'unknown',
    ],
    [
      'target FQDNs do not hold an FQDN tag',
      'https://learn.microsoft.com/azure/firewall/fqdn-tags',
      app({ fqdns: ['mcr.microsoft.com'] }),
      app({ fqdnTags: ['AzureKubernetesService'] }),
      'none',
    ],
    [
      'another FQDN tag',
      'https://learn.microsoft.com/azure/firewall/fqdn-tags',
      app({ fqdnTags: ['WindowsUpdate'] }),
      app({ fqdnTags: ['AzureKubernetesService'] }),
      'none',
    ],
  ])('%s (%s)', (_name, _doc, earlier, later, expected) => {
    expect(covers(earlier, later)).toBe(expected);
  });

  it('target URLs: held by a target FQDN of their host, by the same URL; other URLs of the host are unknown', () => {
    const url = (urls: string[]): ApplicationRule => ({ ...app({}), targetUrls: urls, terminateTls: true });
    expect(covers(app({ fqdns: ['*.contoso.com'] }), url(['www.contoso.com/test']))).toBe('all');
    expect(covers(url(['www.contoso.com/test']), url(['WWW.contoso.com/test']))).toBe('all');
    expect(covers(url(['www.contoso.com/test/*']), url(['www.contoso.com/test/a']))).toBe('unknown');
    expect(covers(url(['www.contoso.com/test']), app({ fqdns: ['www.contoso.com'] }))).toBe('none');
  });
});

describe('network rule against application rule: network rules are processed first', () => {
  // RP "Example 1": a network allow TCP * → *:80,443 decides google.com before the application deny.
  it.each<[string, Rule, Rule, boolean | undefined, Cover]>([
    [
      'TCP to * on 80,443 holds an application rule on Https:443 (Example 1)',
      net({ destinations: ['*'], ports: ['80', '443'] }),
      app({ fqdns: ['google.com'] }),
      true,
      'all',
    ],
    [
      'UDP does not carry HTTPS',
      net({ protocols: ['UDP'], destinations: ['*'], ports: ['443'] }),
      app({ fqdns: ['google.com'] }),
      true,
      'none',
    ],
    ['another port', net({ destinations: ['*'], ports: ['8443'] }), app({ fqdns: ['google.com'] }), true, 'none'],
    [
      'the same name as a destination FQDN, DNS proxy on',
      net({ fqdns: ['ghcr.io'] }),
      app({ fqdns: ['ghcr.io'] }),
      true,
      'all',
    ],
    [
      'the same name, DNS proxy off: resolution may differ',
      net({ fqdns: ['ghcr.io'] }),
      app({ fqdns: ['ghcr.io'] }),
      false,
      'unknown',
    ],
    [
      'a wildcard target is not held by exact names',
      net({ fqdns: ['a.contoso.com'] }),
      app({ fqdns: ['*.contoso.com'] }),
      true,
      'some',
    ],
    [
      'addresses and service tags are not compared with names',
      net({ destinations: ['AzureCloud', '0.0.0.0/1'] }),
      app({ fqdns: ['mcr.microsoft.com'] }),
      true,
      'none',
    ],
    [
      'Any with explicit ports is TCP+UDP: it holds HTTPS on 443',
      net({ protocols: ['Any'], destinations: ['*'], ports: ['443'] }),
      app({ fqdnTags: ['AzureKubernetesService'] }),
      true,
      'all',
    ],
  ])('%s', (_name, earlier, later, dnsProxy, expected) => {
    expect(covers(earlier, later, { dnsProxy })).toBe(expected);
  });

  it('an application rule never holds a network rule', () => {
    expect(covers(app({ fqdns: ['*'] }), net({ fqdns: ['ghcr.io'] }))).toBe('none');
  });
});
