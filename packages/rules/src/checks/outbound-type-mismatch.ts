import {
  type Check,
  type Cluster,
  defineCheck,
  type FindingDraft,
  hubConnectionsOf,
  type Inventory,
  idKey,
  routingIntentOf,
} from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import { placeholder, scopeArguments, shellQuote } from '../shell.ts';
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
  udrWithoutDefaultRoute:
    '{{cluster}} declares outboundType {{outboundType}}, but {{subnets}} {{have}} no route table with a 0.0.0.0/0 route to a virtual appliance or virtual network gateway (its egress today: {{egress}}). AKS documents that this outbound type needs one associated with the cluster subnet, and validates it.',
  pathUnknown:
    "Whether {{cluster}}'s outboundType {{outboundType}} matches its egress path cannot be told: {{reason}}.",
  notApplicable: '{{cluster}} has no outbound type to compare ({{why}}).',
} as const;

type MessageId = keyof typeof messages;

const UDR = new Set(['userdefinedrouting']);

/**
 * The node subnets of an AKS cluster that lack what AKS validates for userDefinedRouting: a route table
 * with 0.0.0.0/0 to a virtual appliance or gateway (egress-outboundtype.md: "Configure a route table
 * with a 0.0.0.0/0 route that points to a gateway or network virtual appliance, and associate the route
 * table with the cluster subnet"; egress-udr.md: "AKS validates that you don't create a 0.0.0.0/0 route
 * pointing to the Internet but instead to a gateway, NVA"). A default route learned from a Virtual WAN
 * hub is not in the route table, so it does not count. Subnets not in the input are left to the path.
 */
function subnetsWithoutDefaultUdr(inventory: Inventory, cluster: Cluster): string[] {
  const nodeSubnets = cluster.nodePools.map((p) => p.subnetId).filter((id): id is string => id !== undefined);
  const ids = [
    ...new Map((nodeSubnets.length > 0 ? nodeSubnets : cluster.egressSubnetIds).map((id) => [idKey(id), id])).values(),
  ];
  return ids.filter((id) => {
    const subnet = inventory.subnets.find((s) => idKey(s.id) === idKey(id));
    if (!subnet) return false;
    const table = subnet.routeTableId
      ? inventory.routeTables.find((t) => idKey(t.id) === idKey(subnet.routeTableId ?? ''))
      : undefined;
    if (subnet.routeTableId && !table) return false;
    return !table?.routes.some(
      (r) =>
        r.addressPrefix.trim() === '0.0.0.0/0' && /^(virtualappliance|virtualnetworkgateway)$/i.test(r.nextHopType),
    );
  });
}

/** The remedy for a missing default UDR: where the VNet's hub uses routing intent, only what AKS documents. */
function defaultUdrRemediation(
  inventory: Inventory,
  cluster: Cluster,
  subnetIds: string[],
  firewallIp: string | undefined,
) {
  const subnet = inventory.subnets.find((s) => idKey(s.id) === idKey(subnetIds[0] ?? ''));
  const [connection] = subnet ? hubConnectionsOf(inventory, subnet.virtualNetworkId) : [];
  const intent = connection ? routingIntentOf(inventory, connection.virtualHubId) : undefined;
  const text = `Associate a route table whose 0.0.0.0/0 route goes to the firewall (next hop type VirtualAppliance) with ${subnetIds.map(shortName).join(', ')}, gateway route propagation left on so that routes learned from a Virtual WAN hub still apply; for a network isolated cluster, outboundType none needs no default route.`;
  if (intent)
    return {
      text: `AKS validates, for userDefinedRouting, a route table on the cluster subnet with 0.0.0.0/0 to a virtual appliance or gateway; the routing intent of virtual hub ${connection?.virtualHubId.split('/').at(-1)} gives ${subnetIds.map(shortName).join(', ')} its default route from the hub instead, so there is none. For a network isolated cluster, outboundType none needs no default route; otherwise the route table AKS expects has to sit beside routing intent, with gateway route propagation on so the hub's routes still apply.`,
    };
  if (!firewallIp || !subnet) return { text };
  const scope = scopeArguments(subnet.id);
  const table = shellQuote(`rt-${cluster.name}`);
  return {
    text,
    cli: [
      `az network route-table create ${scope} --name ${table} --location ${cluster.location ? shellQuote(cluster.location) : placeholder('location')}`,
      `az network route-table route create ${scope} --route-table-name ${table} --name default-to-firewall --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address ${shellQuote(firewallIp)}`,
      ...subnetIds.map((id) => `az network vnet subnet update --ids ${shellQuote(id)} --route-table ${table}`),
    ].join('\n'),
  };
}

const shortName = (subnetId: string) =>
  subnetId
    .split('/')
    .filter((_, i, all) => i === all.length - 3 || i === all.length - 1)
    .join('/');
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
      'https://learn.microsoft.com/azure/aks/egress-udr',
      'https://learn.microsoft.com/azure/openshift/howto-create-private-cluster-4x',
      'https://learn.microsoft.com/azure/openshift/howto-restrict-egress',
      'https://learn.microsoft.com/azure/virtual-wan/how-to-routing-policies',
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
      const withoutDefaultUdr =
        UDR.has(kind) && cluster.kind === 'aks' ? subnetsWithoutDefaultUdr(inventory, cluster) : [];
      if (UDR.has(kind) && path.status !== 'via-firewall' && path.status !== 'unknown') {
        yield { ...base, status: 'fail', messageId: 'udrWithoutFirewall', data, evidence };
      } else if (withoutDefaultUdr.length > 0) {
        const firewallIp =
          path.firewall?.hubPrivateIpAddress ??
          path.firewall?.ipConfigurations.find((c) => c.privateIpAddress)?.privateIpAddress;
        yield {
          ...base,
          status: 'fail',
          messageId: 'udrWithoutDefaultRoute',
          data: {
            ...data,
            subnets: withoutDefaultUdr.map(shortName).join(', '),
            have: withoutDefaultUdr.length === 1 ? 'has' : 'have',
            egress:
              path.status === 'via-firewall'
                ? `it reaches firewall ${path.firewall?.name ?? ''}`
                : 'where it goes could not be determined',
          },
          evidence,
          remediation: defaultUdrRemediation(inventory, cluster, withoutDefaultUdr, firewallIp),
        };
      } else if (path.status === 'unknown') {
        yield { ...base, status: 'unknown', messageId: 'pathUnknown', data, evidence };
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
