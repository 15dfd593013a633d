import {
  appRule,
  checkTester,
  collection,
  firewall,
  inventoryOf,
  netRule,
  policy,
  ruleGroup,
} from '@aro-aks-audit/testing';
import check from './firewall-sku-mismatch.ts';

// Issue 15 item 3, after "Azure Firewall features by SKU" (https://learn.microsoft.com/azure/firewall/features-by-sku,
// MicrosoftDocs/azure-docs@06772ffe, 09/18/2025) and the policy tiers of "Azure Firewall Manager policy overview"
// (https://learn.microsoft.com/azure/firewall-manager/policy-overview, "Basic, Standard, and Premium policies").
const fw = (tier: string | undefined) => ({
  ...firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', policy: 'afwp' }),
  skuTier: tier,
});
const premiumPolicy = { ...policy('afwp', { groups: ['rcg'] }), skuTier: 'Premium', tlsInspectionEnabled: true };
const urlRule = { ...appRule('mcr-urls', { fqdns: [] }), targetUrls: ['mcr.microsoft.com/*'], terminateTls: true };
const group = (...rules: Parameters<typeof collection>[3]) =>
  ruleGroup('afwp', 'rcg', 100, [collection('allow', 100, 'Allow', rules)]);

checkTester.run(check, {
  pass: [
    {
      name: 'a Premium firewall with TLS inspection and URL rules',
      inventory: inventoryOf(fw('Premium'), premiumPolicy, group(urlRule)),
      expect: [{ messageId: 'consistent', data: { tier: 'Premium' } }],
    },
    {
      name: 'a Standard firewall with DNS proxy and FQDN network rules',
      inventory: inventoryOf(
        fw('Standard'),
        policy('afwp', { groups: ['rcg'], dnsProxy: true }),
        group(netRule('ntp', { protocols: ['UDP'], fqdns: ['ntp.ubuntu.com'], ports: ['123'] })),
      ),
      expect: [{ messageId: 'consistent' }],
    },
  ],
  fail: [
    {
      name: 'a Premium policy with TLS inspection and URL rules on a Standard firewall',
      inventory: inventoryOf(fw('Standard'), premiumPolicy, group(urlRule)),
      expect: [
        {
          messageId: 'beyondSku',
          data: {
            tier: 'Standard',
            needed: 'Premium',
            features:
              'a Premium policy (afwp); TLS inspection (afwp); target URLs (afwp / rcg / allow / mcr-urls); rules that terminate TLS (afwp / rcg / allow / mcr-urls)',
            effect:
              'a Premium policy is not supported on this firewall; no TLS is terminated; rules with target URLs match nothing; their traffic is matched by SNI, not inspected',
          },
        },
      ],
    },
    {
      name: 'IDPS in a parent policy reaches a Standard firewall through its child',
      inventory: inventoryOf(
        { ...fw('Standard'), policyId: policy('child').id },
        { ...policy('base'), intrusionDetectionMode: 'Deny' },
        policy('child', { base: 'base' }),
      ),
      expect: [{ messageId: 'beyondSku', data: { features: 'IDPS in Deny mode (base)' } }],
    },
    {
      name: 'DNS proxy, FQDN network rules and web categories on a Basic firewall',
      inventory: inventoryOf(
        fw('Basic'),
        policy('afwp', { groups: ['rcg'], dnsProxy: true }),
        group(netRule('ntp', { protocols: ['UDP'], fqdns: ['ntp.ubuntu.com'], ports: ['123'] }), {
          ...appRule('social', {}),
          webCategories: ['SocialNetworking'],
        }),
      ),
      expect: [
        {
          messageId: 'beyondSku',
          data: {
            needed: 'Standard',
            features:
              'web categories (afwp / rcg / allow / social); FQDNs in network rules (afwp / rcg / allow / ntp); DNS proxy (set on policy afwp)',
          },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'a firewall whose SKU tier is not in the input',
      inventory: inventoryOf(fw(undefined), policy('afwp')),
      expect: [{ messageId: 'tierUnknown' }],
    },
    {
      name: "a firewall whose policy's rule collection group is not in the input",
      inventory: inventoryOf(fw('Standard'), policy('afwp', { groups: ['rcg-unread'] })),
      expect: [{ messageId: 'rulesUnreadable' }],
    },
  ],
});
