import {
  type Analysis,
  type Check,
  defineCheck,
  type FindingDraft,
  type Firewall,
  findById,
  type Inventory,
  idKey,
  prefixLength,
} from '@aro-aks-audit/auditor';
import type { RulesSettings } from '../settings.ts';
import { placeholder, scopeArguments, shellQuote } from '../shell.ts';
import { resourceOf } from './cluster-ref.ts';

const messages = {
  enoughIps:
    'Firewall {{firewall}} has {{frontends}} ({{ports}} SNAT ports at the documented minimum of two instances).',
  natGateway:
    'Firewall {{firewall}} sends outbound traffic through NAT gateway {{natGateway}} with {{natIps}} ({{ports}} SNAT ports).',
  fewIps:
    'Firewall {{firewall}} has {{frontends}}, fewer than the {{recommended}} the AKS documentation recommends for production: {{ports}} SNAT ports at the documented minimum of two instances.',
  noAksBehind:
    'Firewall {{firewall}} has {{frontends}} ({{ports}} SNAT ports at the documented minimum of two instances). Only {{clusters}} egress through it, no AKS cluster: the AKS recommendation of {{recommended}} frontend IPs does not apply. The Azure Firewall documentation asks for more public IPs ("at least five") or a NAT gateway once the SNAT ports run out, which the SNATPortUtilization metric measures.',
  noPublicIp:
    'Firewall {{firewall}} has no frontend public IP (forced tunnelling): outbound traffic is SNATed on the next hop, not here.',
  hubIpsUnknown: 'The number of public IPs of secured-hub firewall {{firewall}} is not in the input.',
  highUtilization:
    'Firewall {{firewall}} used up to {{utilizationMax}}% of its SNAT ports (average {{utilizationAverage}}%) between {{from}} and {{to}}: connections fail once none is free.',
} as const;

type MessageId = keyof typeof messages;

// https://learn.microsoft.com/azure/firewall/integrate-with-nat-gateway: "2,496 SNAT ports per public IP address
// configured per backend virtual machine scale set instance (Minimum of two instances)"; NAT gateway: "64,512 SNAT
// ports per public IP address".
const PORTS_PER_IP_PER_INSTANCE = 2496;
const MINIMUM_INSTANCES = 2;
const NAT_GATEWAY_PORTS_PER_IP = 64512;
// https://learn.microsoft.com/azure/aks/limit-egress-traffic: "we recommend having a minimum of 20 frontend IPs".
const RECOMMENDED_FRONTEND_IPS = 20;
// Azure Monitor Baseline Alerts, Azure Firewall pack: "SNAT Port Utilization", threshold 80 (percent).
// https://learn.microsoft.com/azure/firewall/metrics: "If your firewall is running into SNAT port exhaustion, you
// should add at least five public IP address[es]" — the guidance for a firewall no AKS cluster egresses through.
const HIGH_UTILIZATION_PERCENT = 80;

/** The measured SNATPortUtilization as data and evidence, when the metric was read. */
function utilizationOf(firewall: Firewall) {
  const metric = firewall.snatPortUtilization;
  if (metric === undefined) return undefined;
  const window = `${metric.from ?? '?'} to ${metric.to ?? '?'}`;
  const data: Record<string, string | number> = {};
  if (metric.maximum !== undefined) data.utilizationMax = metric.maximum;
  if (metric.average !== undefined) data.utilizationAverage = metric.average;
  const evidence = {
    kind: 'resource' as const,
    label: 'SNATPortUtilization (Azure Monitor)',
    detail:
      metric.points === 0
        ? 'no data points in the window read'
        : `maximum ${metric.maximum ?? '?'}%, average ${metric.average ?? '?'}% over ${metric.points} points, ${window}`,
    resourceId: firewall.id,
    ...(metric.origin.file !== undefined || metric.origin.source !== undefined
      ? { origin: metric.origin.file ?? metric.origin.source }
      : {}),
  };
  return { metric, data, evidence };
}

/** A secured-hub firewall's public IPs as the hub shows them: the count asked for and the addresses assigned. */
function hubPublicIpEvidence(firewall: Firewall) {
  const addresses = firewall.hubPublicIpAddresses;
  return {
    kind: 'resource' as const,
    label: 'hubIPAddresses.publicIPs',
    detail: `count ${firewall.hubPublicIpCount ?? 'not in the input'}; addresses ${addresses.length > 0 ? addresses.join(', ') : 'none listed'}`,
    resourceId: firewall.id,
  };
}

