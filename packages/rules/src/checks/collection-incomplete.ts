import { type Check, defineCheck, type Unavailable } from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';

const messages = {
  complete: 'Everything the audit needed was read.',
  unreadable:
    '{{what}} could not be read: {{cause}}. Findings that depend on it are reported as unknown, not as passed.',
} as const;

type MessageId = keyof typeof messages;

const AUDIT_INPUT = { id: '/', name: 'audit input', type: 'aro-aks-audit/input' };

/** How many causes the message names; the evidence lists every one. */
const CAUSES_NAMED = 3;

/**
 * One finding per thing that could not be read: per file (a file with ten bad fields is one bad file),
 * else per resource, else per item. Its entries keep their order.
 */
function byWhatCouldNotBeRead(unavailable: readonly Unavailable[]): Unavailable[][] {
  const groups = new Map<string, Unavailable[]>();
  for (const item of unavailable) {
    const key = item.file !== undefined ? `file ${item.file}` : `resource ${item.resourceId ?? item.what}`;
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}

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
    for (const group of byWhatCouldNotBeRead(inventory.unavailable)) {
      const [first] = group;
      if (!first) continue;
      const resourceIds = [...new Set(group.map((item) => item.resourceId))];
      const resourceId = resourceIds.length === 1 ? resourceIds[0] : undefined;
      const what = group.length === 1 ? first.what : (first.file ?? resourceId ?? first.what);
      const causes = group.map((item) => (item.what === what ? item.cause : `${item.what}: ${item.cause}`));
      const cause =
        group.length === 1
          ? first.cause
          : `${group.length} problems: ${causes.slice(0, CAUSES_NAMED).join('; ')}${group.length > CAUSES_NAMED ? '; …' : ''}`;
      yield {
        status: 'unknown',
        messageId: 'unreadable',
        resource: resourceId
          ? { id: resourceId, name: resourceId.split('/').at(-1) ?? resourceId, type: 'unavailable' }
          : AUDIT_INPUT,
        subject: first.file ?? first.what,
        data: { what, cause },
        evidence: group.map((item) => ({
          kind: 'resource' as const,
          label: item.what,
          detail: item.cause,
          ...(item.file && { origin: item.file }),
        })),
      };
    }
  },
});

export default check;
