import { type Check, defineCheck, type FindingDraft } from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import { clusterRef, resourceOf } from './cluster-ref.ts';

const messages = {
  consistent: "{{cluster}}'s outboundType {{outboundType}} matches its egress path ({{path}}).",
  aroLoadBalancerBehindFirewall:
    "{{cluster}} (ARO) uses outboundType {{outboundType}} with its subnets routed to firewall {{firewall}}: this is how Microsoft's ARO egress document configures a firewall (a route table on the master and worker subnets, the default outbound type), and egress leaves through the firewall.",
  udrWithoutFirewall:
    '{{cluster}} declares outboundType {{outboundType}}, but its egress does not reach the firewall: {{reason}}. AKS does not create an egress path for this outbound type; the cluster depends on these routes alone.',
  loadBalancerBehindFirewall:
    "{{cluster}} uses outboundType {{outboundType}} while its subnets send 0.0.0.0/0 to firewall {{firewall}}: replies to the load balancer's public IP leave through the firewall (asymmetric routing), and the outbound IPs of the load balancer are not used.",
  natGatewayBehindFirewall:
    '{{cluster}} uses outboundType {{outboundType}} while its subnets send 0.0.0.0/0 to firewall {{firewall}}: the route wins over the NAT gateway, which carries no traffic.',
  pathUnknown:
    "Whether {{cluster}}'s outboundType {{outboundType}} matches its egress path cannot be told: {{reason}}.",
  notApplicable: '{{cluster}} has no outbound type to compare ({{why}}).',
} as const;

type MessageId = keyof typeof messages;

const UDR = new Set(['userdefinedrouting']);
const LOAD_BALANCER = new Set(['loadbalancer']);
const NAT_GATEWAY = new Set(['managednatgateway', 'userassignednatgateway']);

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'outbound-type-mismatch',
    code: 'AZFW103',
    severity: 'medium',
    title: "A cluster's outbound type matches the routes of its subnets",
    risk: 'outboundType userDefinedRouting without a route to the firewall leaves the cluster without a managed egress path; loadBalancer or a NAT gateway behind a 0.0.0.0/0 route to the firewall causes asymmetric routing for load balancer traffic and leaves the intended egress unused.',
    remediation:
      'With a firewall on the path, use outboundType userDefinedRouting and a 0.0.0.0/0 route to the firewall private IP on every cluster subnet; otherwise remove the route and keep the managed outbound type.',
    references: [
      'https://learn.microsoft.com/azure/aks/egress-outboundtype',
      'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
      'https://learn.microsoft.com/azure/openshift/howto-create-private-cluster-4x',
      'https://learn.microsoft.com/azure/openshift/howto-restrict-egress',
    ],
    messages,
  },
  *run({ inventory, analysis }): Generator<FindingDraft<MessageId>> {
    for (const cluster of inventory.clusters) {
      const base = { resource: resourceOf(cluster), cluster: clusterRef(cluster), subject: 'outbound-type' };
      const outboundType = cluster.outboundType ?? '';
      const kind = outboundType.toLowerCase();
      const path = analysis.egressPathOf(cluster);
      if (cluster.kind === 'arc' || path.status === 'outside-azure' || !kind || kind === 'none' || kind === 'block') {
        const why =
          cluster.kind === 'arc'
            ? 'it runs outside Azure'
            : !kind
              ? 'the resource states none'
              : `outboundType ${outboundType} sends no egress`;
        yield { ...base, status: 'skip', messageId: 'notApplicable', data: { cluster: cluster.name, why } };
        continue;
      }
      const data = {
        cluster: cluster.name,
        outboundType,
        firewall: path.firewalls.map((f) => f.name).join(', '),
        reason: path.reason,
        path: path.status,
      };
      const evidence = path.subnets.map((s) => ({
        kind: 'route' as const,
        label: s.subnetId.split('/').slice(-3).join('/'),
        detail: s.route.reason,
      }));
      if (path.status === 'unknown') {
        yield { ...base, status: 'unknown', messageId: 'pathUnknown', data, evidence };
      } else if (UDR.has(kind) && path.status !== 'via-firewall') {
        yield { ...base, status: 'fail', messageId: 'udrWithoutFirewall', data, evidence };
      } else if (LOAD_BALANCER.has(kind) && path.status === 'via-firewall' && cluster.kind === 'aro') {
        // ARO's "Control egress traffic" document routes 0.0.0.0/0 of a Loadbalancer cluster's subnets to the
        // firewall (userDefinedRouting is for private clusters only): the documented setup, not a mismatch.
        yield { ...base, status: 'pass', messageId: 'aroLoadBalancerBehindFirewall', data, evidence };
      } else if (LOAD_BALANCER.has(kind) && path.status === 'via-firewall') {
        yield { ...base, status: 'fail', messageId: 'loadBalancerBehindFirewall', data, evidence };
      } else if (NAT_GATEWAY.has(kind) && path.status === 'via-firewall') {
        yield { ...base, status: 'fail', messageId: 'natGatewayBehindFirewall', severity: 'low', data, evidence };
      } else {
        yield { ...base, status: 'pass', messageId: 'consistent', data, evidence };
      }
    }
  },
});

export default check;
