import type { Check } from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import collectionIncomplete from './collection-incomplete.ts';
import egressBypassesFirewall from './egress-bypasses-firewall.ts';
import outboundTypeMismatch from './outbound-type-mismatch.ts';
import overlyBroadRule from './overly-broad-rule.ts';
import requiredEndpointBlocked from './required-endpoint-blocked.ts';
import snatExhaustionRisk from './snat-exhaustion-risk.ts';

/** Every check, by id. Kept in step with the files and docs by registry.test.ts. */
export const CHECKS = {
  'collection-incomplete': collectionIncomplete,
  'egress-bypasses-firewall': egressBypassesFirewall,
  'outbound-type-mismatch': outboundTypeMismatch,
  'overly-broad-rule': overlyBroadRule,
  'required-endpoint-blocked': requiredEndpointBlocked,
  'snat-exhaustion-risk': snatExhaustionRisk,
} satisfies Record<string, Check<string, RulesSettings>>;

export const ALL_CHECKS: readonly Check<string, RulesSettings>[] = Object.values(CHECKS);
