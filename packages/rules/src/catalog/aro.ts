import { ARC_ENTRIES } from './arc.ts';
import { type EntryFields, httpsEntry } from './define.ts';
import { ARO, ARO_LOCK, ARO_OLD, noted } from './sources.ts';
import type { CatalogEntry, Cloud, SourceDocument } from './types.ts';

/*
 * Azure Red Hat OpenShift (ARO): required and optional egress.
 *
 * Clouds. ARO runs in the Azure public cloud and in Azure Government (US Gov Virginia, Texas and Arizona:
 * Azure/OpenShift roadmap issues #165, #331, #323); it is not offered in Azure operated by 21Vianet, so no
 * entry names `china`. The egress document names public-cloud hosts only:
 *  - the Azure endpoints (arosvc registries, ARM, Entra ID, Geneva) are `public` only; their Azure Government
 *    equivalents are not documented, and under egress lockdown they are proxied anyway;
 *  - the Red Hat endpoints are internet hosts, the same from every cloud: `public` and `usgov`
 *    (ids `aro.all.*`, "all" meaning every cloud ARO runs in).
 *
 * Egress lockdown (ARO-LOCK). The service proxies the required domains through a private endpoint in the
 * cluster resource group; it is on by default for clusters created since 2022. Those entries are
 * `requirement: 'required'` with `proxiedByAroEgressLockdown: true`: the resolver reports them as proxied
 * (no firewall rule needed) when lockdown is on, and as firewall requirements when it is off, which is what the
 * older documents asked of every cluster. That one flag covers both cases: no separate "lockdown off" entries.
 *
 * Container insights on ARO goes through the Arc-enabled Kubernetes extension (ARO-NEW "ARO integrations": the
 * cluster is connected to Azure Arc, then the extension is enabled): with `monitoring` declared, an ARO cluster
 * needs the Arc agents' endpoints and Container insights' (MON) of its cloud. Those entries are derived from
 * arc.ts below (ids `aro.<cloud>.arc-<name>`), each citing the Arc or MON document its row comes from.
 */

/** ARO runs in Azure public cloud and Azure Government: `aro.all.<name>` means both. */
const ARO_CLOUDS: readonly Cloud[] = ['public', 'usgov'];

/** An HTTPS 443 endpoint of ARO clusters; its id names its clouds (`aro.public.<name>`, `aro.all.<name>`). */
function https(fields: Omit<EntryFields, 'kinds' | 'clouds'> & { fqdn: string }): CatalogEntry {
  const scope = fields.id.split('.')[1];
  const clouds = scope === 'all' ? ARO_CLOUDS : ARO_CLOUDS.filter((c) => c === scope);
  if (clouds.length === 0) throw new Error(`catalog id ${fields.id} names no cloud ARO runs in`);
  return httpsEntry({ ...fields, kinds: ['aro'], clouds });
}

/** Required, and proxied through the ARO service under egress lockdown. */
const proxied = ({ name, fqdn, purpose, note }: { name: string; fqdn: string; purpose: string; note?: string }) =>
  https({
    id: `aro.public.${name}`,
    fqdn,
    purpose: `${purpose} Proxied through the ARO service when egress lockdown is on (the default since 2022; it relies on TLS SNI): then no firewall rule is needed.`,
    source: note ? { ...ARO, note } : ARO,
    proxiedByAroEgressLockdown: true,
  });

/*
 * Geneva monitoring. ARO-NEW writes "Specific subdomains of monitor.core.windows.net" (and of
 * monitoring.core.windows.net, blob.core.windows.net, servicebus.windows.net, table.core.windows.net) without
 * naming them; ARO-OLD wrote the whole wildcards `*.monitor.core.windows.net`, …. An FQDN pattern can only say
 * "somewhere below X", so the current entries use the wildcard as the set the specific subdomains lie in, and
 * say in `purpose` that only specific subdomains are used: a rule for the exact hosts (known only from logs)
 * is enough, and allowing the whole `*.blob.core.windows.net` / `*.table.core.windows.net` is a data
 * exfiltration risk (ARO-OLD's own warning). ARO-OLD's "allow the wildcard" form is kept as legacy entries.
 */
