import { type Cluster, type ClusterKind, emptyCluster } from '@aro-aks-audit/auditor';
import { describeDestination, type ResolutionOptions, requiredEndpointsFor } from './catalog/resolve.ts';
import type { SourceDocument } from './catalog/types.ts';

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
  /**
   * `required`; `conditional` (required only if a condition the input cannot show holds: `notes` says which);
   * `optional` (a feature degrades without it); `proxied` (ARO egress lockdown sends it through the ARO service).
   */
  requirement: 'required' | 'conditional' | 'optional' | 'proxied';
  purpose: string;
  /** Other catalog entries that need the same traffic (separated by ` | `): one row serves them all. */
  sharedWith: string;
  why: string;
  notes: string;
  /** The Microsoft document the entry follows (its address; not a source address of traffic). */
  document: string;
  /** That document's date (its ms.date). */
  documentDate: string;
  /** The version read: repository, path and commit. */
  documentVersion: string;
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
  'sharedWith',
  'why',
  'notes',
  'document',
  'documentDate',
  'documentVersion',
] as const satisfies readonly (keyof AllowlistRow)[];

export function allowlistFor(cluster: Cluster, options: ResolutionOptions = {}): AllowlistRow[] {
  return requiredEndpointsFor(cluster, options).map((endpoint) => ({
    id: endpoint.entry.id,
    destination: endpoint.endpoint.destination,
    alternatives: endpoint.destinations.map(describeDestination).join(' | '),
    protocol: endpoint.endpoint.protocol,
    port: endpoint.endpoint.port,
    ruleType: endpoint.entry.applicationProtocol ? 'application' : 'network',
    requirement: endpoint.proxied
      ? 'proxied'
      : !endpoint.required
        ? 'optional'
        : endpoint.condition
          ? 'conditional'
          : 'required',
    purpose: endpoint.purpose,
    sharedWith: endpoint.entries
      .slice(1)
      .map((e) => e.id)
      .join(' | '),
    why: endpoint.why,
    notes: [
      ...(endpoint.proxied ? [endpoint.proxied.assumption] : []),
      ...(endpoint.condition ? [endpoint.condition] : []),
      ...endpoint.notes,
      ...endpoint.unresolved.map((u) => `unresolved: ${u}`),
      ...(endpoint.entry.websockets ? ['websockets must be allowed'] : []),
    ].join('; '),
    document: endpoint.entry.source.url,
    documentDate: endpoint.entry.source.date,
    documentVersion: versionOf(endpoint.entry.source),
  }));
}

function versionOf(source: SourceDocument): string {
  const file = source.file;
  if (!file) return '';
  return `${file.repository} ${file.path}${file.commit ? ` @${file.commit.slice(0, 12)}` : ''}`;
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
    // An AKS cluster has at least its system pool, Linux on the default OS SKU (Ubuntu) unless told otherwise.
    ...(options.kind === 'aks' && {
      nodePools: [{ name: 'nodepool1', mode: 'System', osType: 'Linux', enableNodePublicIp: false }],
    }),
  };
}
