/**
 * normalize: raw ARM resources (REST or flattened CLI/SDK shape) → the Inventory.
 *
 * - Resources are recognised by `type`, compared case-insensitively as ARM does; the canonical
 *   spelling is stored. Other types become one `unknown-type` note per type.
 * - A resource without `id` or `type` is an InputError naming its file and JSON pointer; a malformed
 *   field is an InputError naming the resource and the field; the rest is still read.
 * - The same id twice (ids compare case-insensitively): the first by origin (file, then pointer) is
 *   used and a `warning` note says so.
 * - Cross-references are made consistent from either side (route table ↔ subnet, NAT gateway ↔
 *   subnet / public IP / prefix, policy ↔ groups / children / firewalls, virtual network ↔ subnets).
 * - Every list of the inventory is sorted by `idKey`, so the result does not depend on input order.
 *
 * Pure: no I/O, no clock, no process.
 */
import {
  type Cluster,
  emptyInventory,
  type Firewall,
  type FirewallPolicy,
  type Inventory,
  type InventoryNote,
  idKey,
  type Origin,
  type OutboundDependency,
  type ResourceBase,
  type ServiceTag,
  type Subnet,
} from '../model/inventory.ts';
import type { InputError, RawResource } from '../model/raw.ts';
import {
  normalizeConnectedCluster,
  normalizeManagedCluster,
  normalizeOpenShiftCluster,
  normalizeOutboundDependencies,
  OUTBOUND_DEPENDENCIES_SUFFIX,
} from './clusters.ts';
import { normalizeFirewall, type PublicIpAttachment } from './firewall.ts';
import { normalizeFirewallPolicy, normalizeRuleCollectionGroup } from './firewall-policy.ts';
import { METRICS_TYPE, metricTarget, SNAT_PORT_UTILIZATION, summarizeMetric } from './metrics.ts';
import {
  normalizeIpGroup,
  normalizeNatGateway,
  normalizePublicIp,
  normalizePublicIpPrefix,
  normalizeRouteTable,
  normalizeSubnet,
  normalizeVirtualNetwork,
} from './network.ts';
import { type Context, compareText, distinctIds, findKey, type Json, lastSegment, Obj, reportError } from './shape.ts';
import {
  HUB_CONNECTION_ID,
  normalizeHubRouteTable,
  normalizeHubVirtualNetworkConnection,
  normalizeRoutingIntent,
  normalizeVirtualHub,
  normalizeVirtualWan,
} from './virtual-wan.ts';

/** The resource types the inventory models, in their canonical case. */
export const RESOURCE_TYPES = {
  azureFirewalls: 'Microsoft.Network/azureFirewalls',
  firewallPolicies: 'Microsoft.Network/firewallPolicies',
  ruleCollectionGroups: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
  ipGroups: 'Microsoft.Network/ipGroups',
  publicIPAddresses: 'Microsoft.Network/publicIPAddresses',
  publicIPPrefixes: 'Microsoft.Network/publicIPPrefixes',
  natGateways: 'Microsoft.Network/natGateways',
  routeTables: 'Microsoft.Network/routeTables',
  virtualNetworks: 'Microsoft.Network/virtualNetworks',
  subnets: 'Microsoft.Network/virtualNetworks/subnets',
  virtualWans: 'Microsoft.Network/virtualWans',
  virtualHubs: 'Microsoft.Network/virtualHubs',
  hubVirtualNetworkConnections: 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
  hubRouteTables: 'Microsoft.Network/virtualHubs/hubRouteTables',
  routingIntent: 'Microsoft.Network/virtualHubs/routingIntent',
  managedClusters: 'Microsoft.ContainerService/managedClusters',
  openShiftClusters: 'Microsoft.RedHatOpenShift/openShiftClusters',
  connectedClusters: 'Microsoft.Kubernetes/connectedClusters',
  /** Not an ARM resource: an AKS cluster's outboundNetworkDependenciesEndpoints response (see clusters.ts). */
  outboundDependencies: 'Microsoft.ContainerService/managedClusters/outboundNetworkDependenciesEndpoints',
  /** The Service Tags list (`GET …/locations/{location}/serviceTags`): one document holds every tag. */
  serviceTags: 'Microsoft.Network/serviceTags',
  /** Not an ARM resource: the items of an Azure Monitor metrics response (see metrics.ts). */
  metrics: 'Microsoft.Insights/metrics',
} as const;

