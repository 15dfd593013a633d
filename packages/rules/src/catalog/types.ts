import type { ClusterKind } from '@aro-aks-audit/auditor';

export type Cloud = 'public' | 'china' | 'usgov';

/**
 * Where a required endpoint is, as the documents write it. Placeholders are resolved per cluster:
 * `<location>`/`<region>` in FQDN patterns and service tags, and the kinds below that need a value
 * only the cluster knows (its API server IP, its custom DNS servers).
 */
export type DestinationTemplate =
  | { kind: 'fqdn'; pattern: string }
  | { kind: 'service-tag'; tag: string }
  | { kind: 'any' }
  | { kind: 'api-server-ip' };

export interface SourceDocument {
  title: string;
  url: string;
  /** The document's date (ms.date or the date of the version read), ISO yyyy-mm-dd. */
  date: string;
  /** What about this entry differs between versions, and why this version was chosen. */
  note?: string;
}

export interface CatalogEntry {
  /** Stable id: `<kind>.<cloud>.<name>`, e.g. `aks.public.mcr`. */
  id: string;
  kinds: readonly ClusterKind[];
  clouds: readonly Cloud[];
  /** The documented alternatives: allowing any one of them satisfies the requirement. */
  destinations: readonly DestinationTemplate[];
  protocol: 'TCP' | 'UDP';
  port: number;
  /** For FQDN endpoints reached through application rules. */
  applicationProtocol?: 'Http' | 'Https';
  requirement: 'required' | 'optional';
  /** Conditions beyond kind and cloud. */
  when?: { privateApiServer?: boolean };
  purpose: string;
  source: SourceDocument;
}
