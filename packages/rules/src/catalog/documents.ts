import type { ExtractRow, TableSpec } from './document-tables.ts';
import {
  AKS,
  AKS_2019,
  AKS_2020,
  ARC_CN,
  ARC_DATA,
  ARC_GOV,
  ARC_GW,
  ARC_PUB,
  ARO,
  DEFENDER_ARC,
  FLUX,
  MON,
  POLICY,
} from './sources.ts';
import type { CatalogEntry, Cloud, Feature, SourceDocument, DestinationTemplate as Template } from './types.ts';

/*
 * The documents whose endpoint tables fixtures/docs/ holds, and the walk that holds the catalog against them:
 * every row of every extract needs a catalog entry (current or legacy) or a recorded, reasoned deviation, and
 * every current entry that cites a newest document needs a row of it or a `deviation` of its own.
 */

export interface DocumentSpec {
  /** The extract's file name under fixtures/docs/, without `.json`. */
  name: string;
  source: SourceDocument;
  table: TableSpec;
  /**
   * The features a row is about, read from its section and its text (`Required when Cluster Connect …`): a
   * row about a feature is modelled by an entry of that feature or by one every cluster needs; a row about none,
   * by an entry every cluster of its kind needs. Checked for the newest documents only.
   */
  conditions?: readonly { match: RegExp; features: readonly Feature[] }[];
  /** An older version, kept so the legacy entries stay explained; its rows may be matched by legacy entries. */
  older?: boolean;
}

/** The conditions the Arc network-requirements rows state in their descriptions. */
const ARC_CONDITIONS: DocumentSpec['conditions'] = [
  { match: /Cluster Connect/i, features: ['cluster-connect'] },
  { match: /Azure RBAC/i, features: ['azure-rbac'] },
  { match: /Azure portal/i, features: ['portal'] },
  { match: /onboarding/i, features: ['onboarding'] },
  { match: /Kubernetes extensions\]/i, features: ['extensions'] },
  { match: /IoT Operations/i, features: ['iot-operations'] },
  { match: /Secret Store extension/i, features: ['secret-store-extension'] },
  { match: /cert-manager/i, features: ['cert-manager'] },
];

/** Every row of the document is about one feature. */
const about = (feature: Feature): DocumentSpec['conditions'] => [{ match: /./, features: [feature] }];

export const DOCUMENTS: readonly DocumentSpec[] = [
  {
    name: 'aks-outbound-rules',
    source: AKS,
    table: { kinds: ['aks'] },
    conditions: [
      { match: /if using custom DNS/i, features: ['custom-dns'] },
      { match: /that access the API Server/i, features: ['api-server-access'] },
      { match: /Optional recommended/i, features: ['ubuntu'] },
      { match: /GPU/, features: ['gpu'] },
      { match: /Windows Server/i, features: ['windows'] },
      { match: /Workload identity/i, features: ['workload-identity'] },
      { match: /Defender/i, features: ['defender'] },
      { match: /Key Vault/i, features: ['keyvault-secrets-provider'] },
      { match: /Azure Monitor -/i, features: ['monitoring'] },
      { match: /Autoinstrumentation/i, features: ['app-insights'] },
      { match: /Azure Policy/i, features: ['azure-policy'] },
      { match: /cost analysis/i, features: ['cost-analysis'] },
      { match: /Cluster extensions/i, features: ['extensions'] },
      { match: /marketplace/i, features: ['marketplace-extensions'] },
    ],
  },
  ...(
    [
      ['arc-network-requirements-azure-cloud', ARC_PUB, 'public'],
      ['arc-network-requirements-azure-government', ARC_GOV, 'usgov'],
      ['arc-network-requirements-azure-china', ARC_CN, 'china'],
    ] as const
  ).map(
    ([name, source, cloud]): DocumentSpec => ({
      name,
      source,
      table: { kinds: ['arc'], cloud, defaultPort: 443 },
      conditions: ARC_CONDITIONS,
    }),
  ),
  {
    name: 'arc-gateway',
    source: ARC_GW,
    table: { kinds: ['arc'], cloud: 'public', defaultPort: 443, scenarioList: /Additional scenarios/ },
    conditions: [
      ...(ARC_CONDITIONS ?? []),
      { match: /Container insights/i, features: ['monitoring'] },
      { match: /Key Vault/i, features: ['keyvault-secrets-provider', 'secret-store-extension'] },
      { match: /Defender/i, features: ['defender'] },
      { match: /data services/i, features: ['data-services'] },
    ],
  },
  {
    name: 'defender-containers-arc',
    source: DEFENDER_ARC,
    table: {
      kinds: ['arc'],
      cloudColumns: [
        { header: /^Azure domain$/i, cloud: 'public' },
        { header: /Government/i, cloud: 'usgov' },
        { header: /21Vianet/i, cloud: 'china' },
      ],
    },
    conditions: about('defender'),
  },
  {
    name: 'container-insights-firewall',
    source: MON,
    table: { kinds: ['aks', 'arc'] },
    conditions: about('monitoring'),
  },
  {
    name: 'policy-for-kubernetes',
    source: POLICY,
    table: {
      kinds: ['aks', 'arc'],
      sections: [
        { heading: /Add-on for AKS/i, kinds: ['aks'] },
        { heading: /Arc enabled Kubernetes/i, kinds: ['arc'] },
      ],
    },
    conditions: about('azure-policy'),
  },
  { name: 'arc-data-services', source: ARC_DATA, table: { kinds: ['arc'] }, conditions: about('data-services') },
  {
    name: 'gitops-flux',
    source: FLUX,
    table: { kinds: ['aks', 'arc'], cloud: 'public', defaultPort: 443 },
    conditions: about('gitops'),
  },
  { name: 'aro-restrict-egress', source: ARO, table: { kinds: ['aro'] } },
  { name: 'aks-2020', source: AKS_2020, table: { kinds: ['aks'] }, older: true },
  { name: 'aks-2019', source: AKS_2019, table: { kinds: ['aks'] }, older: true },
];

