/**
 * `Microsoft.Network/firewallPolicies` → FirewallPolicy, and
 * `Microsoft.Network/firewallPolicies/ruleCollectionGroups` → RuleCollectionGroup.
 */
import type { FirewallPolicy, ResourceBase, RuleCollectionGroup } from '../model/inventory.ts';
import { MISSING_PRIORITY, policyRuleCollections } from './rule-collections.ts';
import type { FirewallPolicyShape, RuleCollectionGroupShape } from './sdk-shapes.ts';
import { distinctIds, type Obj, reportError } from './shape.ts';

export function normalizeFirewallPolicy(resource: Obj<FirewallPolicyShape>, base: ResourceBase): FirewallPolicy {
  const whitelist = resource.obj('threatIntelWhitelist');
  const dns = resource.obj('dnsSettings');
  const snat = resource.obj('snat');
  const policy: FirewallPolicy = {
    ...base,
    childPolicyIds: distinctIds(resource.refs('childPolicies')),
    firewallIds: distinctIds(resource.refs('firewalls')),
    ruleCollectionGroupIds: distinctIds(resource.refs('ruleCollectionGroups')),
    threatIntelWhitelist: {
      ipAddresses: whitelist?.strings('ipAddresses') ?? [],
      fqdns: whitelist?.strings('fqdns') ?? [],
    },
    dnsServers: dns?.strings('servers') ?? [],
    // TLS inspection is configured by the policy's `transportSecurity` (its CA certificate); Premium only.
    tlsInspectionEnabled: resource.obj('transportSecurity') !== undefined,
    explicitProxyEnabled: resource.obj('explicitProxy')?.bool('enableExplicitProxy') ?? false,
    snatPrivateRanges: snat?.strings('privateRanges') ?? [],
  };
  const basePolicyId = resource.ref('basePolicy');
  const skuTier = resource.obj('sku')?.str('tier');
  const threatIntelMode = resource.str('threatIntelMode');
  const intrusionDetectionMode = resource.obj('intrusionDetection')?.str('mode');
  const dnsProxyEnabled = dns?.bool('enableProxy');
  if (dnsProxyEnabled !== undefined) policy.dnsProxyEnabled = dnsProxyEnabled;
  if (basePolicyId !== undefined) policy.basePolicyId = basePolicyId;
  if (skuTier !== undefined) policy.skuTier = skuTier;
  if (threatIntelMode !== undefined) policy.threatIntelMode = threatIntelMode;
  if (intrusionDetectionMode !== undefined) policy.intrusionDetectionMode = intrusionDetectionMode;
  // `autoLearnPrivateRanges` is `Enabled`/`Disabled` in ARM; a boolean is accepted too.
  const autoLearn = snat?.str('autoLearnPrivateRanges');
  if (autoLearn !== undefined) {
    const value = autoLearn.toLowerCase();
    if (value === 'enabled' || value === 'true') policy.snatAutoLearn = true;
    else if (value === 'disabled' || value === 'false') policy.snatAutoLearn = false;
    else snat?.wrong(`${snat.path}.autoLearnPrivateRanges`, 'Enabled or Disabled', autoLearn);
  }
  return policy;
}

const POLICY_OF_GROUP = /^(.*?\/providers\/microsoft\.network\/firewallpolicies\/[^/]+)\/[^/]+\/[^/]+\/?$/i;

/**
 * The owning policy's id: the part of the group's id before `/ruleCollectionGroups/{name}`. Any child
 * segment name is accepted (one published ARM example spells it `/ruleGroups/`).
 */
export function policyIdOfGroup(groupId: string): string | undefined {
  return POLICY_OF_GROUP.exec(groupId)?.[1];
}

export function normalizeRuleCollectionGroup(
  resource: Obj<RuleCollectionGroupShape>,
  base: ResourceBase,
): RuleCollectionGroup {
  const policyId = policyIdOfGroup(base.id);
  if (policyId === undefined) {
    reportError(
      resource.ctx,
      'the id does not name a Firewall Policy (…/firewallPolicies/{policy}/ruleCollectionGroups/{group}); the group belongs to no policy',
    );
  }
  let priority = resource.num('priority');
  if (priority === undefined) {
    resource.missing('priority', `taken as ${MISSING_PRIORITY}, the lowest`);
    priority = MISSING_PRIORITY;
  }
  return { ...base, policyId: policyId ?? '', priority, collections: policyRuleCollections(resource) };
}
