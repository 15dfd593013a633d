/**
 * Live collection: the same CollectedResources the file collector yields, read from Azure.
 *
 * 1. Scope: the subscriptions given, every subscription the credential sees (`--all-subscriptions`,
 *    ARM's subscription list), or those under management groups (a Resource Graph query).
 * 2. Discovery: one Resource Graph query per batch of subscriptions returns every firewall, policy,
 *    IP group, public IP and prefix, NAT gateway, route table, VNet (with its subnets and peerings),
 *    AKS, ARO and Arc cluster in scope (optionally only in some resource groups). Where Resource
 *    Graph fails for a batch (refused, down, or absent as on Azure Stack Hub), ARM lists each type per
 *    subscription instead, and a note says so.
 * 3. Per-resource GETs only where Resource Graph has nothing: each policy's rule collection groups,
 *    each AKS cluster's outboundNetworkDependenciesEndpoints, each virtual hub's connections, route
 *    tables and routing intent, the Service Tags list, and every
 *    resource of an audited type that a collected one references but the scope did not hold (a parent
 *    policy, a peered hub VNet and its firewall in another subscription, a public IP in an AKS node
 *    resource group), followed until nothing new is referenced.
 *
 * Whatever could not be read is an InputError naming the resource or scope and the cause (a 403
 * names the role): the audit then says `collection-incomplete` instead of a clean result. Only GETs
 * and Resource Graph query POSTs are sent.
 */
import { isVirtualHubPeering } from '../../model/inventory.ts';
import type { CollectedResources, InputError, RawResource } from '../../model/raw.ts';
import {
  ArmReader,
  type AzureConnection,
  AzureSignInError,
  describeReadFailure,
  Limiter,
  mapBounded,
} from './arm-reader.ts';
import { ResourceGraphReader, resourcesQuery, SUBSCRIPTIONS_PER_QUERY, SUBSCRIPTIONS_QUERY } from './resource-graph.ts';

const NETWORK_API_VERSION = '2025-05-01';
const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

/** The top-level types discovered, with the api-version each is read with (those of the reference examples the normalizer is tested on). */
export const AUDITED_TYPES: readonly { type: string; apiVersion: string }[] = [
  { type: 'Microsoft.Network/azureFirewalls', apiVersion: NETWORK_API_VERSION },
  { type: 'Microsoft.Network/firewallPolicies', apiVersion: NETWORK_API_VERSION },
  { type: 'Microsoft.Network/ipGroups', apiVersion: NETWORK_API_VERSION },
  { type: 'Microsoft.Network/publicIPAddresses', apiVersion: NETWORK_API_VERSION },
  { type: 'Microsoft.Network/publicIPPrefixes', apiVersion: NETWORK_API_VERSION },
  { type: 'Microsoft.Network/natGateways', apiVersion: NETWORK_API_VERSION },
  { type: 'Microsoft.Network/routeTables', apiVersion: NETWORK_API_VERSION },
  { type: 'Microsoft.Network/virtualNetworks', apiVersion: NETWORK_API_VERSION },
  { type: 'Microsoft.Network/virtualWans', apiVersion: NETWORK_API_VERSION },
  { type: 'Microsoft.Network/virtualHubs', apiVersion: NETWORK_API_VERSION },
  { type: 'Microsoft.ContainerService/managedClusters', apiVersion: '2026-01-01' },
  // No maintained JavaScript SDK exists for Microsoft.RedHatOpenShift: read through ARM's generic API.
  { type: 'Microsoft.RedHatOpenShift/openShiftClusters', apiVersion: '2025-07-25' },
  { type: 'Microsoft.Kubernetes/connectedClusters', apiVersion: '2024-01-01' },
];
/** Lower-case type → api-version. */
export const API_VERSIONS: Readonly<Record<string, string>> = Object.fromEntries(
  AUDITED_TYPES.map(({ type, apiVersion }) => [type.toLowerCase(), apiVersion]),
);

const POLICY = 'microsoft.network/firewallpolicies';
const AKS = 'microsoft.containerservice/managedclusters';
const HUB = 'microsoft.network/virtualhubs';
/**
 * A virtual hub's children, listed per hub (Resource Graph has no rows for them). Hub connections carry
 * no `type` in ARM's responses: it is added, so that snapshots and the offline reader file them as such.
 */