/** What an extract file holds: the version read and the rows of its endpoint tables. */
export interface DocumentExtract {
  name: string;
  document: {
    title: string;
    url: string;
    repository: string;
    path: string;
    commit?: string;
    committed?: string;
    msDate: string;
  };
  rows: ExtractRow[];
}

/** A row the catalog does not model as written, on purpose. */
export interface RowDeviation {
  document: string;
  destination: string;
  /** The row's cloud, where the deviation is about one cloud's row. */
  cloud?: Cloud;
  /** Part of the row's section, where the same destination is modelled as written in another section. */
  section?: string;
  reason: string;
}

const DEFENDER_RETIRED_IN_CHINA =
  "Defender for Cloud retired in Azure operated by 21Vianet on 2026-08-18 (the document's retirement include): the row is kept as legacy data (aks.china.defender-*) and required of no cluster.";

export const ROW_DEVIATIONS: readonly RowDeviation[] = [
  ...['login.microsoftonline.cn', '*.ods.opinsights.azure.cn', '*.oms.opinsights.azure.cn'].map(
    (destination): RowDeviation => ({
      document: 'aks-outbound-rules',
      destination,
      cloud: 'china',
      section: 'Defender',
      reason: DEFENDER_RETIRED_IN_CHINA,
    }),
  ),
  {
    document: 'aks-outbound-rules',
    destination: 'vault.azure.net',
    reason:
      'As an Azure Firewall target FQDN, vault.azure.net matches that one name and no vault; the catalog requires <vault-name>.vault.azure.net (aks.public.keyvault) and keeps the literal as aks.public.keyvault-literal.',
  },
  {
    document: 'arc-gateway',
    destination: '<region>.obo.arc.azure.com',
    reason:
      'The gateway table gives no port; the catalog models it on TCP 8084 (arc.public.gw.obo), as the network-requirements page and the Azure Local endpoint lists give it.',
  },
  ...['*.ods.opinsights.azure.com', '*.oms.opinsights.azure.com'].map(
    (destination): RowDeviation => ({
      document: 'arc-gateway',
      destination,
      section: 'Defender',
      reason:
        "Defender's own table for the sensor says these names are no longer required (deprecation notice of 2025-10-23); kept as legacy data (arc.public.gw.legacy-defender-*). Container insights and data services still require them with a gateway.",
    }),
  ),
  {
    document: 'aro-restrict-egress',
    destination: '*.apps.<cluster-domain>',
    reason:
      'Inbound, not egress: clients reach the cluster’s applications and console there. Kept as data (aro.all.apps-inbound) and not resolved for clusters.',
  },
];

/** A row's destination in the catalog's terms. `RegionCIDRs` is the address set of the `AzureCloud.<region>` tag. */
export function templateOfRow(destination: string): Template {
  if (destination === '*') return { kind: 'any' };
  if (/^APIServer(Public)?IP$/i.test(destination)) return { kind: 'api-server-ip' };
  if (/^CustomDNSIP$/i.test(destination)) return { kind: 'custom-dns' };
  if (/^RegionCIDRs$/i.test(destination)) return { kind: 'service-tag', tag: 'AzureCloud.<region>' };
  if (/^AzureCloud\./.test(destination) || /^[A-Z][A-Za-z]+$/.test(destination))
    return { kind: 'service-tag', tag: destination };
  return { kind: 'fqdn', pattern: destination };
}

/** A destination compared as the documents write it: `<region-short>` is written `<region>` there ("uses short names"). */
function comparable(template: Template): string {
  switch (template.kind) {
    case 'fqdn':
      return `fqdn:${template.pattern.toLowerCase().replace(/<(region-short|location)>/g, '<region>')}`;
    case 'service-tag':
      return `tag:${template.tag.toLowerCase().replace(/<location>/g, '<region>')}`;
    default:
      return template.kind;
  }
}

