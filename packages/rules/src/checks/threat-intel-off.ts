import {
  type Check,
  defineCheck,
  type Evidence,
  type FindingDraft,
  type FindingResource,
  type FirewallPolicy,
  idKey,
} from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import { scopeArguments, shellQuote } from '../shell.ts';
import { resourceOf } from './cluster-ref.ts';

const messages = {
  deny: 'Threat intelligence of {{target}} is in Alert and deny mode ({{source}}).',
  basicAlert:
    'Threat intelligence of {{target}} is in Alert mode ({{source}}), the only mode the Basic tier offers: known-malicious traffic is logged, not denied.',
  alertOnly:
    'Threat intelligence of {{target}} is in Alert mode ({{source}}): traffic to and from known-malicious IP addresses and domains is logged but allowed. Alert and deny is the recommended mode.',
  off: 'Threat intelligence of {{target}} is Off ({{source}}): traffic to and from known-malicious IP addresses and domains is neither denied nor logged as such.',
  notDetermined: 'The threat intelligence mode of {{target}} could not be determined: {{reason}}.',
} as const;

type MessageId = keyof typeof messages;

type Mode = 'Off' | 'Alert' | 'Deny';
const RANK: Record<Mode, number> = { Off: 0, Alert: 1, Deny: 2 };
const MODES: Record<string, Mode> = { off: 'Off', alert: 'Alert', deny: 'Deny' };
/** "By default, threat intelligence-based filtering is enabled in alert mode." (https://learn.microsoft.com/azure/firewall/threat-intel) */
const DEFAULT_MODE: Mode = 'Alert';

/** The mode that applies, the policy or firewall where it is set, and how it came to apply. */
type Effective =
  | { ok: true; mode: Mode; setOn: { id: string; name: string; kind: 'policy' | 'firewall' }; source: string }
  | { ok: false; reason: string };

const parseMode = (text: string | undefined): Mode | undefined | 'unrecognized' => {
  if (text === undefined || text.trim() === '') return undefined;
  return MODES[text.trim().toLowerCase()] ?? 'unrecognized';
};

/**
 * A policy's effective mode. https://learn.microsoft.com/azure/firewall-manager/policy-overview: "Threat Intelligence
 * mode is also inherited from the parent policy. You can set your threat Intelligence mode to a different value to
 * override this behavior, but you can't turn it off. It's only possible to override with a stricter value." So the
 * effective mode is the stricter of the policy's own and its parent's; a policy that sets none has its parent's, and a
 * policy without parent that sets none has the default.
 */