/**
 * A secured-hub firewall gets more public IPs through its hub IP count (`--public-ip-count`, Azure CLI
 * azure-firewall extension). A NAT gateway attaches to a subnet, and a hub firewall has none of the
 * customer's: that remedy is not offered.
 */
function hubRemediation(firewall: Firewall) {
  return {
    text: `Raise the public IP count of secured-hub firewall ${firewall.name} to at least ${RECOMMENDED_FRONTEND_IPS} (hubIPAddresses.publicIPs.count; Azure picks one at random per connection, so allow-lists downstream must include them all).`,
    cli: `az network firewall update ${scopeArguments(firewall.id)} --name ${shellQuote(firewall.name)} --public-ip-count ${RECOMMENDED_FRONTEND_IPS}`,
  };
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The clusters whose egress reaches the firewall (any of their subnets routes to it, or it is assumed for them). */
function clustersBehind(inventory: Inventory, analysis: Analysis, firewall: Firewall) {
  return inventory.clusters.filter((cluster) => {
    const path = analysis.egressPathOf(cluster);
    return (
      (path.firewall !== undefined && idKey(path.firewall.id) === idKey(firewall.id)) ||
      path.subnets.some((s) => s.route.firewallId !== undefined && idKey(s.route.firewallId) === idKey(firewall.id))
    );
  });
}

function natGatewayOf(inventory: Inventory, firewall: Firewall) {
  const subnetId = firewall.ipConfigurations.find((c) => c.subnetId)?.subnetId;
  const subnet = subnetId ? findById(inventory.subnets, subnetId) : undefined;
  const id = subnet?.natGatewayId;
  return id ? findById(inventory.natGateways, id) : undefined;
}

function natGatewayIpCount(inventory: Inventory, natGateway: NonNullable<ReturnType<typeof natGatewayOf>>): number {
  const fromPrefixes = natGateway.publicIpPrefixIds.reduce((sum, id) => {
    const prefix = findById(inventory.publicIpPrefixes, id);
    const length = prefix?.prefixLength ?? (prefix?.ipPrefix ? prefixLength(prefix.ipPrefix) : undefined);
    return sum + (length === undefined ? 0 : 2 ** (32 - length));
  }, 0);
  return natGateway.publicIpAddressIds.length + fromPrefixes;
}

const check: Check<MessageId, RulesSettings> = defineCheck<MessageId, RulesSettings>({
  meta: {
    id: 'snat-exhaustion-risk',
    code: 'AZFW301',
    severity: 'medium',
    title: 'The firewall has enough SNAT capacity for cluster egress',
    risk: 'Clusters open many connections to few destinations (registries, the API server); with few frontend IPs the firewall runs out of SNAT ports and connections fail intermittently under load.',
    remediation:
      'Add frontend public IPs to the firewall (at least 20 for production per the AKS docs), or associate a NAT gateway with AzureFirewallSubnet (64,512 ports per public IP).',
    references: [
      'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
      'https://learn.microsoft.com/azure/firewall/integrate-with-nat-gateway',
      'https://learn.microsoft.com/azure/firewall/firewall-performance',
      'https://learn.microsoft.com/azure/firewall/metrics',
      'https://azure.github.io/azure-monitor-baseline-alerts/patterns/monitoring-packs/Platform/AzFW/',
    ],
    messages,
  },
  *run({ inventory, analysis }): Generator<FindingDraft<MessageId>> {
    for (const firewall of inventory.firewalls) {
      const resource = resourceOf(firewall);
      const utilization = utilizationOf(firewall);
      // The measured utilization goes with every verdict of the firewall, as data and as evidence.
      const base = {
        resource,
        subject: 'snat',
        ...(utilization && { evidence: [utilization.evidence] }),
      };
      const measured = utilization?.data ?? {};
      const natGateway = natGatewayOf(inventory, firewall);
      if (utilization?.metric.maximum !== undefined && utilization.metric.maximum >= HIGH_UTILIZATION_PERCENT) {
        // Measured pressure outranks any count of addresses: the ports in use are what run out.
        yield {
          ...base,
          status: 'fail',
          messageId: 'highUtilization',
          data: {
            firewall: firewall.name,
            utilizationMax: utilization.metric.maximum,
            utilizationAverage: utilization.metric.average ?? '?',
            from: utilization.metric.from ?? '?',
            to: utilization.metric.to ?? '?',
            threshold: HIGH_UTILIZATION_PERCENT,
          },
          remediation: firewall.virtualHubId
            ? hubRemediation(firewall)
            : {
                text: natGateway
                  ? `Add public IPs or prefixes to NAT gateway ${natGateway.name} (64,512 ports each), and look for clients that open many short connections to few destinations.`
                  : `Add public IPs to ${firewall.name} (2,496 ports each per instance; at least ${RECOMMENDED_FRONTEND_IPS} for production per the AKS docs) or associate a NAT gateway with AzureFirewallSubnet (64,512 ports per public IP).`,
              },
        };
        continue;
      }
      if (natGateway) {
        const ips = natGatewayIpCount(inventory, natGateway);
        yield {
          ...base,
          status: 'pass',
          messageId: 'natGateway',
          data: {
            firewall: firewall.name,
            natGateway: natGateway.name,
            ips,
            natIps: plural(ips, 'public IP'),
            ports: ips * NAT_GATEWAY_PORTS_PER_IP,
            ...measured,
          },
        };
        continue;
      }
      if (
        firewall.virtualHubId &&
        firewall.hubPublicIpCount === undefined &&
        firewall.hubPublicIpAddresses.length === 0
      ) {
        yield { ...base, status: 'unknown', messageId: 'hubIpsUnknown', data: { firewall: firewall.name } };
        continue;
      }
      // The management ip configuration's public IP serves the platform, not SNAT: it is not counted.
      const frontendIds = firewall.ipConfigurations
        .map((c) => c.publicIpAddressId)
        .filter((id): id is string => Boolean(id));
      // A secured-hub firewall's public IPs are `hubIPAddresses.publicIPs`: the count asked for, and the
      // addresses assigned.
      const ips = firewall.virtualHubId
        ? Math.max(firewall.hubPublicIpCount ?? 0, firewall.hubPublicIpAddresses.length)
        : new Set(frontendIds.map(idKey)).size;
      const data = {
        firewall: firewall.name,
        ips,
        frontends: plural(ips, 'frontend public IP'),
        ports: ips * PORTS_PER_IP_PER_INSTANCE * MINIMUM_INSTANCES,
        recommended: RECOMMENDED_FRONTEND_IPS,
        ...measured,
      };
      const behind = clustersBehind(inventory, analysis, firewall);
      if (ips === 0) yield { ...base, status: 'skip', messageId: 'noPublicIp', data };
      else if (ips >= RECOMMENDED_FRONTEND_IPS) yield { ...base, status: 'pass', messageId: 'enoughIps', data };
      else if (behind.length > 0 && !behind.some((c) => c.kind === 'aks')) {
        // The AKS recommendation is for firewalls AKS egresses through; ARO's and Arc's documents give no count.
        const kinds = [...new Set(behind.map((c) => c.kind.toUpperCase()))].join(' and ');
        yield {
          ...base,
          status: 'pass',
          messageId: 'noAksBehind',
          data: {
            ...data,
            clusters: `${kinds} cluster${behind.length === 1 ? '' : 's'} ${behind.map((c) => c.name).join(', ')}`,
          },
        };
      } else {
        yield {
          ...base,
          status: 'fail',
          messageId: 'fewIps',
          data,
          evidence: [
            ...frontendIds.map((id) => ({
              kind: 'resource' as const,
              label: id.split('/').at(-1) ?? id,
              detail: findById(inventory.publicIps, id)?.ipAddress ?? 'address not in the input',
              resourceId: id,
            })),
            ...(firewall.virtualHubId ? [hubPublicIpEvidence(firewall)] : []),
            ...(utilization ? [utilization.evidence] : []),
          ],
          remediation: firewall.virtualHubId
            ? hubRemediation(firewall)
            : {
                text: `Add ${plural(RECOMMENDED_FRONTEND_IPS - ips, 'public IP')} to ${firewall.name} (Azure picks one at random per connection, so allow-lists downstream must include them all), or associate a NAT gateway with AzureFirewallSubnet.`,
                cli: `az network firewall ip-config create ${scopeArguments(firewall.id)} --firewall-name ${shellQuote(firewall.name)} --name ipconfig-${ips + 1} --public-ip-address ${placeholder('new-standard-public-ip')}`,
              },
        };
      }
    }
  },
});

export default check;
