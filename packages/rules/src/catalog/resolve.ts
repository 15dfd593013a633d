import {
  type Cluster,
  type Destination,
  type FindingEndpoint,
  fqdnContainment,
  type Inventory,
  type OutboundDependency,
  parseFqdnPattern,
} from '@aro-aks-audit/auditor';
import { ARO_EGRESS_LOCKDOWN_SOURCE } from './aro.ts';
import { customDnsServersOf, type DetectedFeature, featuresOf } from './features.ts';
import { CATALOG } from './index.ts';
import { mergeSharedEndpoints } from './merge.ts';
import { regionByName } from './regions.ts';
import { AKS_CHANGELOG, AKS_KONNECTIVITY_CHECK } from './sources.ts';
import type { CatalogEntry, Cloud, DestinationTemplate, Feature } from './types.ts';

/** The tag by which users say an ARO cluster has egress lockdown off (`false`) or on. */
export const EGRESS_LOCKDOWN_TAG = 'aro-aks-audit.egress-lockdown';

export interface ResolutionOptions {
  /** The inventory the cluster came from: custom DNS servers of its virtual networks. */
  inventory?: Inventory;
  catalog?: readonly CatalogEntry[];
  /** Features the resource does not show (extensions, GitOps, Cluster Connect, …). */
  declaredFeatures?: readonly Feature[];
  /** ARO: egress lockdown on or off, overriding the tag and the documented default. */
  aroEgressLockdown?: boolean;
}

/** One endpoint made concrete for one cluster: a catalog entry, or several that name the same traffic. */
export interface ResolvedEndpoint {
  /** The entry whose id names the endpoint (the first required one where several are merged). */
  entry: CatalogEntry;
  /** Every entry that needs exactly this traffic (same destinations, protocol and port), `entry` first. */
  entries: CatalogEntry[];
  /** What the endpoint is for: every merged entry's purpose. */
  purpose: string;
  /** `api-server`: the cluster's own API server (resolved to the resource's FQDN where it has one). */
  role?: CatalogEntry['role'];
  /** The documented alternatives with placeholders filled in; the ones the cluster cannot fill are dropped. */
  destinations: Destination[];
  /** What a person would write in a rule: the first specific alternative, e.g. `*.hcp.eastus.azmk8s.io`. */
  endpoint: FindingEndpoint;
  required: boolean;
  /**
   * Required only if a condition holds that the input cannot show (the tunnel ports of a cluster that may run
   * konnectivity-agent): a blocked verdict is then undecided, not a failure. Says what the condition is.
   */
  condition?: string;
  /** ARO: proxied through the ARO service under egress lockdown, so no firewall rule is needed. */
  proxied?: { assumption: string };
  /** Why this endpoint applies to this cluster. */
  why: string;
  /** Alternatives that could not be resolved, with the reason. */
  unresolved: string[];
  /** How placeholders were resolved where the cluster did not say (e.g. `<vault-name>` → `*`). */
  notes: string[];
}

export interface ClusterFacts {
  cloud: Cloud;
  region: string;
  regionShortCode?: string;
  features: DetectedFeature[];
  arcGateway: boolean;
  /** ARO only: whether egress lockdown is on, and how that is known. */
  egressLockdown?: { on: boolean; how: string };
  /** AKS only: whether the cluster runs konnectivity-agent (`undefined`: the input cannot tell), and how that is known. */
  konnectivity?: { on: boolean | undefined; how: string };
}

export function cloudOf(location: string | undefined): Cloud {
  const region = regionByName(location ?? '');
  if (region) return region.cloud;
  const name = (location ?? '').toLowerCase().replace(/\s+/g, '');
  if (name.startsWith('china')) return 'china';
  if (name.startsWith('usgov') || name.startsWith('usdod')) return 'usgov';
  return 'public';
}

const DISABLED = new Set(['false', 'off', 'disabled', 'no', '0']);

function egressLockdownOf(cluster: Cluster, override: boolean | undefined): { on: boolean; how: string } {
  if (override !== undefined)
    return { on: override, how: `egress lockdown ${override ? 'on' : 'off'}, as given on the command line` };
  const tag = Object.entries(cluster.tags).find(([k]) => k.toLowerCase() === EGRESS_LOCKDOWN_TAG);
  if (tag) {
    const on = !DISABLED.has(tag[1].trim().toLowerCase());
    return { on, how: `egress lockdown ${on ? 'on' : 'off'}, from tag ${EGRESS_LOCKDOWN_TAG}=${tag[1]}` };
  }
  return {
    on: true,
    how: `egress lockdown assumed on (the documented default for clusters created since 2022, ${ARO_EGRESS_LOCKDOWN_SOURCE.url}; ARM does not show it, it is read inside the cluster from cluster.aro.openshift.io spec.gatewayDomains); tag the cluster ${EGRESS_LOCKDOWN_TAG}=false if it is off`,
  };
}