const GENEVA_DOMAINS = [
  ['monitor', 'monitor.core.windows.net'],
  ['monitoring', 'monitoring.core.windows.net'],
  ['blob', 'blob.core.windows.net'],
  ['servicebus', 'servicebus.windows.net'],
  ['table', 'table.core.windows.net'],
] as const;

const EXFILTRATION = new Set(['blob', 'table']);

const geneva = GENEVA_DOMAINS.flatMap(([name, domain]): CatalogEntry[] => {
  const current = proxied({
    name: `geneva-${name}`,
    fqdn: `*.${domain}`,
    purpose: `Microsoft Geneva monitoring, so that the ARO team can monitor the cluster. Only specific subdomains of ${domain} are used (the documents do not name them); a firewall need not allow the whole wildcard${EXFILTRATION.has(name) ? `, and should not: *.${domain} reaches every storage account (data exfiltration risk)` : ''}.`,
    note: `ARO-NEW: "Specific subdomains of ${domain}"; ARO-OLD listed the whole wildcard *.${domain} (kept as aro.public.legacy-geneva-${name}).`,
  });
  const legacy: CatalogEntry = {
    ...current,
    id: `aro.public.legacy-geneva-${name}`,
    purpose: `Microsoft Geneva monitoring by the ARO team: the older document's rule, the whole wildcard *.${domain}.${EXFILTRATION.has(name) ? ' That document itself warned that exposing *.blob and *.table is a data exfiltration concern and suggested the OpenShift Egress Firewall and Private Link.' : ''}`,
    source: {
      ...ARO_OLD,
      note: `ARO-OLD listed *.${domain}; ARO-NEW narrows it to specific subdomains of ${domain}.`,
    },
    status: 'legacy',
    supersededBy: current.id,
  };
  return [current, legacy];
});

const aroNote = (note: string): SourceDocument => ({ ...ARO, note });

