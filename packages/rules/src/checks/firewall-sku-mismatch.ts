import {
  type Check,
  defineCheck,
  type Evidence,
  type FindingDraft,
  type Firewall,
  type FirewallPolicy,
  type FirewallProgram,
  type Inventory,
  policyChainOf,
} from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import { resourceOf } from './cluster-ref.ts';

const messages = {
  consistent: 'Firewall {{firewall}} ({{tier}}) uses no feature its SKU lacks.',
  beyondSku:
    'Firewall {{firewall}} is {{tier}}, but its configuration uses what only {{needed}} offers: {{features}}. Azure does not run these on a {{tier}} firewall, so the audit evaluates without them: {{effect}}.',
  tierUnknown: 'The SKU tier of firewall {{firewall}} is not in the input: which features apply cannot be told.',
  rulesUnreadable: 'The configuration of firewall {{firewall}} could not be read completely: {{cause}}.',
} as const;

type MessageId = keyof typeof messages;

const SKU_DOC = 'https://learn.microsoft.com/azure/firewall/features-by-sku';
const POLICY_DOC = 'https://learn.microsoft.com/azure/firewall-manager/policy-overview';

const RANK: Record<string, number> = { basic: 0, standard: 1, premium: 2 };

/** A feature the configuration uses, the lowest tier that has it, what happens without it, and where it is set. */
interface UsedFeature {
  tier: 'Standard' | 'Premium';
  feature: string;
  effect: string;
  evidence: Evidence;
}

const list = (items: readonly string[]) =>
  items.length > 3 ? `${items.slice(0, 3).join(', ')} and ${items.length - 3} more` : items.join(', ');

/**
 * What a firewall's configuration asks of its SKU, after "Azure Firewall features by SKU" (SKU_DOC,
 * MicrosoftDocs/azure-docs@06772ffe, ms.date 09/18/2025): Basic has no DNS proxy, no FQDN filtering in
 * network rules and no web categories; TLS inspection, IDPS and URL filtering are Premium only. And the
 * policy tier: "Premium policy … Firewall SKU support: Premium", "Standard policy … Standard or Premium"
 * (POLICY_DOC, "Basic, Standard, and Premium policies").
 */
function featuresUsed(chain: readonly FirewallPolicy[], program: FirewallProgram): UsedFeature[] {
  const used: UsedFeature[] = [];
  const leaf = chain.at(-1);
  const policyEvidence = (policy: FirewallPolicy, field: string, detail: string): Evidence => ({
    kind: 'resource',
    label: `${policy.name}: ${field}`,
    detail,
    resourceId: policy.id,
  });
  if (leaf?.skuTier && (leaf.skuTier.toLowerCase() === 'premium' || leaf.skuTier.toLowerCase() === 'standard'))
    used.push({
      tier: leaf.skuTier.toLowerCase() === 'premium' ? 'Premium' : 'Standard',
      feature: `a ${leaf.skuTier} policy (${leaf.name})`,
      effect: `a ${leaf.skuTier} policy is not supported on this firewall`,
      evidence: policyEvidence(leaf, 'sku.tier', leaf.skuTier),
    });
  for (const policy of chain) {
    if (policy.tlsInspectionEnabled)
      used.push({
        tier: 'Premium',
        feature: `TLS inspection (${policy.name})`,
        effect: 'no TLS is terminated',
        evidence: policyEvidence(policy, 'transportSecurity', 'TLS inspection settings (CA certificate)'),
      });
    const idps = policy.intrusionDetectionMode?.toLowerCase();
    if (idps && idps !== 'off')
      used.push({
        tier: 'Premium',
        feature: `IDPS in ${policy.intrusionDetectionMode} mode (${policy.name})`,
        effect: 'no IDPS signature alerts or denies',
        evidence: policyEvidence(policy, 'intrusionDetection.mode', policy.intrusionDetectionMode ?? ''),
      });
  }
  const rules = (test: (e: FirewallProgram['network'][number]) => boolean) =>
    [...program.network, ...program.application].filter(test);
  const withUrls = rules((e) => e.rule.kind === 'application' && e.rule.targetUrls.length > 0);
  const terminating = rules((e) => e.rule.kind === 'application' && e.rule.terminateTls);
  const categories = rules((e) => e.rule.kind === 'application' && e.rule.webCategories.length > 0);
  const fqdnNetwork = rules((e) => e.rule.kind === 'network' && e.rule.destinationFqdns.length > 0);
  const ruleFeature = (tier: UsedFeature['tier'], what: string, entries: typeof withUrls, effect: string) => {
    if (entries.length === 0) return;
    const paths = entries.map((e) => e.path);
    used.push({
      tier,
      feature: `${what} (${list(paths)})`,
      effect,
      evidence: { kind: 'rule', label: paths[0] ?? '', detail: `${what}: ${paths.join('; ')}` },
    });
  };
  ruleFeature('Premium', 'target URLs', withUrls, 'rules with target URLs match nothing');
  ruleFeature('Premium', 'rules that terminate TLS', terminating, 'their traffic is matched by SNI, not inspected');
  ruleFeature('Standard', 'web categories', categories, 'web category rules match nothing');
  ruleFeature('Standard', 'FQDNs in network rules', fqdnNetwork, 'network rule FQDNs match nothing');
  if (program.dnsProxy.requested)
    used.push({
      tier: 'Standard',
      feature: `DNS proxy (${program.dnsProxy.source.split(';')[0]})`,
      effect: 'no DNS proxy listens on port 53',
      evidence: {
        kind: 'resource',
        label: `${program.dnsProxy.setOn?.name ?? program.firewallName}: DNS proxy`,
        detail: program.dnsProxy.source,
        ...(program.dnsProxy.setOn && { resourceId: program.dnsProxy.setOn.id }),
      },
    });
  return used;
}