export type ResourceType = (typeof RESOURCE_TYPES)[keyof typeof RESOURCE_TYPES];

const CANONICAL_TYPES = new Map<string, ResourceType>(
  Object.values(RESOURCE_TYPES).map((t) => [t.toLowerCase(), t] as [string, ResourceType]),
);

/** The canonical spelling of a modelled ARM type, or undefined for types the inventory does not model. */
export function canonicalType(type: string): ResourceType | undefined {
  return CANONICAL_TYPES.get(type.trim().toLowerCase());
}

export interface NormalizeResult {
  inventory: Inventory;
  errors: InputError[];
}

// ── Order ──

function comparePointers(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return compareText(x, y);
  }
  return pa.length - pb.length;
}

function compareOrigins(a: Origin, b: Origin): number {
  return (
    compareText(a.file ?? '', b.file ?? '') ||
    comparePointers(a.pointer ?? '', b.pointer ?? '') ||
    compareText(a.source ?? '', b.source ?? '')
  );
}

function describeOrigin(origin: Origin): string {
  if (origin.file !== undefined) return `${origin.file}${origin.pointer ? ` at ${origin.pointer}` : ''}`;
  return origin.source ?? 'an unnamed source';
}

function byIdKey<T extends { id: string; origin: Origin }>(a: T, b: T): number {
  return compareText(idKey(a.id), idKey(b.id)) || compareOrigins(a.origin, b.origin);
}

// ── Resources ──

