/**
 * Phases that place what a resource's normalizer read but another resource owns: metrics on the
 * resource they measure, outboundNetworkDependenciesEndpoints on their cluster, and each subnet as
 * one (its standalone resource merged with its copy embedded in the virtual network).
 */
import { idKey, type Subnet } from '../model/inventory.ts';
import type { Draft } from './draft.ts';
import { METRICS_TYPE, metricTarget, SNAT_PORT_UTILIZATION, summarizeMetric } from './metrics.ts';
import { describeOrigin } from './order.ts';

/**
 * Metric items go to the resource their id names: SNATPortUtilization to its firewall. A metric the
 * audit does not read, of a resource not in the input, or that Azure Monitor could not give, is a note.
 */
export function attachMetrics({ inventory, notes, pending }: Draft): void {
  const firewalls = new Map(inventory.firewalls.map((f) => [idKey(f.id), f]));
  for (const metric of pending.metrics) {
    const target = metricTarget(metric.id);
    const read = summarizeMetric(metric.raw.body, metric.raw.origin);
    const where = describeOrigin(metric.raw.origin);
    if (!target || 'problem' in read) {
      notes.push({
        kind: 'warning',
        resourceId: target?.resourceId ?? metric.id,
        message: `metric ${read.name ?? metric.id} (${where}) was not read: ${'problem' in read ? read.problem : `its id does not name a resource (…/providers/${METRICS_TYPE}/<name>)`}`,
      });
      continue;
    }
    if (read.name.toLowerCase() !== SNAT_PORT_UTILIZATION.toLowerCase()) {
      notes.push({
        kind: 'unknown-type',
        resourceId: target.resourceId,
        message: `metric ${read.name} of ${target.resourceId} (${where}) is not one the audit reads (only ${SNAT_PORT_UTILIZATION} of firewalls) and was ignored`,
      });
      continue;
    }
    const firewall = firewalls.get(idKey(target.resourceId));
    if (!firewall) {
      notes.push({
        kind: 'warning',
        resourceId: target.resourceId,
        message: `${SNAT_PORT_UTILIZATION} of ${target.resourceId} (${where}) was given, but that firewall is not in the input; ignored`,
      });
      continue;
    }
    firewall.snatPortUtilization = read.summary;
  }
}

export function attachOutboundDependencies({ inventory, notes, pending }: Draft): void {
  for (const { clusterId, endpoints, origin } of pending.outboundDependencies) {
    const cluster = inventory.clusters.find((c) => c.kind === 'aks' && idKey(c.id) === idKey(clusterId));
    if (cluster) cluster.outboundDependencies = { endpoints, origin };
    else
      notes.push({
        kind: 'warning',
        resourceId: clusterId,
        message: `outboundNetworkDependenciesEndpoints of ${clusterId} were given, but that AKS cluster is not in the input; ignored`,
      });
  }
}

/**
 * One subnet from its standalone resource and its copy embedded in the virtual network: the
 * standalone resource's fields win, the embedded copy fills in what it lacks (optional fields are
 * absent, never undefined, so the spread does exactly that).
 */
function mergeSubnet(standalone: Subnet, embedded: Subnet): Subnet {
  return {
    ...embedded,
    ...standalone,
    addressPrefixes: standalone.addressPrefixes.length > 0 ? standalone.addressPrefixes : embedded.addressPrefixes,
    virtualNetworkId: standalone.virtualNetworkId || embedded.virtualNetworkId,
  };
}

/** A standalone subnet resource and the same subnet embedded in its virtual network are one. */
export function mergeSubnets({ inventory, pending }: Draft): void {
  const subnets = new Map<string, Subnet>();
  for (const subnet of pending.embeddedSubnets)
    if (!subnets.has(idKey(subnet.id))) subnets.set(idKey(subnet.id), subnet);
  for (const subnet of pending.standaloneSubnets) {
    const embedded = subnets.get(idKey(subnet.id));
    subnets.set(idKey(subnet.id), embedded ? mergeSubnet(subnet, embedded) : subnet);
  }
  inventory.subnets = [...subnets.values()];
}