const ARO_OWN: readonly CatalogEntry[] = [
  // Endpoints proxied through the ARO service (required; informational under egress lockdown).
  proxied({
    name: 'arosvc-registry',
    fqdn: 'arosvc.azurecr.io',
    purpose: 'Global container registry for the system images ARO requires.',
    note: 'ARO-OLD: "Required if you don\'t allow the service-endpoints Microsoft.ContainerRegistry on your subnets" (with the service endpoint the registry traffic bypasses the firewall).',
  }),
  proxied({
    name: 'arosvc-registry-regional',
    fqdn: 'arosvc.<region>.data.azurecr.io',
    purpose: 'Regional container registry (data endpoint) for the system images ARO requires.',
    note: 'Written arosvc.$REGION.data.azurecr.io. ARO-OLD: "Required if you don\'t allow the service-endpoints Microsoft.ContainerRegistry on your subnets".',
  }),
  proxied({
    name: 'management',
    fqdn: 'management.azure.com',
    purpose: 'Azure Resource Manager: the cluster calls Azure APIs (for example to add worker VMs).',
  }),
  proxied({
    name: 'login',
    fqdn: 'login.microsoftonline.com',
    purpose: 'Microsoft Entra ID: cluster authentication to Azure.',
  }),
  ...geneva,

  // Optional endpoints and what each enables (ARO-NEW "List of optional endpoints").
  https({
    id: 'aro.all.registry-redhat-io',
    fqdn: 'registry.redhat.io',
    requirement: 'optional',
    purpose: 'OperatorHub and Red Hat images: Red Hat container images and operators.',
    source: aroNote('ARO-OLD: "Used to provide images for things such as Operator Hub".'),
  }),
  https({
    id: 'aro.all.quay',
    fqdn: 'quay.io',
    requirement: 'optional',
    purpose: 'Quay: container images and operators from Red Hat and third parties (OperatorHub content).',
    source: aroNote('ARO-OLD listed the one wildcard *.quay.io instead (aro.all.legacy-quay-wildcard).'),
  }),
  ...(['cdn', 'cdn01', 'cdn02', 'cdn03'] as const).map((host) =>
    https({
      id: `aro.all.${host}-quay`,
      fqdn: `${host}.quay.io`,
      requirement: 'optional',
      purpose: 'Quay content delivery: image layers of Red Hat and third-party images and operators.',
      source: aroNote('ARO-OLD covered this host with *.quay.io.'),
    }),
  ),
  https({
    id: 'aro.all.access-redhat',
    fqdn: 'access.redhat.com',
    requirement: 'optional',
    purpose: 'Red Hat and third-party images and operators (used with registry.access.redhat.com when pulling images).',
    source: aroNote(
      'ARO-OLD: "Used in conjunction with registry.access.redhat.com when pulling images. Failure to add this access could result in an error message."',
    ),
  }),
  https({
    id: 'aro.all.registry-access-redhat',
    fqdn: 'registry.access.redhat.com',
    requirement: 'optional',
    purpose: 'Third-party container images and certified operators.',
    source: aroNote(
      'ARO-OLD described it as needed in a VDI or laptop environment to download dev images with the odo CLI.',
    ),
  }),
  https({
    id: 'aro.all.registry-connect-redhat',
    fqdn: 'registry.connect.redhat.com',
    requirement: 'optional',
    purpose: 'Third-party container images and certified operators.',
    source: ARO,
  }),
  // Red Hat Telemetry and Insights: ARO clusters are opted out by default; opting in means allowing these
  // and updating the cluster's pull secret.
  ...(
    [
      ['telemetry-cert-api', 'cert-api.access.redhat.com'],
      ['telemetry-api-access', 'api.access.redhat.com'],
      ['telemetry-infogw', 'infogw.api.openshift.com'],
    ] as const
  ).map(([name, host]) =>
    https({
      id: `aro.all.${name}`,
      fqdn: host,
      requirement: 'optional',
      purpose:
        'Red Hat Telemetry (remote health monitoring): clusters are opted out by default; to opt in, allow this and update the pull secret.',
      source: aroNote(
        "ARO-OLD's sample firewall rule allowed it on both http=80 and https=443; both versions document HTTPS:443.",
      ),
    }),
  ),
  https({
    id: 'aro.all.insights',
    fqdn: 'console.redhat.com',
    requirement: 'optional',
    purpose:
      'Red Hat Insights: the Insights operator uploads to https://console.redhat.com/api/ingress (opt-in, like telemetry).',
    source: aroNote(
      'Documented as the URL console.redhat.com/api/ingress; an FQDN rule can only name the host. ARO-OLD also listed cloud.redhat.com/api/ingress for 4.10 and earlier (aro.all.legacy-insights-cloud-redhat).',
    ),
  }),
  https({
    id: 'aro.all.update-service',
    fqdn: 'api.openshift.com',
    requirement: 'optional',
    purpose:
      'OpenShift update service: the cluster checks which updates are available (release graph). Without it, find an upgrade path with the OpenShift Upgrade Graph tool.',
    source: aroNote(
      'ARO-OLD: "Used by the cluster for release graph parsing"; its sample firewall rule allowed it on http=80 and https=443.',
    ),
  }),
  https({
    id: 'aro.all.mirror',
    fqdn: 'mirror.openshift.com',
    requirement: 'optional',
    purpose: 'Mirrored OpenShift installation content and images.',
    source: aroNote('ARO-OLD: "This site is also a source of release image signatures."'),
  }),
  // Kept, optional, though it is not egress: the documents list it in the same table, and an audit that
  // finds it "missing" for the cluster subnets should say why it does not matter for egress.
  https({
    id: 'aro.all.apps-inbound',
    fqdn: '*.apps.<cluster-domain>',
    requirement: 'optional',
    purpose:
      'Inbound, not egress: the corporate network reaches applications deployed in ARO and the OpenShift console under *.apps.<cluster domain>. Allow it where clients reach the cluster; the cluster subnets need no egress rule for it.',
    source: aroNote(
      'Written *.apps.<cluster_domain>* in ARO-NEW and *.apps.<cluster_name>.<base_domain> (OR EQUIVALENT ARO URL) in ARO-OLD. Kept as data but not resolved for clusters: it is inbound traffic, and the egress audit would otherwise report a "denied optional endpoint" that no egress rule should allow.',
    ),
    status: 'legacy',
  }),

  // ARO-OLD forms that ARO-NEW dropped or replaced (legacy: kept so the audit can explain rules written from them).
  https({
    id: 'aro.all.legacy-quay-wildcard',
    fqdn: '*.quay.io',
    requirement: 'optional',
    purpose:
      'Red Hat managed Quay registry; ARO-OLD: "Also a possible fall-back target for ARO required system images." ARO-NEW names quay.io, cdn.quay.io and cdn01–cdn03.quay.io instead.',
    source: {
      ...ARO_OLD,
      note: 'Replaced in ARO-NEW by quay.io, cdn.quay.io, cdn01.quay.io, cdn02.quay.io, cdn03.quay.io.',
    },
    status: 'legacy',
    supersededBy: 'aro.all.quay',
  }),
  https({
    id: 'aro.all.legacy-insights-cloud-redhat',
    fqdn: 'cloud.redhat.com',
    requirement: 'optional',
    purpose:
      'Red Hat Insights operator upload URL https://cloud.redhat.com/api/ingress, "required in 4.10 and earlier only".',
    source: {
      ...ARO_OLD,
      note: 'Only ARO-OLD lists it (OpenShift 4.10 and earlier); console.redhat.com/api/ingress replaced it.',
    },
    status: 'legacy',
    supersededBy: 'aro.all.insights',
  }),
  // ARO-OLD's "Optional rules for Docker images" in its sample Azure Firewall setup (protocols http=80 and
  // https=443). ARO-NEW has no Docker endpoints. `*cloudflare.docker.com` and `*registry-1.docker.io` are written
  // without a dot after the asterisk: in Azure Firewall that form also matches look-alike names.
  ...(
    [
      ['legacy-docker-cloudflare', '*cloudflare.docker.com'],
      ['legacy-docker-registry', '*registry-1.docker.io'],
      ['legacy-docker-apt', 'apt.dockerproject.org'],
      ['legacy-docker-auth', 'auth.docker.io'],
    ] as const
  ).map(([name, pattern]) =>
    https({
      id: `aro.all.${name}`,
      fqdn: pattern,
      requirement: 'optional',
      purpose:
        'Docker Hub images for workloads (the older sample firewall setup, used to test outside connectivity from a pod); not an ARO requirement.',
      source: {
        ...ARO_OLD,
        note: 'Only in ARO-OLD\'s sample firewall rules ("Optional rules for Docker images", http=80 and https=443); ARO-NEW dropped them and has no successor.',
      },
      status: 'legacy',
    }),
  ),
];

