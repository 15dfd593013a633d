import { checkTester, collection, firewall, inventoryOf, netRule, policy, ruleGroup } from '@aro-aks-audit/testing';
import check from './fqdn-network-rule-without-dns-proxy.ts';

const ntp = netRule('ntp', { sources: ['10.1.0.0/22'], protocols: ['UDP'], fqdns: ['ntp.ubuntu.com'], ports: ['123'] });
const fw = (options: { policy?: string } = {}) =>
  firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', ...options });
const group = (policyName: string, ...rules: Parameters<typeof collection>[3]) =>
  ruleGroup(policyName, 'rcg', 200, [collection('net', 100, 'Allow', rules)]);

checkTester.run(check, {
  pass: [
    {
      name: 'the AKS NTP rule by FQDN with DNS proxy enabled on the policy',
      inventory: inventoryOf(fw({ policy: 'afwp' }), policy('afwp', { dnsProxy: true }), group('afwp', ntp)),
      expect: [{ messageId: 'proxyOn', subject: 'afwp / rcg / net / ntp', data: { setting: 'policy afwp' } }],
    },
    {
      name: "a parent policy's FQDN rule, on a firewall whose child policy enables DNS proxy",
      inventory: inventoryOf(
        fw({ policy: 'afwp-child' }),
        policy('afwp-base'),
        policy('afwp-child', { base: 'afwp-base', dnsProxy: true }),
        group('afwp-base', ntp),
      ),
      expect: [{ messageId: 'proxyOn', subject: 'afwp-base / rcg / net / ntp', resourceName: 'afw' }],
    },
    // Issue 15 item 2: "A child policy inherits all parent policy DNS settings, but it can override the parent
    // policy" (https://learn.microsoft.com/azure/firewall/dns-settings#policy-inheritance).
    {
      name: 'a child policy without DNS settings inherits DNS proxy on from its parent',
      inventory: inventoryOf(
        fw({ policy: 'afwp-child' }),
        policy('afwp-base', { dnsProxy: true }),
        policy('afwp-child', { base: 'afwp-base' }),
        group('afwp-child', ntp),
      ),
      expect: [
        { messageId: 'proxyOn', subject: 'afwp-child / rcg / net / ntp', data: { setting: 'policy afwp-child' } },
      ],
    },
    {
      name: 'an unused child policy inherits DNS proxy on from its parent too',
      inventory: inventoryOf(
        policy('afwp-base', { dnsProxy: true }),
        policy('afwp-child', { base: 'afwp-base' }),
        group('afwp-child', ntp),
      ),
      // The parent, used by no firewall either, is checked on its own rules: it has none that name an FQDN.
      alsoYields: { skip: 1 },
      expect: [{ messageId: 'proxyOn', resourceName: 'afwp-child' }],
    },
    {
      name: 'a classic firewall with additionalProperties Network.DNS.EnableProxy true',
      inventory: inventoryOf(
        firewall('afw', {
          privateIp: '10.0.1.4',
          vnet: 'vnet-hub',
          additionalProperties: { 'Network.DNS.EnableProxy': 'true' },
          collections: { network: [collection('net', 100, 'Allow', [ntp])] },
        }),
      ),
      expect: [{ messageId: 'proxyOn', subject: 'afw (classic) / net / ntp' }],
    },
  ],
  fail: [
    {
      name: 'an FQDN network rule while the policy has DNS proxy off',
      inventory: inventoryOf(fw({ policy: 'afwp' }), policy('afwp'), group('afwp', ntp)),
      expect: [
        {
          messageId: 'proxyOff',
          subject: 'afwp / rcg / net / ntp',
          data: { fqdns: 'ntp.ubuntu.com', setting: 'policy afwp' },
        },
      ],
    },
    {
      name: "a child policy that turns DNS proxy off overrides its parent's on",
      inventory: inventoryOf(
        fw({ policy: 'afwp-child' }),
        policy('afwp-base', { dnsProxy: true }),
        policy('afwp-child', { base: 'afwp-base', dnsProxy: false }),
        group('afwp-child', ntp),
      ),
      expect: [{ messageId: 'proxyOff', data: { setting: 'policy afwp-child' } }],
    },
    // Issue 15 item 3: Basic has "DNS proxy: Not available" and "Network FQDN filtering: Not supported"
    // (https://learn.microsoft.com/azure/firewall/features-by-sku, MicrosoftDocs/azure-docs@06772ffe, 09/18/2025).
    {
      name: 'a Basic firewall: no DNS proxy, even when its policy enables it',
      inventory: inventoryOf(
        { ...fw({ policy: 'afwp' }), skuTier: 'Basic' },
        policy('afwp', { dnsProxy: true }),
        group('afwp', ntp),
      ),
      expect: [
        {
          messageId: 'basicSku',
          subject: 'afwp / rcg / net / ntp',
          data: { firewall: 'afw', requested: ', although its DNS settings enable the proxy' },
        },
      ],
    },
    {
      name: 'a classic firewall without Network.DNS.EnableProxy',
      inventory: inventoryOf(
        firewall('afw', {
          privateIp: '10.0.1.4',
          vnet: 'vnet-hub',
          collections: { network: [collection('net', 100, 'Allow', [ntp])] },
        }),
      ),
      expect: [
        {
          messageId: 'proxyOff',
          data: { setting: 'firewall afw (classic, additionalProperties Network.DNS.EnableProxy)' },
        },
      ],
    },
    {
      name: 'a wildcard FQDN in a network rule is not supported, whatever the DNS proxy',
      inventory: inventoryOf(
        fw({ policy: 'afwp' }),
        policy('afwp', { dnsProxy: true }),
        group(
          'afwp',
          netRule('ubuntu', { protocols: ['TCP'], fqdns: ['*.ubuntu.com', 'security.ubuntu.com'], ports: ['80'] }),
        ),
      ),
      alsoYields: { pass: 1 },
      expect: [
        {
          messageId: 'wildcardFqdn',
          subject: 'afwp / rcg / net / ubuntu [*.ubuntu.com]',
          data: { fqdn: '*.ubuntu.com' },
        },
      ],
    },
    {
      name: 'a policy that no firewall in the input uses is checked on its own DNS proxy setting',
      inventory: inventoryOf(policy('afwp-spare'), group('afwp-spare', ntp)),
      expect: [{ messageId: 'proxyOff', resourceName: 'afwp-spare', data: { setting: 'policy afwp-spare' } }],
    },
  ],
  unknown: [
    {
      name: "a rule collection group of the firewall's policy is not in the input",
      inventory: inventoryOf(fw({ policy: 'afwp' }), policy('afwp', { groups: ['rcg-unread'] })),
      expect: [{ messageId: 'rulesUnreadable', data: { target: 'firewall afw' } }],
    },
  ],
  skip: [
    {
      name: 'no network rule names an FQDN',
      inventory: inventoryOf(
        fw({ policy: 'afwp' }),
        policy('afwp'),
        group('afwp', netRule('ntp-ip', { protocols: ['UDP'], destinations: ['*'], ports: ['123'] })),
      ),
      expect: [{ messageId: 'noFqdnRules', data: { target: 'firewall afw' } }],
    },
  ],
});
