import { type Check, defineCheck } from '@aro-aks-audit/auditor';
import {
  DENIED_TRAFFIC_SKIP_MESSAGES,
  type DeniedTrafficMessageId,
  deniedTrafficDrafts,
  unnamedDenyDrafts,
} from '../log-matching.ts';
import type { RulesSettings } from '../settings.ts';

const messages = {
  denied:
    "The firewall denied {{cluster}}'s traffic to required endpoint {{endpoint}} ({{protocol}} {{port}}) {{hits}} times between {{firstSeen}} and {{lastSeen}} (to {{destinations}}, from {{sources}}), decided by {{decidedBy}}; the configuration says {{configured}}.",
  noDenies:
    'No traffic of {{cluster}} to a required endpoint was denied in the logs ({{matched}} hits to required endpoints, {{hits}} in all, in {{tables}}).',
  unnamedDenies:
    '{{cluster}} had {{hits}} denied flows whose destination the logs do not name ({{decidedBy}}) between {{firstSeen}} and {{lastSeen}}, from {{sources}}: whether they were required traffic cannot be told.',
  ...DENIED_TRAFFIC_SKIP_MESSAGES,
} as const satisfies Record<MessageId, string>;

type MessageId = DeniedTrafficMessageId | 'unnamedDenies';

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'required-traffic-denied',
    code: 'AZFW110',
    severity: 'high',
    title: 'The firewall logs show no denied traffic to endpoints a cluster requires',
    risk: 'A denied required flow in the logs is a cluster failing now: image pulls, node bootstrap, the API server tunnel or monitoring are broken, whatever the configuration seems to allow.',
    remediation:
      "Allow the endpoint from the cluster's egress sources in a rule collection processed before the rule (or default action) that denies it, then confirm with the KQL in the evidence that the denies stop.",
    references: [
      'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress',
      'https://learn.microsoft.com/azure/firewall/monitor-firewall-reference',
      'https://learn.microsoft.com/azure/firewall/rule-processing',
    ],
    messages,
  },
  *run(context) {
    yield* deniedTrafficDrafts(context, true);
    yield* unnamedDenyDrafts(context);
  },
});

export default check;