const ARO_INTEGRATIONS_NOTE = `Container insights on ARO goes through the Arc-enabled Kubernetes extension (${ARO.url}#azure-monitor-container-insights): the cluster needs the Arc agents' endpoints and Container insights' of its cloud.`;

/**
 * The Arc agents' core endpoints (without a gateway) and Container insights' (MON), for the clouds ARO runs in,
 * required of an ARO cluster that declares `monitoring`.
 */
const MONITORING_VIA_ARC: readonly CatalogEntry[] = ARC_ENTRIES.filter((e) => {
  const features = [...(e.when?.features ?? []), ...(e.when?.anyFeature ?? [])];
  return (
    e.status !== 'legacy' &&
    e.when?.arcGateway === false &&
    features.every((f) => f === 'monitoring') &&
    e.clouds.some((c) => ARO_CLOUDS.includes(c))
  );
}).map(
  (e): CatalogEntry => ({
    ...e,
    id: e.id.replace(/^arc\.([a-z]+)\./, 'aro.$1.arc-'),
    kinds: ['aro'],
    clouds: e.clouds.filter((c) => ARO_CLOUDS.includes(c)),
    when: { features: ['monitoring'] },
    purpose: `Container insights through the Arc-enabled Kubernetes extension: ${e.purpose}`,
    source: noted(e.source, e.source.note ? `${e.source.note} ${ARO_INTEGRATIONS_NOTE}` : ARO_INTEGRATIONS_NOTE),
  }),
);

/** ARO in Azure public cloud and Azure Government. */
export const ARO_ENTRIES: readonly CatalogEntry[] = [...ARO_OWN, ...MONITORING_VIA_ARC];

/** The egress lockdown document, for whoever explains the proxied entries (resolve.ts states the assumption). */
export const ARO_EGRESS_LOCKDOWN_SOURCE: SourceDocument = ARO_LOCK;