function effectiveOf(policy: FirewallPolicy, byId: Map<string, FirewallPolicy>, seen = new Set<string>()): Effective {
  const own = parseMode(policy.threatIntelMode);
  if (own === 'unrecognized')
    return { ok: false, reason: `policy ${policy.name} has mode "${policy.threatIntelMode}"` };
  const self = { id: policy.id, name: policy.name, kind: 'policy' as const };
  seen.add(idKey(policy.id));
  if (!policy.basePolicyId) {
    return own
      ? { ok: true, mode: own, setOn: self, source: 'set on the policy' }
      : { ok: true, mode: DEFAULT_MODE, setOn: self, source: 'not set: the documented default' };
  }
  const parent = byId.get(idKey(policy.basePolicyId));
  const parentName = policy.basePolicyId.split('/').at(-1) ?? policy.basePolicyId;
  if (!parent || seen.has(idKey(parent.id))) {
    // Only an own Alert and deny is known to apply without the parent: nothing is stricter.
    if (own === 'Deny') return { ok: true, mode: own, setOn: self, source: 'set on the policy' };
    return {
      ok: false,
      reason: `it ${own ? `is ${own} on the policy but ` : ''}inherits from parent policy ${parentName}, which is ${parent ? 'part of a cycle of parent policies' : 'not in the input'}`,
    };
  }
  const inherited = effectiveOf(parent, byId, seen);
  if (!inherited.ok) return inherited;
  if (!own) return { ...inherited, source: `inherited from parent policy ${parent.name}` };
  if (RANK[own] >= RANK[inherited.mode]) return { ok: true, mode: own, setOn: self, source: 'set on the policy' };
  return {
    ...inherited,
    source: `written as ${own} on the policy, but a child policy can only be stricter than its parent ${parent.name}`,
  };
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'threat-intel-off',
    code: 'AZFW401',
    severity: 'medium',
    title: 'Threat intelligence filtering is in Alert and deny mode',
    risk: 'Threat intelligence filtering is processed before every rule and can deny traffic to and from IP addresses and domains Microsoft knows to be malicious (command and control, botnets). Off, that traffic is allowed by any rule that matches it and nothing flags it; in Alert mode it is logged but still allowed.',
    remediation:
      'Set the threat intelligence mode of the Firewall Policy (or the classic firewall) to Alert and deny, and put false positives on the threat intelligence allowlist instead of weakening the mode.',
    references: [
      'https://learn.microsoft.com/azure/firewall/threat-intel',
      'https://learn.microsoft.com/azure/firewall-manager/policy-overview',
      'https://learn.microsoft.com/azure/well-architected/service-guides/azure-firewall',
    ],
    messages,
  },
  *run({ inventory }): Generator<FindingDraft<MessageId>> {
    const byId = new Map(inventory.firewallPolicies.map((p) => [idKey(p.id), p]));
    const verdict = function* (
      resource: FindingResource,
      target: string,
      effective: Effective,
      basic: boolean,
      data: Record<string, string>,
    ): Generator<FindingDraft<MessageId>> {
      const base = { resource, subject: 'threat-intel' };
      if (!effective.ok) {
        yield {
          ...base,
          status: 'unknown',
          messageId: 'notDetermined',
          data: { ...data, target, reason: effective.reason },
        };
        return;
      }
      const full = { ...data, target, mode: effective.mode, source: effective.source, setOn: effective.setOn.name };
      if (effective.mode === 'Deny') {
        yield { ...base, status: 'pass', messageId: 'deny', data: full };
        return;
      }
      if (effective.mode === 'Alert' && basic) {
        yield { ...base, status: 'pass', messageId: 'basicAlert', data: full };
        return;
      }
      const { setOn } = effective;
      const evidence: Evidence[] = [
        {
          kind: 'resource',
          label: `${setOn.name}: threatIntelMode`,
          detail: `${effective.mode} (${effective.source})`,
          resourceId: setOn.id,
        },
      ];
      yield {
        ...base,
        status: 'fail',
        messageId: effective.mode === 'Off' ? 'off' : 'alertOnly',
        // Alert mode still detects and logs: a lesser deviation than Off.
        ...(effective.mode === 'Alert' && { severity: 'low' as const }),
        data: full,
        evidence,
        remediation: {
          text:
            resource.type.toLowerCase() === 'microsoft.network/firewallpolicies'
              ? `Set threat intelligence to Alert and deny on policy ${resource.name}${setOn.id === resource.id ? '' : ` (it has its mode from parent policy ${setOn.name}; a child policy may be stricter than its parent, or set it on the parent for all its children)`}, and add false positives to the threat intelligence allowlist.`
              : `Set threat intelligence to Alert and deny on firewall ${resource.name}, and add false positives to the threat intelligence allowlist.`,
          cli:
            resource.type.toLowerCase() === 'microsoft.network/firewallpolicies'
              ? `az network firewall policy update ${scopeArguments(resource.id)} --name ${shellQuote(resource.name)} --threat-intel-mode Deny`
              : `az network firewall update ${scopeArguments(resource.id)} --name ${shellQuote(resource.name)} --threat-intel-mode Deny`,
        },
      };
    };

    for (const firewall of inventory.firewalls) {
      if (firewall.policyId) {
        // The policy's mode applies; the policy is reported below. Only a policy missing from the input is news here.
        if (!byId.has(idKey(firewall.policyId))) {
          yield* verdict(
            resourceOf(firewall),
            `firewall ${firewall.name}`,
            {
              ok: false,
              reason: `its Firewall Policy ${firewall.policyId.split('/').at(-1)} is not in the input`,
            },
            false,
            { firewall: firewall.name },
          );
        }
        continue;
      }
      const own = parseMode(firewall.threatIntelMode);
      const self = { id: firewall.id, name: firewall.name, kind: 'firewall' as const };
      const effective: Effective =
        own === 'unrecognized'
          ? { ok: false, reason: `firewall ${firewall.name} has mode "${firewall.threatIntelMode}"` }
          : own
            ? { ok: true, mode: own, setOn: self, source: 'set on the classic firewall' }
            : { ok: true, mode: DEFAULT_MODE, setOn: self, source: 'not set: the documented default' };
      yield* verdict(resourceOf(firewall), `firewall ${firewall.name}`, effective, firewall.skuTier === 'Basic', {
        firewall: firewall.name,
      });
    }

    for (const policy of inventory.firewallPolicies) {
      const firewalls = inventory.firewalls
        .filter((f) => f.policyId && idKey(f.policyId) === idKey(policy.id))
        .map((f) => f.name);
      yield* verdict(
        resourceOf(policy),
        `policy ${policy.name}${firewalls.length > 0 ? ` (used by ${firewalls.join(', ')})` : ''}`,
        effectiveOf(policy, byId),
        policy.skuTier === 'Basic',
        { policy: policy.name, firewalls: firewalls.join(', ') },
      );
    }
  },
});

export default check;
