import type { Check } from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import classicRulesInUse from './classic-rules-in-use.ts';
import collectionIncomplete from './collection-incomplete.ts';
import egressBypassesFirewall from './egress-bypasses-firewall.ts';
import fqdnNetworkRuleWithoutDnsProxy from './fqdn-network-rule-without-dns-proxy.ts';
import multiTenantWildcard from './multi-tenant-wildcard.ts';
import outboundTypeMismatch from './outbound-type-mismatch.ts';
import overlyBroadRule from './overly-broad-rule.ts';
import redundantRule from './redundant-rule.ts';
import requiredEndpointBlocked from './required-endpoint-blocked.ts';
import shadowedRule from './shadowed-rule.ts';
import snatExhaustionRisk from './snat-exhaustion-risk.ts';
import threatIntelOff from './threat-intel-off.ts';
import unknownRuleReference from './unknown-rule-reference.ts';

/** Every check, by id. Kept in step with the files and docs by registry.test.ts. */
export const CHECKS = {
  'classic-rules-in-use': classicRulesInUse,
  'collection-incomplete': collectionIncomplete,
  'egress-bypasses-firewall': egressBypassesFirewall,
  'fqdn-network-rule-without-dns-proxy': fqdnNetworkRuleWithoutDnsProxy,
  'multi-tenant-wildcard': multiTenantWildcard,
  'outbound-type-mismatch': outboundTypeMismatch,
  'overly-broad-rule': overlyBroadRule,
  'redundant-rule': redundantRule,
  'required-endpoint-blocked': requiredEndpointBlocked,
  'shadowed-rule': shadowedRule,
  'snat-exhaustion-risk': snatExhaustionRisk,
  'threat-intel-off': threatIntelOff,
  'unknown-rule-reference': unknownRuleReference,
} satisfies Record<string, Check<string, RulesSettings>>;

export const ALL_CHECKS: readonly Check<string, RulesSettings>[] = Object.values(CHECKS);
