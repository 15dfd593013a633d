import { firewall, inventoryOf, policy } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { Firewall, FirewallPolicy } from '../model/inventory.ts';
import { compileFirewallProgram } from './program.ts';

const fw = (options: Partial<Firewall> & { policyName?: string } = {}): Firewall => {
  const { policyName, ...rest } = options;
  return { ...firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', policy: policyName }), ...rest };
};

function programOf(fwall: Firewall, ...policies: FirewallPolicy[]) {
  const compiled = compileFirewallProgram(inventoryOf(fwall, ...policies), fwall);
  if (!compiled.ok) throw new Error(compiled.cause);
  return compiled.program;
}

// https://learn.microsoft.com/azure/firewall/dns-settings (MicrosoftDocs/azure-docs@11ee015b, 10/07/2022):
// "By default … DNS Proxy is disabled"; "Policy inheritance: … A child policy inherits all parent policy DNS
// settings, but it can override the parent policy." https://learn.microsoft.com/azure/firewall/features-by-sku
// (MicrosoftDocs/azure-docs@06772ffe, 09/18/2025): Basic "DNS proxy: Not available".
describe('the DNS proxy setting a firewall runs with', () => {
  const cases: { name: string; firewall: Firewall; policies: FirewallPolicy[]; enabled: boolean; source: string }[] = [
    {
      name: 'set on the policy the firewall uses',
      firewall: fw({ policyName: 'afwp' }),
      policies: [policy('afwp', { dnsProxy: true })],
      enabled: true,
      source: 'set on policy afwp',
    },
    {
      name: "unset on the child: the parent's",
      firewall: fw({ policyName: 'child' }),
      policies: [policy('base', { dnsProxy: true }), policy('child', { base: 'base' })],
      enabled: true,
      source: 'inherited from parent policy base (policy child does not set it)',
    },
    {
      name: "the child's own overrides the parent's",
      firewall: fw({ policyName: 'child' }),
      policies: [policy('base', { dnsProxy: true }), policy('child', { base: 'base', dnsProxy: false })],
      enabled: false,
      source: 'set on policy child',
    },
    {
      name: 'set nowhere in the chain: disabled by default',
      firewall: fw({ policyName: 'child' }),
      policies: [policy('base'), policy('child', { base: 'base' })],
      enabled: false,
      source:
        'set on no policy of the chain (base, child): DNS proxy is disabled by default (https://learn.microsoft.com/azure/firewall/dns-settings)',
    },
    {
      name: 'on a Basic firewall: none, whatever the policy says',
      firewall: fw({ policyName: 'afwp', skuTier: 'Basic' }),
      policies: [policy('afwp', { dnsProxy: true })],
      enabled: false,
      source:
        'set on policy afwp; but afw is a Basic firewall, which has no DNS proxy (https://learn.microsoft.com/azure/firewall/features-by-sku)',
    },
    {
      name: 'a classic firewall: its additionalProperties',
      firewall: fw({ additionalProperties: { 'Network.DNS.EnableProxy': 'true' } }),
      policies: [],
      enabled: true,
      source: 'set on firewall afw (additionalProperties Network.DNS.EnableProxy)',
    },
  ];
  it.each(cases)('$name', ({ firewall: fwall, policies, enabled, source }) => {
    const program = programOf(fwall, ...policies);
    expect(program.dnsProxyEnabled).toBe(enabled);
    expect(program.dnsProxy.source).toBe(source);
  });

  it('says what a Basic firewall was asked for', () => {
    const program = programOf(fw({ policyName: 'afwp', skuTier: 'Basic' }), policy('afwp', { dnsProxy: true }));
    expect(program.dnsProxy.requested).toBe(true);
  });
});

// TLS inspection "Premium" only (features-by-sku): it runs when the firewall is Premium and its policy chain
// holds the TLS inspection settings.
describe('TLS inspection', () => {
  const tls = (name: string) => ({ ...policy(name), tlsInspectionEnabled: true });
  it.each([
    ['Premium', true],
    ['Standard', false],
  ])('on a %s firewall whose policy configures it: %s', (tier, expected) => {
    expect(programOf(fw({ policyName: 'afwp', skuTier: tier }), tls('afwp')).tlsInspection).toBe(expected);
  });
});