const portOf = (row: ExtractRow) => row.port ?? 443;

/** The features a row is about, by its document's conditions. */
export function featuresOfRow(spec: DocumentSpec, row: ExtractRow): Feature[] {
  const text = `${row.section} ${row.text}`;
  return [...new Set((spec.conditions ?? []).filter((c) => c.match.test(text)).flatMap((c) => c.features))];
}

/** An entry fits a row's features when every cluster needs it, or when it is conditioned on one of them. */
function fitsFeatures(entry: CatalogEntry, features: readonly Feature[] | undefined): boolean {
  if (features === undefined) return true;
  const own = [...(entry.when?.features ?? []), ...(entry.when?.anyFeature ?? [])];
  return own.length === 0 || own.some((f) => features.includes(f));
}

/**
 * The catalog entries that model a row: same kind, cloud, port, protocol and destination, and, where `features`
 * is given, conditioned on one of them or on nothing.
 */
export function entriesForRow(
  row: ExtractRow,
  catalog: readonly CatalogEntry[],
  features?: readonly Feature[],
): CatalogEntry[] {
  const wanted = comparable(templateOfRow(row.destination));
  return catalog.filter(
    (e) =>
      fitsFeatures(e, features) &&
      e.kinds.some((k) => row.kinds.includes(k)) &&
      (row.cloud === undefined || e.clouds.includes(row.cloud)) &&
      e.port === portOf(row) &&
      (row.protocol === undefined || e.protocol === row.protocol) &&
      e.destinations.some((d) => comparable(d) === wanted),
  );
}

const sameDocument = (a: SourceDocument, b: SourceDocument) => a.url === b.url && a.date === b.date;

/** Rows of an extract that no entry models (a current one, for a newest document) and no deviation explains. */
export function unmodelledRows(
  spec: DocumentSpec,
  extract: DocumentExtract,
  catalog: readonly CatalogEntry[],
  deviations: readonly RowDeviation[] = ROW_DEVIATIONS,
): ExtractRow[] {
  // A newest document's row needs a current entry; an older version's, any entry (its forms are legacy data).
  const usable = spec.older ? catalog : catalog.filter((e) => e.status !== 'legacy');
  return extract.rows.filter(
    (row) =>
      entriesForRow(row, usable, spec.older ? undefined : featuresOfRow(spec, row)).length === 0 &&
      !deviations.some(
        (d) =>
          d.document === spec.name &&
          d.destination === row.destination &&
          (d.cloud === undefined || d.cloud === row.cloud) &&
          (d.section === undefined || row.section.includes(d.section)),
      ),
  );
}

/**
 * Current entries that cite this (newest) document but name no destination of its rows, and say no deviation:
 * a citation the document does not back.
 */
export function unbackedEntries(
  spec: DocumentSpec,
  extract: DocumentExtract,
  catalog: readonly CatalogEntry[],
): CatalogEntry[] {
  if (spec.older) return [];
  const rows = new Set(extract.rows.map((r) => `${comparable(templateOfRow(r.destination))}|${portOf(r)}`));
  return catalog.filter(
    (e) =>
      e.status !== 'legacy' &&
      !e.deviation &&
      sameDocument(e.source, spec.source) &&
      !e.destinations.some((d) => rows.has(`${comparable(d)}|${e.port}`)),
  );
}

const rowKey = (r: ExtractRow) =>
  `${r.destination} (${r.cloud ?? 'any cloud'}, ${r.protocol ?? 'TCP'} ${r.port ?? '?'}) in ${r.section}`;

/** What a newer extract adds to and removes from a vendored one, row by row (line numbers aside). */
export function compareExtracts(
  vendored: DocumentExtract,
  fresh: DocumentExtract,
): { added: string[]; removed: string[] } {
  const before = new Set(vendored.rows.map(rowKey));
  const after = new Set(fresh.rows.map(rowKey));
  return {
    added: [...after].filter((k) => !before.has(k)),
    removed: [...before].filter((k) => !after.has(k)),
  };
}

/** The extract of a document version: its rows and the version's identity, as fixtures/docs/ stores it. */
export function extractOf(
  spec: DocumentSpec,
  rows: ExtractRow[],
  version: { commit?: string; committed?: string; msDate?: string } = {},
): DocumentExtract {
  const { source } = spec;
  const commit = version.commit ?? source.file?.commit;
  const committed = version.committed ?? source.file?.committed;
  return {
    name: spec.name,
    document: {
      title: source.title,
      url: source.url,
      repository: source.file?.repository ?? '',
      path: source.file?.path ?? '',
      ...(commit && { commit }),
      ...(committed && { committed }),
      msDate: version.msDate ?? source.date,
    },
    rows,
  };
}