interface Accepted {
  raw: RawResource;
  id: string;
  type: ResourceType;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function baseOf(resource: Accepted, ctx: Context): ResourceBase {
  const { properties: _bag, ...top } = resource.raw.body;
  const own = new Obj(ctx, top, '');
  const base: ResourceBase = {
    id: resource.id,
    name: own.str('name') ?? lastSegment(resource.id),
    type: resource.type,
    tags: own.record('tags'),
    origin: resource.raw.origin,
  };
  const location = own.str('location');
  if (location !== undefined) base.location = location;
  return base;
}

/** A hub connection carries no `type` (REST examples, CLI): its id says what it is. */
function typeFromId(id: string | undefined): string | undefined {
  return id !== undefined && HUB_CONNECTION_ID.test(id) ? RESOURCE_TYPES.hubVirtualNetworkConnections : undefined;
}

function fileError(raw: RawResource, message: string): InputError {
  const where = describeOrigin(raw.origin);
  return { ...(raw.origin.file !== undefined ? { file: raw.origin.file } : {}), message: `${where}: ${message}` };
}

function noteUnknownTypes(unknown: Map<string, { type: string; count: number; origins: Origin[] }>): InventoryNote[] {
  const notes: InventoryNote[] = [];
  for (const key of [...unknown.keys()].sort(compareText)) {
    const entry = unknown.get(key);
    if (!entry) continue;
    const files = [...new Set(entry.origins.map((o) => o.file ?? o.source ?? '?'))].sort(compareText);
    const shown = files.length > 10 ? [...files.slice(0, 10), `… and ${files.length - 10} more`] : files;
    const note: InventoryNote = {
      kind: 'unknown-type',
      message: `${entry.count} resource${entry.count === 1 ? '' : 's'} of type ${entry.type} ${entry.count === 1 ? 'is' : 'are'} not modelled and ${entry.count === 1 ? 'was' : 'were'} ignored (${shown.join(', ')})`,
    };
    if (files.length === 1 && entry.origins[0]?.file !== undefined) note.file = entry.origins[0].file;
    notes.push(note);
  }
  return notes;
}

// ── Cross-references ──

/**
 * Makes a one-to-many association consistent from both sides: a child names its parent
 * (`subnet.routeTableId`) and a parent lists its children (`routeTable.subnetIds`). The child's own
 * reference is what ARM sets; the parent's list is derived, so where they disagree the child wins and
 * the disagreement becomes a warning note. A child that names no parent takes the first parent (by
 * id) that lists it.
 */
function linkAssociation<C extends { id: string }, P extends { id: string }>(
  children: C[],
  parents: P[],
  childRef: { get: (c: C) => string | undefined; set: (c: C, id: string) => void },
  parentList: { get: (p: P) => string[]; set: (p: P, ids: string[]) => void },
  what: { child: string; parent: string },
  notes: InventoryNote[],
): void {
  const childByKey = new Map(children.map((c) => [idKey(c.id), c]));
  const parentByKey = new Map(parents.map((p) => [idKey(p.id), p]));
  for (const parent of parents) {
    for (const childId of parentList.get(parent)) {
      const child = childByKey.get(idKey(childId));
      if (child && childRef.get(child) === undefined) childRef.set(child, parent.id);
    }
  }
  for (const parent of parents) {
    const kept = parentList.get(parent).filter((childId) => {
      const child = childByKey.get(idKey(childId));
      const named = child ? childRef.get(child) : undefined;
      if (!child || named === undefined || idKey(named) === idKey(parent.id)) return true;
      notes.push({
        kind: 'warning',
        resourceId: parent.id,
        message: `${what.parent} ${parent.id} lists ${what.child} ${child.id}, but that ${what.child} names ${named}; the ${what.child}'s own association is used`,
      });
      return false;
    });
    parentList.set(parent, kept);
  }
  for (const child of children) {
    const named = childRef.get(child);
    const parent = named !== undefined ? parentByKey.get(idKey(named)) : undefined;
    if (parent) parentList.set(parent, distinctIds([...parentList.get(parent), child.id]));
  }
}

function linkPolicies(inventory: Inventory, notes: InventoryNote[]): void {
  const policyByKey = new Map(inventory.firewallPolicies.map((p) => [idKey(p.id), p]));
  const add = (
    policyId: string | undefined,
    list: 'childPolicyIds' | 'firewallIds' | 'ruleCollectionGroupIds',
    id: string,
  ) => {
    const policy = policyId !== undefined ? policyByKey.get(idKey(policyId)) : undefined;
    if (policy) policy[list] = distinctIds([...policy[list], id]);
  };
  for (const group of inventory.ruleCollectionGroups) add(group.policyId, 'ruleCollectionGroupIds', group.id);
  for (const policy of inventory.firewallPolicies) add(policy.basePolicyId, 'childPolicyIds', policy.id);
  for (const firewall of inventory.firewalls) add(firewall.policyId, 'firewallIds', firewall.id);

  const firewallByKey = new Map(inventory.firewalls.map((f) => [idKey(f.id), f]));
  for (const policy of inventory.firewallPolicies) {
    for (const firewallId of policy.firewallIds) {
      const firewall: Firewall | undefined = firewallByKey.get(idKey(firewallId));
      if (firewall && (firewall.policyId === undefined || idKey(firewall.policyId) !== idKey(policy.id))) {
        notes.push({
          kind: 'warning',
          resourceId: policy.id,
          message: `firewall policy ${policy.id} lists firewall ${firewall.id}, but the firewall ${firewall.policyId ? `uses policy ${firewall.policyId}` : 'has no policy'}; the firewall's own setting is used`,
        });
      }
    }
    const base: FirewallPolicy | undefined = policy.basePolicyId
      ? policyByKey.get(idKey(policy.basePolicyId))
      : undefined;
    if (base && idKey(base.id) === idKey(policy.id)) {
      notes.push({
        kind: 'warning',
        resourceId: policy.id,
        message: `firewall policy ${policy.id} names itself as its base policy`,
      });
    }
  }
}

/**
 * One subnet from its standalone resource and its copy embedded in the virtual network: the
 * standalone resource's fields win, the embedded copy fills in what it lacks (optional fields are
 * absent, never undefined, so the spread does exactly that).
 */
function mergeSubnets(standalone: Subnet, embedded: Subnet): Subnet {
  return {
    ...embedded,
    ...standalone,
    addressPrefixes: standalone.addressPrefixes.length > 0 ? standalone.addressPrefixes : embedded.addressPrefixes,
    virtualNetworkId: standalone.virtualNetworkId || embedded.virtualNetworkId,
  };
}

function noteClusterWithoutSubnets(cluster: Cluster, notes: InventoryNote[]): void {
  if (cluster.kind === 'aks' && cluster.egressSubnetIds.length === 0) {
    notes.push({
      kind: 'assumption',
      resourceId: cluster.id,
      message: `AKS cluster ${cluster.name} names no node subnet (no agent pool has vnetSubnetID): its nodes are in a virtual network that AKS manages, which the input does not describe`,
    });
  } else if (cluster.kind === 'aro' && cluster.egressSubnetIds.length === 0) {
    notes.push({
      kind: 'warning',
      resourceId: cluster.id,
      message: `ARO cluster ${cluster.name} names no master or worker subnet`,
    });
  }
}

function normalizeServiceTags(resource: Obj, origin: Origin): ServiceTag[] {
  const changeNumber = resource.str('changeNumber');
  return resource.list('values').flatMap((value) => {
    const name = value.str('name');
    if (!name) return [];
    const region = value.str('region');
    return [
      {
        name,
        ...(region && { region }),
        addressPrefixes: value.strings('addressPrefixes'),
        ...(changeNumber && { changeNumber }),
        origin,
      },
    ];
  });
}

/**
 * Metric items go to the resource their id names: SNATPortUtilization to its firewall. A metric the
 * audit does not read, of a resource not in the input, or that Azure Monitor could not give, is a note.
 */
function attachMetrics(inventory: Inventory, metrics: Accepted[], notes: InventoryNote[]): void {
  const firewalls = new Map(inventory.firewalls.map((f) => [idKey(f.id), f]));
  for (const metric of metrics) {
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

export function normalizeResources(resources: RawResource[]): NormalizeResult {
  const errors: InputError[] = [];
  const notes: InventoryNote[] = [];
  const inventory = emptyInventory();

  // Input order must not matter: order by origin, then by content for resources of the same origin.
  const ordered = resources
    .map((raw) => ({ raw, json: '' }))
    .sort((a, b) => {
      const byOrigin = compareOrigins(a.raw.origin, b.raw.origin);
      if (byOrigin !== 0) return byOrigin;
      a.json ||= JSON.stringify(a.raw.body) ?? '';
      b.json ||= JSON.stringify(b.raw.body) ?? '';
      return compareText(a.json, b.json);
    })
    .map((x) => x.raw);

  const unknown = new Map<string, { type: string; count: number; origins: Origin[] }>();
  const accepted = new Map<string, Accepted[]>();
  for (const raw of ordered) {
    const body: Json = raw.body;
    const idField = findKey(body, 'id');
    const typeField = findKey(body, 'type');
    const id = nonEmptyString(idField !== undefined ? body[idField] : undefined);
    const type = nonEmptyString(typeField !== undefined ? body[typeField] : undefined) ?? typeFromId(id);
    if (id === undefined || type === undefined) {
      const missing = [id === undefined ? '"id"' : '', type === undefined ? '"type"' : '']
        .filter(Boolean)
        .join(' and ');
      const hint =
        findKey(body, 'responses') !== undefined ? ' (an ARM example file? give the response body instead)' : '';
      errors.push(fileError(raw, `not a resource: it has no ${missing}${hint}`));
      continue;
    }
    const canonical = canonicalType(type);
    if (!canonical) {
      const key = type.toLowerCase();
      const entry = unknown.get(key) ?? { type, count: 0, origins: [] };
      entry.count++;
      entry.origins.push(raw.origin);
      if (compareText(type, entry.type) < 0) entry.type = type;
      unknown.set(key, entry);
      continue;
    }
    const list = accepted.get(idKey(id)) ?? [];
    list.push({ raw, id, type: canonical });
    accepted.set(idKey(id), list);
  }
  notes.push(...noteUnknownTypes(unknown));

  const standaloneSubnets: Subnet[] = [];
  const embeddedSubnets: Subnet[] = [];
  const firewallConfigs: PublicIpAttachment[] = [];
  const dependencies: { clusterId: string; endpoints: OutboundDependency[]; origin: Origin }[] = [];
  const metrics: Accepted[] = [];

  for (const [, copies] of [...accepted.entries()].sort((a, b) => compareText(a[0], b[0]))) {
    const [first, ...others] = copies;
    if (!first) continue;
    if (others.length > 0) {
      notes.push({
        kind: 'warning',
        resourceId: first.id,
        message: `${first.id} appears ${copies.length} times (${copies.map((c) => describeOrigin(c.raw.origin)).join('; ')}); the first is used`,
      });
    }
    // A metric item is no ARM resource (its name is an object): it is attached to its resource below.
    if (first.type === RESOURCE_TYPES.metrics) {
      metrics.push(first);
      continue;
    }
    const ctx: Context = { resourceId: first.id, origin: first.raw.origin, errors };
    const bag = first.raw.body[findKey(first.raw.body, 'properties') ?? 'properties'];
    if (bag !== undefined && bag !== null && (typeof bag !== 'object' || Array.isArray(bag))) {
      reportError(ctx, 'properties must be an object');
    }
    const resource = new Obj(ctx, first.raw.body, '');
    const base = baseOf(first, ctx);
    switch (first.type) {
      case RESOURCE_TYPES.azureFirewalls: {
        const { firewall, attachments } = normalizeFirewall(resource, base);
        inventory.firewalls.push(firewall);
        firewallConfigs.push(...attachments);
        break;
      }
      case RESOURCE_TYPES.firewallPolicies:
        inventory.firewallPolicies.push(normalizeFirewallPolicy(resource, base));
        break;
      case RESOURCE_TYPES.ruleCollectionGroups:
        inventory.ruleCollectionGroups.push(normalizeRuleCollectionGroup(resource, base));
        break;
      case RESOURCE_TYPES.ipGroups:
        inventory.ipGroups.push(normalizeIpGroup(resource, base));
        break;
      case RESOURCE_TYPES.publicIPAddresses:
        inventory.publicIps.push(normalizePublicIp(resource, base));
        break;
      case RESOURCE_TYPES.publicIPPrefixes:
        inventory.publicIpPrefixes.push(normalizePublicIpPrefix(resource, base));
        break;
      case RESOURCE_TYPES.natGateways:
        inventory.natGateways.push(normalizeNatGateway(resource, base));
        break;
      case RESOURCE_TYPES.routeTables:
        inventory.routeTables.push(normalizeRouteTable(resource, base));
        break;
      case RESOURCE_TYPES.virtualNetworks: {
        const { virtualNetwork, subnets } = normalizeVirtualNetwork(resource, base);
        inventory.virtualNetworks.push(virtualNetwork);
        embeddedSubnets.push(...subnets);
        break;
      }
      case RESOURCE_TYPES.subnets:
        standaloneSubnets.push(normalizeSubnet(resource, base));
        break;
      case RESOURCE_TYPES.virtualWans:
        inventory.virtualWans.push(normalizeVirtualWan(resource, base));
        break;
      case RESOURCE_TYPES.virtualHubs:
        inventory.virtualHubs.push(normalizeVirtualHub(resource, base));
        break;
      case RESOURCE_TYPES.hubVirtualNetworkConnections:
        inventory.hubVirtualNetworkConnections.push(normalizeHubVirtualNetworkConnection(resource, base));
        break;
      case RESOURCE_TYPES.hubRouteTables:
        inventory.hubRouteTables.push(normalizeHubRouteTable(resource, base));
        break;
      case RESOURCE_TYPES.routingIntent:
        inventory.routingIntents.push(normalizeRoutingIntent(resource, base));
        break;
      case RESOURCE_TYPES.managedClusters:
        inventory.clusters.push(normalizeManagedCluster(resource, base));
        break;
      case RESOURCE_TYPES.openShiftClusters:
        inventory.clusters.push(normalizeOpenShiftCluster(resource, base));
        break;
      case RESOURCE_TYPES.connectedClusters:
        inventory.clusters.push(normalizeConnectedCluster(resource, base));
        break;
      case RESOURCE_TYPES.serviceTags:
        inventory.serviceTags.push(...normalizeServiceTags(resource, first.raw.origin));
        break;
      case RESOURCE_TYPES.outboundDependencies:
        dependencies.push({
          clusterId: first.id.slice(0, -OUTBOUND_DEPENDENCIES_SUFFIX.length),
          endpoints: normalizeOutboundDependencies(resource),
          origin: first.raw.origin,
        });
        break;
    }
  }

  attachMetrics(inventory, metrics, notes);

  for (const { clusterId, endpoints, origin } of dependencies) {
    const cluster = inventory.clusters.find((c) => c.kind === 'aks' && idKey(c.id) === idKey(clusterId));
    if (cluster) cluster.outboundDependencies = { endpoints, origin };
    else
      notes.push({
        kind: 'warning',
        resourceId: clusterId,
        message: `outboundNetworkDependenciesEndpoints of ${clusterId} were given, but that AKS cluster is not in the input; ignored`,
      });
  }

  // Subnets: a standalone subnet resource and the same subnet embedded in its virtual network are one.
  const subnets = new Map<string, Subnet>();
  for (const subnet of embeddedSubnets) if (!subnets.has(idKey(subnet.id))) subnets.set(idKey(subnet.id), subnet);
  for (const subnet of standaloneSubnets) {
    const embedded = subnets.get(idKey(subnet.id));
    subnets.set(idKey(subnet.id), embedded ? mergeSubnets(subnet, embedded) : subnet);
  }
  inventory.subnets = [...subnets.values()];

  // Cross-references.
  for (const vnet of inventory.virtualNetworks) {
    const own = inventory.subnets.filter((s) => s.virtualNetworkId && idKey(s.virtualNetworkId) === idKey(vnet.id));
    vnet.subnetIds = distinctIds([...vnet.subnetIds, ...own.map((s) => s.id)]);
  }
  const sortedRouteTables = [...inventory.routeTables].sort(byIdKey);
  const sortedNatGateways = [...inventory.natGateways].sort(byIdKey);
  linkAssociation(
    inventory.subnets,
    sortedRouteTables,
    {
      get: (s) => s.routeTableId,
      set: (s, id) => {
        s.routeTableId = id;
      },
    },
    {
      get: (t) => t.subnetIds,
      set: (t, ids) => {
        t.subnetIds = ids;
      },
    },
    { child: 'subnet', parent: 'route table' },
    notes,
  );
  linkAssociation(
    inventory.subnets,
    sortedNatGateways,
    {
      get: (s) => s.natGatewayId,
      set: (s, id) => {
        s.natGatewayId = id;
      },
    },
    {
      get: (g) => g.subnetIds,
      set: (g, ids) => {
        g.subnetIds = ids;
      },
    },
    { child: 'subnet', parent: 'NAT gateway' },
    notes,
  );
  linkAssociation(
    inventory.publicIps,
    sortedNatGateways,
    {
      get: (p) => p.natGatewayId,
      set: (p, id) => {
        p.natGatewayId = id;
      },
    },
    {
      get: (g) => g.publicIpAddressIds,
      set: (g, ids) => {
        g.publicIpAddressIds = ids;
      },
    },
    { child: 'public IP address', parent: 'NAT gateway' },
    notes,
  );
  linkAssociation(
    inventory.publicIpPrefixes,
    sortedNatGateways,
    {
      get: (p) => p.natGatewayId,
      set: (p, id) => {
        p.natGatewayId = id;
      },
    },
    {
      get: (g) => g.publicIpPrefixIds,
      set: (g, ids) => {
        g.publicIpPrefixIds = ids;
      },
    },
    { child: 'public IP prefix', parent: 'NAT gateway' },
    notes,
  );
  linkPolicies(inventory, notes);
  const configByPublicIp = new Map<string, string>();
  for (const c of firewallConfigs)
    if (!configByPublicIp.has(idKey(c.publicIpId))) configByPublicIp.set(idKey(c.publicIpId), c.configurationId);
  for (const pip of inventory.publicIps) {
    const configurationId = configByPublicIp.get(idKey(pip.id));
    if (pip.attachedToId === undefined && configurationId !== undefined) pip.attachedToId = configurationId;
  }
  for (const cluster of inventory.clusters) noteClusterWithoutSubnets(cluster, notes);

  // Deterministic order everywhere.
  inventory.firewalls.sort(byIdKey);
  inventory.firewallPolicies.sort(byIdKey);
  inventory.ruleCollectionGroups.sort(byIdKey);
  inventory.ipGroups.sort(byIdKey);
  inventory.publicIps.sort(byIdKey);
  inventory.publicIpPrefixes.sort(byIdKey);
  inventory.natGateways.sort(byIdKey);
  inventory.routeTables.sort(byIdKey);
  inventory.virtualNetworks.sort(byIdKey);
  inventory.subnets.sort(byIdKey);
  inventory.virtualWans.sort(byIdKey);
  inventory.virtualHubs.sort(byIdKey);
  inventory.hubVirtualNetworkConnections.sort(byIdKey);
  inventory.hubRouteTables.sort(byIdKey);
  inventory.routingIntents.sort(byIdKey);
  inventory.clusters.sort(byIdKey);
  // Several lists (one per region queried) repeat the same tags: keep the first of each name.
  const tags = new Map<string, ServiceTag>();
  for (const tag of inventory.serviceTags) if (!tags.has(tag.name.toLowerCase())) tags.set(tag.name.toLowerCase(), tag);
  inventory.serviceTags = [...tags.values()].sort((a, b) => compareText(a.name, b.name));
  inventory.notes = notes.sort(
    (a, b) =>
      compareText(a.kind, b.kind) ||
      compareText(idKey(a.resourceId ?? ''), idKey(b.resourceId ?? '')) ||
      compareText(a.message, b.message),
  );
  // Errors by file (stable: within a file, in the order the resources and their fields were read).
  errors.sort((a, b) => compareText(a.file ?? '', b.file ?? ''));
  return { inventory, errors };
}
