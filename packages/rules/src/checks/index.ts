import type { Check } from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import broadRuleUsage from './broad-rule-usage.ts';
import classicRulesInUse from './classic-rules-in-use.ts';
import collectionIncomplete from './collection-incomplete.ts';
import configLogDisagreement from './config-log-disagreement.ts';
import egressBypassesFirewall from './egress-bypasses-firewall.ts';
import firewallSkuMismatch from './firewall-sku-mismatch.ts';
import fqdnNetworkRuleWithoutDnsProxy from './fqdn-network-rule-without-dns-proxy.ts';
import multiTenantWildcard from './multi-tenant-wildcard.ts';
import optionalTrafficDenied from './optional-traffic-denied.ts';
import outboundTypeMismatch from './outbound-type-mismatch.ts';
import overlyBroadRule from './overly-broad-rule.ts';
import redundantRule from './redundant-rule.ts';
import requiredEndpointBlocked from './required-endpoint-blocked.ts';
import requiredTrafficDenied from './required-traffic-denied.ts';
import shadowedRule from './shadowed-rule.ts';
import snatExhaustionRisk from './snat-exhaustion-risk.ts';
import suppressionExpired from './suppression-expired.ts';
import threatIntelOff from './threat-intel-off.ts';
import unknownRuleReference from './unknown-rule-reference.ts';
import unknownSourceTraffic from './unknown-source-traffic.ts';
import unusedRule from './unused-rule.ts';

/** Every check, by id. Kept in step with the files and docs by registry.test.ts. */
export const CHECKS = {
  'broad-rule-usage': broadRuleUsage,
  'classic-rules-in-use': classicRulesInUse,
  'collection-incomplete': collectionIncomplete,
  'config-log-disagreement': configLogDisagreement,
  'egress-bypasses-firewall': egressBypassesFirewall,
  'firewall-sku-mismatch': firewallSkuMismatch,
  'fqdn-network-rule-without-dns-proxy': fqdnNetworkRuleWithoutDnsProxy,
  'multi-tenant-wildcard': multiTenantWildcard,
  'optional-traffic-denied': optionalTrafficDenied,
  'outbound-type-mismatch': outboundTypeMismatch,
  'overly-broad-rule': overlyBroadRule,
  'redundant-rule': redundantRule,
  'required-endpoint-blocked': requiredEndpointBlocked,
  'required-traffic-denied': requiredTrafficDenied,
  'shadowed-rule': shadowedRule,
  'snat-exhaustion-risk': snatExhaustionRisk,
  'suppression-expired': suppressionExpired,
  'threat-intel-off': threatIntelOff,
  'unknown-rule-reference': unknownRuleReference,
  'unknown-source-traffic': unknownSourceTraffic,
  'unused-rule': unusedRule,
} satisfies Record<string, Check<string, RulesSettings>>;

export const ALL_CHECKS: readonly Check<string, RulesSettings>[] = Object.values(CHECKS);
