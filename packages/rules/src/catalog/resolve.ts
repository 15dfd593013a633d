import type { Cluster, Destination, FindingEndpoint } from '@aro-aks-audit/auditor';
import { AKS_PUBLIC } from './aks-public.ts';
import type { CatalogEntry, Cloud, DestinationTemplate } from './types.ts';

/** The whole catalog. The required-egress-model issue completes it (ARO, Arc, sovereign clouds, features). */
export const CATALOG: readonly CatalogEntry[] = [...AKS_PUBLIC];

/** One catalog entry made concrete for one cluster. */
export interface ResolvedEndpoint {
  entry: CatalogEntry;
  /** The documented alternatives with placeholders filled in; the ones the cluster cannot fill are dropped. */
  destinations: Destination[];
  /** What a person would write in a rule: the first alternative, e.g. `*.hcp.eastus.azmk8s.io`. */
  endpoint: FindingEndpoint;
  required: boolean;
  /** Why this endpoint applies to this cluster. */
  why: string;
  /** Alternatives that could not be resolved from the inventory, with the reason. */
  unresolved: string[];
}

export function cloudOf(location: string | undefined): Cloud {
  const region = (location ?? '').toLowerCase().replace(/\s+/g, '');
  if (region.startsWith('china')) return 'china';
  if (region.startsWith('usgov') || region.startsWith('usdod')) return 'usgov';
  return 'public';
}

function regionOf(cluster: Cluster): string {
  return (cluster.location ?? '').toLowerCase().replace(/\s+/g, '');
}

function resolveDestination(template: DestinationTemplate, cluster: Cluster): Destination | string {
  const region = regionOf(cluster);
  switch (template.kind) {
    case 'any':
      return { kind: 'any' };
    case 'fqdn':
      return { kind: 'fqdn', pattern: template.pattern.replace('<location>', region) };
    case 'service-tag':
      return { kind: 'service-tag', tag: template.tag.replace('<region>', region) };
    case 'api-server-ip':
      return cluster.apiServer.ip
        ? { kind: 'addresses', addresses: [cluster.apiServer.ip] }
        : 'the API server IP is known only after cluster creation and is not in the resource';
    case 'custom-dns':
      return 'custom DNS servers are not resolved yet';
  }
}

export function describeDestination(destination: Destination): string {
  switch (destination.kind) {
    case 'any':
      return '*';
    case 'fqdn':
      return destination.pattern;
    case 'service-tag':
      return destination.tag;
    case 'addresses':
      return destination.addresses.join(', ');
  }
}

function applies(entry: CatalogEntry, cluster: Cluster, cloud: Cloud): boolean {
  if (!entry.kinds.includes(cluster.kind) || !entry.clouds.includes(cloud)) return false;
  if (entry.when?.privateApiServer !== undefined && entry.when.privateApiServer !== cluster.apiServer.private)
    return false;
  return true;
}

/** The concrete endpoints a cluster needs (and the optional ones), each with why it applies. */
export function requiredEndpointsFor(cluster: Cluster, catalog: readonly CatalogEntry[] = CATALOG): ResolvedEndpoint[] {
  const cloud = cloudOf(cluster.location);
  return catalog
    .filter((entry) => applies(entry, cluster, cloud))
    .map((entry) => {
      const resolved = entry.destinations.map((d) => resolveDestination(d, cluster));
      const destinations = resolved.filter((d): d is Destination => typeof d !== 'string');
      const first = destinations.find((d) => d.kind !== 'any') ?? destinations[0];
      return {
        entry,
        destinations,
        endpoint: {
          destination: first ? describeDestination(first) : '(unresolved)',
          protocol: entry.applicationProtocol ? `${entry.protocol}/${entry.applicationProtocol}` : entry.protocol,
          port: String(entry.port),
        },
        required: entry.requirement === 'required',
        why: `${cluster.kind.toUpperCase()} in Azure ${cloud} cloud${entry.when?.privateApiServer === false ? ' with a public API server' : ''}: ${entry.purpose}`,
        unresolved: resolved.filter((d): d is string => typeof d === 'string'),
      };
    });
}
