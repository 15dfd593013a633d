import { type Check, defineCheck } from '@aro-aks-audit/auditor';
import { DENIED_TRAFFIC_SKIP_MESSAGES, type DeniedTrafficMessageId, deniedTrafficDrafts } from '../log-matching.ts';
import type { RulesSettings } from '../settings.ts';

const messages = {
  denied:
    "The firewall denied {{cluster}}'s traffic to optional endpoint {{endpoint}} ({{protocol}} {{port}}) {{hits}} times between {{firstSeen}} and {{lastSeen}} (to {{destinations}}, from {{sources}}), decided by {{decidedBy}}; the configuration says {{configured}}.",
  noDenies:
    'No traffic of {{cluster}} to an optional endpoint was denied in the logs ({{matched}} hits to optional endpoints, {{hits}} in all, in {{tables}}).',
  ...DENIED_TRAFFIC_SKIP_MESSAGES,
} as const satisfies Record<DeniedTrafficMessageId, string>;

const check: Check<DeniedTrafficMessageId, RulesSettings> = defineCheck<DeniedTrafficMessageId, RulesSettings>({
  meta: {
    id: 'optional-traffic-denied',
    code: 'AZFW112',
    severity: 'info',
    title: 'Denied traffic to optional cluster endpoints is known and intended',
    risk: 'An optional endpoint (a feature, an add-on, telemetry) that the cluster keeps trying to reach and the firewall keeps denying is either a feature that silently does not work or noise in the deny logs that hides real failures.',
    remediation:
      'Allow the endpoint if the feature it serves is wanted; otherwise turn the feature off on the cluster so the denies stop.',
    references: [
      'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress',
      'https://learn.microsoft.com/azure/firewall/monitor-firewall-reference',
    ],
    messages,
  },
  run: (context) => deniedTrafficDrafts(context, false),
});

export default check;