const KONNECTIVITY_CHECK = `kubectl get pods -n kube-system shows a konnectivity-agent pod when it does (${AKS_KONNECTIVITY_CHECK.url})`;

/**
 * konnectivity-agent replaced the tunnelfront and aks-link tunnels from November 2021; the AKS release notes say
 * the rollout "is finished in global and started in Sovereign (China, USGov)" in July and August 2022 and announce
 * no end in the sovereign clouds. The ARM resource shows neither.
 */
function konnectivityOf(cloud: Cloud): { on: boolean | undefined; how: string } {
  if (cloud === 'public')
    return {
      on: true,
      how: `konnectivity-agent assumed: its rollout finished in Azure public cloud in July 2022 (AKS release notes of 2022-07-03 and 2022-08-07, ${AKS_CHANGELOG.url}); the ARM resource does not show the tunnel, and ${KONNECTIVITY_CHECK}`,
    };
  return {
    on: undefined,
    how: `whether the cluster runs konnectivity-agent is not in the ARM resource: its rollout started in Azure ${cloud === 'china' ? 'operated by 21Vianet' : 'US Government'} in July 2022 and the AKS release notes announce no end (${AKS_CHANGELOG.url}); ${KONNECTIVITY_CHECK}`,
  };
}

export function clusterFacts(cluster: Cluster, options: ResolutionOptions = {}): ClusterFacts {
  const region = regionByName(cluster.location ?? '');
  const cloud = cloudOf(cluster.location);
  return {
    cloud,
    region: region?.name ?? (cluster.location ?? '').toLowerCase().replace(/\s+/g, ''),
    ...(region?.shortCode && { regionShortCode: region.shortCode }),
    features: featuresOf(cluster, options.inventory, options.declaredFeatures),
    arcGateway: cluster.kind === 'arc' && Boolean(cluster.arcGatewayId || cluster.flags.arcGateway),
    ...(cluster.kind === 'aro' && { egressLockdown: egressLockdownOf(cluster, options.aroEgressLockdown) }),
    ...(cluster.kind === 'aks' && { konnectivity: konnectivityOf(cloud) }),
  };
}

/** Fills the placeholders of an FQDN pattern or service tag; returns a reason when it cannot. */
function fillPlaceholders(
  text: string,
  cluster: Cluster,
  facts: ClusterFacts,
  notes: string[],
): string | { unresolved: string } {
  let out = text.replace(/<(location|region)>/gi, facts.region);
  if (out.includes('<region-short>')) {
    if (!facts.regionShortCode) return { unresolved: `no short region code is documented for ${facts.region}` };
    out = out.replace(/<region-short>/g, facts.regionShortCode);
  }
  if (out.includes('<cluster-domain>')) {
    if (!cluster.domain) return { unresolved: 'the cluster domain is not in the resource' };
    out = out.replace(/<cluster-domain>/g, cluster.domain.toLowerCase());
  }
  // A value the resource does not show (a vault name, a gateway prefix) in the left-most label becomes a wildcard.
  const unknown = /^<([a-z-]+)>\./i.exec(out);
  if (unknown) {
    notes.push(`${unknown[1]} is not in the cluster resource: ${text} is checked as *.${out.slice(unknown[0].length)}`);
    out = `*.${out.slice(unknown[0].length)}`;
  }
  return /<[a-z-]+>/i.test(out) ? { unresolved: `unresolved placeholder in ${text}` } : out;
}