function* verdictOf(
  inventory: Inventory,
  firewall: Firewall,
  program: FirewallProgram,
): Generator<FindingDraft<MessageId>> {
  const base = { resource: resourceOf(firewall), subject: 'sku' };
  const tier = firewall.skuTier;
  if (!tier || RANK[tier.toLowerCase()] === undefined) {
    yield { ...base, status: 'unknown', messageId: 'tierUnknown', data: { firewall: firewall.name } };
    return;
  }
  const chain = firewall.policyId ? policyChainOf(inventory, firewall.policyId).chain : [];
  const beyond = featuresUsed(chain, program).filter(
    (f) => (RANK[f.tier.toLowerCase()] ?? 0) > (RANK[tier.toLowerCase()] ?? 0),
  );
  if (beyond.length === 0) {
    yield { ...base, status: 'pass', messageId: 'consistent', data: { firewall: firewall.name, tier } };
    return;
  }
  const needed = beyond.some((f) => f.tier === 'Premium') ? 'Premium' : 'Standard';
  yield {
    ...base,
    status: 'fail',
    messageId: 'beyondSku',
    data: {
      firewall: firewall.name,
      tier,
      needed: needed === 'Premium' && beyond.some((f) => f.tier === 'Standard') ? 'Standard or Premium' : needed,
      features: beyond.map((f) => f.feature).join('; '),
      effect: [...new Set(beyond.map((f) => f.effect))].join('; '),
    },
    evidence: [
      { kind: 'resource', label: `${firewall.name}: sku.tier`, detail: tier, resourceId: firewall.id },
      ...beyond.map((f) => f.evidence),
    ],
    remediation: {
      text: `Upgrade ${firewall.name} to ${needed} (${SKU_DOC}), or remove what its SKU cannot run from the configuration, so that the rules and settings reviewers read are the ones the firewall enforces.`,
    },
  };
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'firewall-sku-mismatch',
    code: 'AZFW210',
    severity: 'medium',
    title: "A firewall's configuration uses only what its SKU offers",
    risk: 'A setting or rule the firewall SKU cannot run (TLS inspection, IDPS or URL filtering on Standard; DNS proxy, FQDN network rules or web categories on Basic) does nothing: reviewers read a control that is not enforced, and rules that depend on it allow or deny other traffic than intended.',
    remediation:
      'Upgrade the firewall to the SKU its configuration needs, or remove the settings and rules it cannot run.',
    references: [SKU_DOC, POLICY_DOC, 'https://learn.microsoft.com/azure/firewall/premium-features'],
    messages,
  },
  *run({ inventory, analysis }): Generator<FindingDraft<MessageId>> {
    for (const firewall of inventory.firewalls) {
      const compiled = analysis.programOf(firewall);
      if (!compiled.ok) {
        yield {
          resource: resourceOf(firewall),
          subject: 'sku',
          status: 'unknown',
          messageId: 'rulesUnreadable',
          data: { firewall: firewall.name, cause: compiled.cause },
        };
        continue;
      }
      yield* verdictOf(inventory, firewall, compiled.program);
    }
  },
});

export default check;
