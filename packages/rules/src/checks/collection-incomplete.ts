import { type Check, defineCheck } from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';

const messages = {
  complete: 'Everything the audit needed was read.',
  unreadable:
    '{{what}} could not be read: {{cause}}. Findings that depend on it are reported as unknown, not as passed.',
} as const;

type MessageId = keyof typeof messages;

const AUDIT_INPUT = { id: '/', name: 'audit input', type: 'aro-aks-audit/input' };

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'collection-incomplete',
    code: 'AZFW900',
    severity: 'medium',
    title: 'All data the audit needs could be read',
    risk: 'An audit over partial data can miss blocked endpoints, bypass routes and broad rules; a clean result from it would be misleading.',
    remediation:
      'Fix the input named in the finding (the file, or the permission for the resource) and run the audit again.',
    references: ['https://learn.microsoft.com/azure/role-based-access-control/built-in-roles#reader'],
    messages,
  },
  *run({ inventory }) {
    if (inventory.unavailable.length === 0) {
      yield { status: 'pass', messageId: 'complete', resource: AUDIT_INPUT };
      return;
    }
    for (const item of inventory.unavailable) {
      yield {
        status: 'unknown',
        messageId: 'unreadable',
        resource: item.resourceId
          ? { id: item.resourceId, name: item.resourceId.split('/').at(-1) ?? item.resourceId, type: 'unavailable' }
          : AUDIT_INPUT,
        subject: item.file ?? item.what,
        data: { what: item.what, cause: item.cause },
        evidence: [{ kind: 'resource', label: item.what, detail: item.cause, ...(item.file && { origin: item.file }) }],
      };
    }
  },
});

export default check;
