import { type Check, defineCheck, type FindingDraft, isExpired, type Suppression } from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';

const messages = {
  expired:
    'The suppression of {{check}} on {{resource}} ({{owner}}: {{reason}}) expired on {{expires}}: the findings it covered are reported again.',
  active: 'The suppression of {{check}} on {{resource}} ({{owner}}) holds until {{expires}}.',
  noSuppressions: 'No suppressions file was given (--suppressions).',
} as const;

type MessageId = keyof typeof messages;

/** A suppression is not an Azure resource: it is named by what it suppresses, which stays stable as the file is edited. */
const resourceOf = (s: Suppression) => ({
  id: `aro-aks-audit/suppressions/${s.check}/${s.resource}`,
  name: `${s.check} on ${s.resource}`,
  type: 'aro-aks-audit/suppression',
});

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'suppression-expired',
    code: 'AZFW902',
    severity: 'medium',
    title: 'Accepted risks are reviewed before their suppressions expire',
    risk: 'A suppression records an accepted risk with an owner and a date to look at it again. Once it expires, the findings it covered count again (and may fail the scheduled job): the owner has to renew it with a new date or fix the problem.',
    remediation:
      'Fix what the suppression covered, or, if the risk is still accepted, renew the entry with a new expiry date and a current reason in the suppressions file.',
    references: ['https://github.com/prowler-cloud/prowler/blob/master/docs/tutorials/mutelist.md'],
    messages,
  },
  *run({ suppressions, now }): Generator<FindingDraft<MessageId>> {
    if (!suppressions) {
      yield {
        status: 'skip',
        messageId: 'noSuppressions',
        resource: { id: 'aro-aks-audit/suppressions', name: 'suppressions', type: 'aro-aks-audit/suppression' },
      };
      return;
    }
    for (const s of suppressions) {
      if (!s.expires) continue;
      const data = { check: s.check, resource: s.resource, owner: s.owner, reason: s.reason, expires: s.expires };
      yield {
        status: isExpired(s, now) ? 'fail' : 'pass',
        messageId: isExpired(s, now) ? 'expired' : 'active',
        resource: resourceOf(s),
        ...(s.subject !== undefined && { subject: s.subject }),
        data,
        evidence: [{ kind: 'resource', label: s.source, detail: `expires ${s.expires}` }],
      };
    }
  },
});

export default check;