const HUB_CHILDREN = [
  {
    segment: 'hubVirtualNetworkConnections',
    what: 'virtual network connections',
    type: 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
  },
  { segment: 'hubRouteTables', what: 'route tables', type: 'Microsoft.Network/virtualHubs/hubRouteTables' },
  { segment: 'routingIntent', what: 'routing intent', type: 'Microsoft.Network/virtualHubs/routingIntent' },
] as const;
export const OUTBOUND_DEPENDENCIES_TYPE =
  'Microsoft.ContainerService/managedClusters/outboundNetworkDependenciesEndpoints';

export interface AzureScope {
  subscriptions?: readonly string[];
  allSubscriptions?: boolean;
  managementGroups?: readonly string[];
  resourceGroups?: readonly string[];
}

export interface CollectProgress {
  /** What is being read, e.g. `rule collection groups`. */
  step: string;
  done: number;
  total: number;
}

export interface AzureCollectOptions extends AzureConnection {
  scope: AzureScope;
  onProgress?: (progress: CollectProgress) => void;
}

export interface AzureCollected extends CollectedResources {
  /** The subscriptions discovery covered. */
  subscriptions: string[];
  /** What the user should know that is not missing data (Resource Graph replaced by ARM lists). */
  notes: string[];
  stats: { resourceGraphQueries: number; armRequests: number };
}

const lower = (s: string) => s.toLowerCase();
const typeOf = (r: Record<string, unknown>) => lower(String(r.type ?? ''));
const idOf = (r: Record<string, unknown>) => String(r.id ?? '');

const REFERENCE = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/([^/]+)\/([^/]+)\/[^/]+/i;

