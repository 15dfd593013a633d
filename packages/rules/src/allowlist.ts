import { type Cluster, type ClusterKind, emptyCluster } from '@aro-aks-audit/auditor';
import { describeDestination, type ResolutionOptions, requiredEndpointsFor } from './catalog/resolve.ts';

/** One line of the allowlist the `endpoints` command prints, for teams on any firewall. */
export interface AllowlistRow {
  id: string;
  /** The destination to allow (the first specific documented alternative). */
  destination: string;
  /** Every documented alternative; allowing any one is enough. */
  alternatives: string;
  protocol: string;
  port: string;
  /** Application (FQDN, HTTP/HTTPS) or network (L4) rule. */
  ruleType: 'application' | 'network';
  requirement: 'required' | 'optional' | 'proxied';
  purpose: string;
  why: string;
  notes: string;
  source: string;
  sourceDate: string;
}

export const ALLOWLIST_COLUMNS = [
  'id',
  'destination',
  'alternatives',
  'protocol',
  'port',
  'ruleType',
  'requirement',
  'purpose',
  'why',
  'notes',
  'source',
  'sourceDate',
] as const satisfies readonly (keyof AllowlistRow)[];

export function allowlistFor(cluster: Cluster, options: ResolutionOptions = {}): AllowlistRow[] {
  return requiredEndpointsFor(cluster, options).map((endpoint) => ({
    id: endpoint.entry.id,
    destination: endpoint.endpoint.destination,
    alternatives: endpoint.destinations.map(describeDestination).join(' | '),
    protocol: endpoint.endpoint.protocol,
    port: endpoint.endpoint.port,
    ruleType: endpoint.entry.applicationProtocol ? 'application' : 'network',
    requirement: endpoint.proxied ? 'proxied' : endpoint.required ? 'required' : 'optional',
    purpose: endpoint.entry.purpose,
    why: endpoint.why,
    notes: [
      ...(endpoint.proxied ? [endpoint.proxied.assumption] : []),
      ...endpoint.notes,
      ...endpoint.unresolved.map((u) => `unresolved: ${u}`),
      ...(endpoint.entry.websockets ? ['websockets must be allowed'] : []),
    ].join('; '),
    source: endpoint.entry.source.url,
    sourceDate: endpoint.entry.source.date,
  }));
}

/** A cluster described on the command line rather than read from Azure. */
export function describedCluster(options: {
  kind: ClusterKind;
  region: string;
  privateApiServer?: boolean;
  arcGateway?: boolean;
  domain?: string;
}): Cluster {
  const name = `${options.kind}-${options.region}`;
  const cluster = emptyCluster(
    {
      id: `/described/${name}`,
      name,
      type: 'described',
      location: options.region,
      tags: {},
      origin: { source: 'command line' },
    },
    options.kind,
  );
  return {
    ...cluster,
    apiServer: { ...cluster.apiServer, private: options.privateApiServer ?? false },
    flags: options.arcGateway ? { arcGateway: true } : {},
    ...(options.domain && { domain: options.domain }),
  };
}