function resolveDestination(
  template: DestinationTemplate,
  cluster: Cluster,
  facts: ClusterFacts,
  options: ResolutionOptions,
  notes: string[],
): Destination | string {
  switch (template.kind) {
    case 'any':
      return { kind: 'any' };
    case 'fqdn': {
      const pattern = fillPlaceholders(template.pattern, cluster, facts, notes);
      return typeof pattern === 'string' ? { kind: 'fqdn', pattern } : pattern.unresolved;
    }
    case 'service-tag': {
      const tag = fillPlaceholders(template.tag, cluster, facts, notes);
      return typeof tag === 'string' ? { kind: 'service-tag', tag } : tag.unresolved;
    }
    case 'api-server-ip':
      return cluster.apiServer.ip
        ? { kind: 'addresses', addresses: [cluster.apiServer.ip] }
        : 'the API server IP is known only after cluster creation and is not in the resource';
    case 'custom-dns': {
      const servers = customDnsServersOf(cluster, options.inventory).flatMap((d) => d.servers);
      return servers.length > 0
        ? { kind: 'addresses', addresses: [...new Set(servers)] }
        : 'no custom DNS servers are configured on the egress subnets';
    }
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

function applies(entry: CatalogEntry, cluster: Cluster, facts: ClusterFacts): boolean {
  if (entry.status === 'legacy') return false;
  if (!entry.kinds.includes(cluster.kind) || !entry.clouds.includes(facts.cloud)) return false;
  const when = entry.when ?? {};
  if (when.privateApiServer !== undefined && when.privateApiServer !== cluster.apiServer.private) return false;
  if (when.arcGateway !== undefined && cluster.kind === 'arc' && when.arcGateway !== facts.arcGateway) return false;
  const on = (f: Feature) => facts.features.some((d) => d.feature === f);
  if (when.features?.some((f) => !on(f))) return false;
  if (when.anyFeature && !when.anyFeature.some(on)) return false;
  if (
    when.outboundTypes &&
    !when.outboundTypes.some((t) => t.toLowerCase() === (cluster.outboundType ?? '').toLowerCase())
  )
    return false;
  return true;
}

function whyOf(entry: CatalogEntry, cluster: Cluster, facts: ClusterFacts): string {
  const reasons = [`${cluster.kind.toUpperCase()} in Azure ${facts.cloud} cloud`];
  if (entry.when?.privateApiServer === false) reasons.push('with a public API server');
  if (entry.when?.arcGateway !== undefined)
    reasons.push(entry.when.arcGateway ? 'with an Arc gateway' : 'without an Arc gateway');
  const anyOn = (entry.when?.anyFeature ?? []).filter((f) => facts.features.some((d) => d.feature === f));
  for (const feature of [...(entry.when?.features ?? []), ...anyOn]) {
    const detected = facts.features.find((d) => d.feature === feature);
    reasons.push(`${feature} (${detected?.evidence ?? 'declared'})`);
  }
  return `${reasons.join(', ')}: ${entry.purpose}`;
}

/** The FQDN patterns of one catalog entry, resolved for a cluster whether or not the entry applies to it. */
export function resolvedFqdnPatterns(entry: CatalogEntry, cluster: Cluster, facts: ClusterFacts): string[] {
  return entry.destinations.flatMap((template) => {
    if (template.kind !== 'fqdn') return [];
    const pattern = fillPlaceholders(template.pattern, cluster, facts, []);
    return typeof pattern === 'string' ? [pattern] : [];
  });
}

/** The concrete endpoints a cluster needs (and the optional ones), each with why it applies. */
export function requiredEndpointsFor(cluster: Cluster, options: ResolutionOptions = {}): ResolvedEndpoint[] {
  const facts = clusterFacts(cluster, options);
  const resolved = mergeSharedEndpoints(
    (options.catalog ?? CATALOG)
      .filter((entry) => applies(entry, cluster, facts))
      .map((entry) => resolveEntry(entry, cluster, facts, options)),
  );
  return cluster.outboundDependencies ? mergeApiDependencies(resolved, cluster, facts, options) : resolved;
}

function resolveEntry(
  entry: CatalogEntry,
  cluster: Cluster,
  facts: ClusterFacts,
  options: ResolutionOptions,
): ResolvedEndpoint {
  const notes: string[] = [];
  const resolved = entry.destinations.map((d) => resolveDestination(d, cluster, facts, options, notes));
  const documented = resolved.filter((d): d is Destination => typeof d !== 'string');
  const destinations = ownApiServer(entry, cluster, documented, notes) ?? documented;
  const first = destinations.find((d) => d.kind !== 'any') ?? destinations[0];
  const proxied =
    entry.proxiedByAroEgressLockdown && facts.egressLockdown?.on ? { assumption: facts.egressLockdown.how } : undefined;
  const requirement = requirementOf(entry, facts, notes);
  return {
    entry,
    entries: [entry],
    purpose: entry.purpose,
    ...(entry.role && { role: entry.role }),
    destinations,
    endpoint: {
      destination: first ? describeDestination(first) : '(unresolved)',
      protocol: entry.applicationProtocol ? `${entry.protocol}/${entry.applicationProtocol}` : entry.protocol,
      port: String(entry.port),
    },
    required: requirement.required,
    ...(requirement.condition && { condition: requirement.condition }),
    ...(proxied && { proxied }),
    why: whyOf(entry, cluster, facts),
    unresolved: resolved.filter((d): d is string => typeof d === 'string'),
    notes,
  };
}

/**
 * The cluster's own API server: where the resource carries `properties.fqdn` (or, failing that, `privateFQDN`),
 * that exact name is what the nodes call, so a rule allowing exactly it satisfies the requirement, and a rule about
 * another cluster's API server under the same wildcard decides nothing about this one.
 */
function ownApiServer(
  entry: CatalogEntry,
  cluster: Cluster,
  documented: readonly Destination[],
  notes: string[],
): Destination[] | undefined {
  if (entry.role !== 'api-server') return undefined;
  const fqdn = (cluster.apiServer.fqdn ?? cluster.apiServer.privateFqdn)?.toLowerCase();
  if (!fqdn || parseFqdnPattern(fqdn).kind !== 'exact') return undefined;
  notes.push(
    `the cluster's own API server, ${fqdn} (${cluster.apiServer.fqdn ? 'properties.fqdn' : 'properties.privateFQDN'}); the document's rule for any cluster of the region is ${documented.map(describeDestination).join(', ')}`,
  );
  return [{ kind: 'fqdn', pattern: fqdn }];
}

/** Whether the entry is required of this cluster, and on what condition the input cannot check. */
function requirementOf(
  entry: CatalogEntry,
  facts: ClusterFacts,
  notes: string[],
): { required: boolean; condition?: string } {
  const required = entry.requirement === 'required';
  const wanted = entry.when?.konnectivityAgent;
  if (!required || wanted === undefined || !facts.konnectivity) return { required };
  const { on, how } = facts.konnectivity;
  if (on === undefined)
    return {
      required,
      condition: `required only for clusters ${wanted ? 'with' : 'without'} konnectivity-agent; ${how}`,
    };
  if (on === wanted) return { required };
  notes.push(`not required: ${how}`);
  return { required: false };
}

const API_DOCUMENT =
  'https://learn.microsoft.com/rest/api/aks/managed-clusters/list-outbound-network-dependencies-endpoints';

/** The protocol, port and application protocol an API dependency names (`Https`, `Http`, `TCP`, `UDP`). */
function transportOf(dependency: OutboundDependency): Pick<CatalogEntry, 'protocol' | 'port' | 'applicationProtocol'> {
  const protocol = (dependency.protocol ?? 'Https').toLowerCase();
  if (protocol === 'https') return { protocol: 'TCP', port: dependency.port ?? 443, applicationProtocol: 'Https' };
  if (protocol === 'http') return { protocol: 'TCP', port: dependency.port ?? 80, applicationProtocol: 'Http' };
  return { protocol: protocol === 'udp' ? 'UDP' : 'TCP', port: dependency.port ?? 443 };
}

/**
 * Merges the cluster's own outboundNetworkDependenciesEndpoints response: an endpoint the catalog
 * already resolved gets a note; one it lacks is added, marked as coming from the API.
 */
function mergeApiDependencies(
  resolved: ResolvedEndpoint[],
  cluster: Cluster,
  facts: ClusterFacts,
  options: ResolutionOptions,
): ResolvedEndpoint[] {
  const merged = [...resolved];
  const origin =
    cluster.outboundDependencies?.origin.file ?? cluster.outboundDependencies?.origin.source ?? 'the input';
  for (const dependency of cluster.outboundDependencies?.endpoints ?? []) {
    const transport = transportOf(dependency);
    const pattern = parseFqdnPattern(dependency.domainName);
    const known = merged.find(
      (r) =>
        r.entry.port === transport.port &&
        r.entry.protocol === transport.protocol &&
        (r.destinations.every((d) => d.kind !== 'fqdn') ||
          (pattern.kind !== 'invalid' &&
            r.destinations.some((d) => {
              const candidate = d.kind === 'fqdn' ? parseFqdnPattern(d.pattern) : undefined;
              return (
                candidate !== undefined && candidate.kind !== 'invalid' && fqdnContainment(candidate, pattern) === 'all'
              );
            }))),
    );
    const listed = `listed by the cluster's outboundNetworkDependenciesEndpoints (category ${dependency.category}, ${origin})`;
    if (known) {
      if (!known.notes.includes(`also ${listed}`)) known.notes.push(`also ${listed}`);
      continue;
    }
    const entry: CatalogEntry = {
      id: `aks.api.${dependency.category}.${dependency.domainName}:${transport.port}`,
      kinds: ['aks'],
      clouds: [facts.cloud],
      destinations: [{ kind: 'fqdn', pattern: dependency.domainName }],
      ...transport,
      requirement: /optional/i.test(dependency.category) ? 'optional' : 'required',
      purpose: dependency.description ?? `${dependency.category} dependency reported by the AKS API`,
      source: {
        title: `outboundNetworkDependenciesEndpoints of ${cluster.name}`,
        url: API_DOCUMENT,
        date: 'as read',
        note: `read from ${origin}`,
      },
    };
    merged.push({ ...resolveEntry(entry, cluster, facts, options), why: `AKS API: ${listed}` });
  }
  return merged;
}