/** Ids of audited top-level resources that `body` points at (its own id and sub-resources excluded). */
export function referencedIds(body: unknown, selfId: string): string[] {
  const found = new Set<string>();
  const self = lower(selfId);
  const walk = (value: unknown) => {
    // A Virtual WAN hub connection's peering points at the hub's managed network, unreadable by design.
    if (value && typeof value === 'object' && !Array.isArray(value) && isVirtualHubPeering(value)) return;
    if (typeof value === 'string') {
      const m = REFERENCE.exec(value);
      if (m && API_VERSIONS[lower(`${m[1]}/${m[2]}`)] && !lower(m[0]).startsWith(self) && !self.startsWith(lower(m[0])))
        found.add(m[0]);
    } else if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
  };
  walk(body);
  return [...found];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const listOf = (items: string[], max = 3) =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;

/**
 * Throws AzureSignInError when the credential gives no token (not signed in, no identity): every
 * read would fail the same way, so that is said once instead of as an error per resource.
 */
export async function collectAzure(options: AzureCollectOptions): Promise<AzureCollected> {
  try {
    await options.credential.getToken(options.endpoints.armScope);
  } catch (error) {
    throw new AzureSignInError(error);
  }
  const concurrency = options.concurrency ?? 8;
  const limiter = new Limiter(concurrency);
  const arm = new ArmReader(options, limiter);
  const graph = new ResourceGraphReader(options, limiter);
  const errors: InputError[] = [];
  const sourcesRead: string[] = [];
  const byId = new Map<string, RawResource>();
  const progress = options.onProgress ?? (() => {});
  const add = (body: Record<string, unknown>, source: string): boolean => {
    const key = lower(idOf(body));
    if (!key || byId.has(key)) return false;
    byId.set(key, { body, origin: { source } });
    return true;
  };

  // 1. Scope
  const subscriptions = new Set((options.scope.subscriptions ?? []).map(lower));
  if (options.scope.allSubscriptions) {
    progress({ step: 'subscriptions', done: 0, total: 1 });
    const listed = await arm.list('/subscriptions', SUBSCRIPTIONS_API_VERSION);
    for (const s of listed.items)
      if (typeof s.subscriptionId === 'string' && !/^(Disabled|Deleted)$/i.test(String(s.state ?? '')))
        subscriptions.add(lower(s.subscriptionId));
    sourcesRead.push(`GET /subscriptions (${listed.items.length} subscriptions)`);
    if (listed.error)
      errors.push({
        resourceId: '/subscriptions',
        message: `the subscriptions this credential can read: ${listed.error}`,
      });
  }
  for (const group of options.scope.managementGroups ?? []) {
    progress({ step: `management group ${group}`, done: 0, total: 1 });
    const result = await graph.query({ managementGroups: [group] }, SUBSCRIPTIONS_QUERY);
    for (const row of result.rows)
      if (typeof row.subscriptionId === 'string') subscriptions.add(lower(row.subscriptionId));
    sourcesRead.push(`Resource Graph: subscriptions under management group ${group} (${result.rows.length})`);
    if (result.error)
      errors.push({
        resourceId: `/providers/Microsoft.Management/managementGroups/${group}`,
        message: `the subscriptions under management group ${group}: ${result.error}`,
      });
  }
  const scopeSubscriptions = [...subscriptions].sort();

  // 2. Discovery
  const notes: string[] = [];
  const query = resourcesQuery(
    AUDITED_TYPES.map((t) => t.type),
    options.scope.resourceGroups,
  );
  /**
   * Without Resource Graph (refused, failing, or absent as on Azure Stack Hub), the same resources
   * through ARM: one list per audited type and subscription (and resource group).
   */
  const listThroughArm = async (batch: string[]) => {
    const targets = batch.flatMap((subscription) =>
      (options.scope.resourceGroups?.length ? options.scope.resourceGroups : [undefined]).flatMap((group) =>
        AUDITED_TYPES.map(({ type, apiVersion }) => ({
          scope: `/subscriptions/${subscription}${group ? `/resourceGroups/${group}` : ''}`,
          type,
          apiVersion,
        })),
      ),
    );
    let done = 0;
    const results = await mapBounded(targets, concurrency, async (target) => {
      const result = await arm.list(`${target.scope}/providers/${target.type}`, target.apiVersion);
      progress({ step: 'ARM lists (instead of Resource Graph)', done: ++done, total: targets.length });
      return { target, result };
    });
    for (const { target, result } of results) {
      const source = `GET ${target.scope}/providers/${target.type}?api-version=${target.apiVersion}`;
      sourcesRead.push(source);
      for (const item of result.items) add(item, source);
      if (result.error)
        errors.push({ resourceId: target.scope, message: `${target.type} in ${target.scope}: ${result.error}` });
    }
  };
  const batches = chunks(scopeSubscriptions, SUBSCRIPTIONS_PER_QUERY);
  let batchesDone = 0;
  for (const batch of batches) {
    progress({ step: 'Resource Graph discovery', done: batchesDone, total: batches.length });
    const result = await graph.query({ subscriptions: batch }, query);
    const source = `Resource Graph: audited resources in ${batch.length === 1 ? `subscription ${batch[0]}` : `${batch.length} subscriptions`}`;
    for (const row of result.rows) add(row, source);
    sourcesRead.push(`${source} (${result.rows.length} resources)`);
    if (result.error) {
      notes.push(
        `discovery through Resource Graph failed in subscriptions ${listOf(batch)} (${result.error}); listed through ARM instead`,
      );
      await listThroughArm(batch);
    }
    batchesDone++;
  }
  progress({ step: 'Resource Graph discovery', done: batchesDone, total: batches.length });

  // 3. Per-resource reads, until nothing new is referenced.
  const enriched = new Set<string>();
  const missing = new Set<string>();
  let pending = [...byId.values()];
  while (pending.length > 0) {
    const policies = pending.filter((r) => typeOf(r.body) === POLICY && !enriched.has(lower(idOf(r.body))));
    const clusters = pending.filter((r) => typeOf(r.body) === AKS && !enriched.has(lower(idOf(r.body))));
    const hubs = pending.filter((r) => typeOf(r.body) === HUB && !enriched.has(lower(idOf(r.body))));
    for (const r of [...policies, ...clusters, ...hubs]) enriched.add(lower(idOf(r.body)));
    let done = 0;
    const childReads = [
      ...policies.map((r) => ({
        owner: idOf(r.body),
        what: 'rule collection groups',
        segment: 'ruleCollectionGroups',
        api: NETWORK_API_VERSION,
      })),
      ...clusters.map((r) => ({
        owner: idOf(r.body),
        what: 'outbound network dependencies',
        segment: 'outboundNetworkDependenciesEndpoints',
        api: API_VERSIONS[AKS] as string,
      })),
      ...hubs.flatMap((r) =>
        HUB_CHILDREN.map((child) => ({
          owner: idOf(r.body),
          what: child.what,
          segment: child.segment,
          api: NETWORK_API_VERSION,
        })),
      ),
    ];
    const childResults = await mapBounded(childReads, concurrency, async (read) => {
      const result = await arm.list(`${read.owner}/${read.segment}`, read.api);
      progress({
        step: 'rule collection groups, AKS outbound dependencies and virtual hub routing',
        done: ++done,
        total: childReads.length,
      });
      return { read, result };
    });
    const added: RawResource[] = [];
    for (const { read, result } of childResults) {
      const source = `GET ${read.owner}/${read.segment}?api-version=${read.api}`;
      sourcesRead.push(source);
      if (result.error)
        errors.push({ resourceId: read.owner, message: `${read.what} of ${read.owner}: ${result.error}` });
      if (read.segment === 'outboundNetworkDependenciesEndpoints') {
        // Not an ARM resource: wrapped as the input contract describes, so offline reads it the same way.
        if (!result.error)
          add({ id: `${read.owner}/${read.segment}`, type: OUTBOUND_DEPENDENCIES_TYPE, value: result.items }, source);
      } else {
        const typed = HUB_CHILDREN.find((c) => c.segment === read.segment)?.type;
        for (const item of result.items)
          if (add(typed && !item.type ? { ...item, type: typed } : item, source))
            added.push(byId.get(lower(idOf(item))) as RawResource);
      }
    }

    const wanted = new Set<string>();
    for (const r of [...pending, ...added])
      for (const id of referencedIds(r.body, idOf(r.body)))
        if (!byId.has(lower(id)) && !missing.has(lower(id))) wanted.add(id);
    const ids = [...new Map([...wanted].map((id) => [lower(id), id])).values()];
    done = 0;
    const fetched = await mapBounded(ids, concurrency, async (id) => {
      const type = lower(REFERENCE.exec(id)?.slice(1, 3).join('/') ?? '');
      const api = API_VERSIONS[type] as string;
      try {
        const body = await arm.get(id, api);
        return { id, api, body };
      } catch (error) {
        return { id, api, error };
      } finally {
        progress({ step: 'referenced resources', done: ++done, total: ids.length });
      }
    });
    pending = [...added];
    for (const f of fetched) {
      const source = `GET ${f.id}?api-version=${f.api}`;
      sourcesRead.push(source);
      if (f.body) {
        if (add(f.body, source)) pending.push(byId.get(lower(f.id)) as RawResource);
      } else {
        missing.add(lower(f.id));
        errors.push({ resourceId: f.id, message: describeReadFailure(`referenced resource ${f.id}`, f.error) });
      }
    }
  }

  // 4. The Service Tags list: one document for the whole cloud, whichever region asks (the location
  // only picks the cloud and version), so one read covers every region in use.
  const regions = [
    ...new Set(
      [...byId.values()]
        .filter((r) =>
          [AKS, 'microsoft.redhatopenshift/openshiftclusters', 'microsoft.network/azurefirewalls'].includes(
            typeOf(r.body),
          ),
        )
        .map((r) => lower(String(r.body.location ?? '')))
        .filter(Boolean),
    ),
  ].sort();
  const region = regions[0];
  const tagSubscription = scopeSubscriptions[0];
  if (region && tagSubscription) {
    progress({ step: 'service tags', done: 0, total: 1 });
    const path = `/subscriptions/${tagSubscription}/providers/Microsoft.Network/locations/${region}/serviceTags`;
    try {
      const tags = await arm.get(path, NETWORK_API_VERSION);
      add({ ...tags, type: tags.type ?? 'Microsoft.Network/serviceTags' }, `GET ${path}`);
      sourcesRead.push(`GET ${path} (regions in use: ${regions.join(', ')})`);
    } catch (error) {
      errors.push({ resourceId: path, message: describeReadFailure(`the Service Tags list (${path})`, error) });
    }
    progress({ step: 'service tags', done: 1, total: 1 });
  }

  return {
    resources: [...byId.values()],
    errors,
    sourcesRead,
    subscriptions: scopeSubscriptions,
    notes,
    stats: { resourceGraphQueries: graph.queries, armRequests: arm.requests },
  };
}
