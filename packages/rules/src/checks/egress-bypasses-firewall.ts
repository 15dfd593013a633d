import { type Check, defineCheck, type Evidence, type RouteVerdict } from '@aro-aks-audit/auditor';
import { virtualHubRoutingFix } from '../fixes-virtual-hub.ts';
import type { RulesSettings } from '../settings.ts';
import { placeholder, subscriptionWord } from '../shell.ts';
import { clusterRef, resourceOf, shortSubnetName } from './cluster-ref.ts';

const messages = {
  viaFirewall: "{{cluster}}'s subnet {{subnet}} sends Internet-bound traffic to firewall {{firewall}}.",
  bypass: "{{cluster}}'s subnet {{subnet}} sends Internet-bound traffic around the firewall: {{reason}}.",
  partialBypass: "{{cluster}}'s subnet {{subnet}} sends some Internet-bound traffic around the firewall: {{reason}}.",
  routeUnknown:
    "Where {{cluster}}'s subnet {{subnet}} sends Internet-bound traffic could not be determined: {{reason}}.",
  outsideAzure: '{{cluster}} runs outside Azure; its path to the firewall is not visible in Azure resources.',
  dropped:
    "{{cluster}}'s subnet {{subnet}} drops its Internet-bound traffic ({{reason}}): nothing bypasses the firewall, and nothing reaches anything either; required-endpoint-blocked reports the outage.",
} as const;

type MessageId = keyof typeof messages;

function routeEvidence(route: RouteVerdict): Evidence[] {
  return route.segments.map((segment) => ({
    kind: 'route',
    label: `${segment.route.table ? `${segment.route.table} / ` : ''}${segment.route.name}: ${segment.route.addressPrefix} → ${segment.route.nextHopType}${segment.route.nextHopIpAddress ? ` ${segment.route.nextHopIpAddress}` : ''}`,
    detail: `wins for ${segment.destinations.length > 4 ? `${segment.destinations.slice(0, 4).join(', ')} and ${segment.destinations.length - 4} more ranges` : segment.destinations.join(', ')}; ${segment.outcome}${segment.note ? ` (${segment.note})` : ''}`,
    ...(segment.route.tableId && { resourceId: segment.route.tableId }),
  }));
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'egress-bypasses-firewall',
    code: 'AZFW102',
    severity: 'high',
    title: "Every cluster subnet's Internet-bound traffic goes through the firewall",
    risk: 'Traffic that bypasses the firewall is neither filtered nor logged: the firewall rules give a false sense of control, and with outboundType userDefinedRouting the cluster may have no working egress at all.',
    remediation:
      "Associate the subnet with a route table whose 0.0.0.0/0 route has next hop type VirtualAppliance and the firewall's private IP, and remove more specific routes to the Internet that are not meant to bypass it.",
    references: [
      'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
      'https://learn.microsoft.com/azure/aks/egress-outboundtype',
      'https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview',
      'https://learn.microsoft.com/azure/virtual-wan/how-to-routing-policies',
      'https://learn.microsoft.com/azure/virtual-wan/static-routes-firewall-basic',
    ],
    messages,
  },
  *run({ inventory, analysis }) {
    for (const cluster of inventory.clusters) {
      const base = { resource: resourceOf(cluster), cluster: clusterRef(cluster) };
      const path = analysis.egressPathOf(cluster);
      if (path.status === 'outside-azure') {
        yield { ...base, status: 'skip', messageId: 'outsideAzure', data: { cluster: cluster.name } };
        continue;
      }
      for (const { subnetId, route } of path.subnets) {
        const firewall = route.firewallId ? analysis.firewallById(route.firewallId) : undefined;
        const data = {
          cluster: cluster.name,
          subnet: shortSubnetName(subnetId),
          firewall: firewall?.name ?? '',
          reason: route.reason,
          outboundType: cluster.outboundType ?? '',
        };
        const draft = { ...base, subject: subnetId.toLowerCase(), data, evidence: routeEvidence(route) };
        if (route.status === 'via-firewall') yield { ...draft, status: 'pass', messageId: 'viaFirewall' };
        // A None route loses the traffic instead of letting it around the firewall: an outage, not a bypass.
        else if (route.status === 'drop') yield { ...draft, status: 'pass', messageId: 'dropped' };
        else if (route.status === 'unknown') yield { ...draft, status: 'unknown', messageId: 'routeUnknown' };
        else {
          // A spoke of a Virtual WAN hub is fixed through the hub, not with a route to its firewall's IP.
          const hubFix = virtualHubRoutingFix(inventory, subnetId, route);
          yield {
            ...draft,
            status: 'fail',
            messageId: route.status === 'bypass' ? 'bypass' : 'partialBypass',
            remediation: hubFix
              ? { text: hubFix.text, cli: hubFix.commands.join('\n') }
              : {
                  text: `Route ${shortSubnetName(subnetId)}'s Internet-bound traffic to the firewall: in its route table, set 0.0.0.0/0 → VirtualAppliance <firewall private IP> and remove the routes that lead around it.`,
                  cli: `az network route-table route create --subscription ${subscriptionWord(subnetId)} --resource-group ${placeholder('route-table-resource-group')} --route-table-name ${placeholder('route-table')} --name default-to-firewall --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address ${placeholder('firewall-private-ip')}`,
                },
          };
        }
      }
    }
  },
});

export default check;
