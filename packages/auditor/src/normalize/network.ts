/**
 * Networking resources: virtual networks (with their embedded subnets), standalone subnets, route
 * tables, public IP addresses and prefixes, NAT gateways and IP groups. Cross-references between
 * them (route table ↔ subnet, NAT gateway ↔ subnet / public IP / prefix) are made consistent in
 * `index.ts`, once every resource has been read.
 */
import type {
  IpGroup,
  NatGateway,
  NextHopType,
  PublicIp,
  PublicIpPrefix,
  ResourceBase,
  Route,
  RouteTable,
  Subnet,
  VirtualNetwork,
  VirtualNetworkPeering,
} from '../model/inventory.ts';
import type {
  IpGroupShape,
  NatGatewayShape,
  PublicIpPrefixShape,
  PublicIpShape,
  RouteTableShape,
  SubnetShape,
  VirtualNetworkPeeringShape,
  VirtualNetworkShape,
} from './sdk-shapes.ts';
import { canonical, distinct, distinctIds, type Obj, pointerOf, reportError } from './shape.ts';

export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';

const VNET_OF_SUBNET = /^(.*\/virtualnetworks\/[^/]+)\/subnets\/[^/]+\/?$/i;

/** The virtual network id of a subnet id (the part before `/subnets/{name}`). */
export function virtualNetworkIdOfSubnet(subnetId: string): string | undefined {
  return VNET_OF_SUBNET.exec(subnetId)?.[1];
}

function subnetFields(subnet: Obj<SubnetShape>, base: ResourceBase, virtualNetworkId: string): Subnet {
  const prefix = subnet.str('addressPrefix');
  const out: Subnet = {
    ...base,
    virtualNetworkId,
    addressPrefixes: distinct([...(prefix !== undefined ? [prefix] : []), ...subnet.strings('addressPrefixes')]),
  };
  const routeTableId = subnet.ref('routeTable');
  const natGatewayId = subnet.ref('natGateway');
  const networkSecurityGroupId = subnet.ref('networkSecurityGroup');
  const defaultOutboundAccess = subnet.bool('defaultOutboundAccess');
  if (routeTableId !== undefined) out.routeTableId = routeTableId;
  if (natGatewayId !== undefined) out.natGatewayId = natGatewayId;
  if (networkSecurityGroupId !== undefined) out.networkSecurityGroupId = networkSecurityGroupId;
  if (defaultOutboundAccess !== undefined) out.defaultOutboundAccess = defaultOutboundAccess;
  return out;
}

/** A standalone `Microsoft.Network/virtualNetworks/subnets` resource. */
export function normalizeSubnet(resource: Obj<SubnetShape>, base: ResourceBase): Subnet {
  const virtualNetworkId = virtualNetworkIdOfSubnet(base.id);
  if (virtualNetworkId === undefined) {
    reportError(resource.ctx, 'the id does not name a virtual network (…/virtualNetworks/{vnet}/subnets/{subnet})');
  }
  return subnetFields(resource, base, virtualNetworkId ?? '');
}

function peering(item: Obj<VirtualNetworkPeeringShape>): VirtualNetworkPeering {
  const out: VirtualNetworkPeering = {
    name: item.str('name') ?? '',
    allowForwardedTraffic: item.bool('allowForwardedTraffic') ?? false,
    useRemoteGateways: item.bool('useRemoteGateways') ?? false,
  };
  const remote = item.ref('remoteVirtualNetwork');
  const state = item.str('peeringState');
  // `remoteAddressSpace` is the space the peering was synced with; `remoteVirtualNetworkAddressSpace` the
  // remote network's current one (they differ until the peering is synced again): the synced one is routed.
  const remoteSpace = item.obj('remoteAddressSpace') ?? item.obj('remoteVirtualNetworkAddressSpace');
  if (remote !== undefined) out.remoteVirtualNetworkId = remote;
  if (state !== undefined) out.peeringState = state;
  if (remoteSpace) out.remoteAddressPrefixes = remoteSpace.strings('addressPrefixes');
  return out;
}

/** A virtual network and the subnets embedded in it (each a Subnet of its own). */
export function normalizeVirtualNetwork(
  resource: Obj<VirtualNetworkShape>,
  base: ResourceBase,
): { virtualNetwork: VirtualNetwork; subnets: Subnet[] } {
  const subnets: Subnet[] = [];
  for (const item of resource.list('subnets')) {
    const name = item.str('name');
    const id = item.str('id') ?? (name !== undefined ? `${base.id}/subnets/${name}` : undefined);
    if (id === undefined) {
      item.missing('id', 'an embedded subnet without id or name is skipped');
      continue;
    }
    const subnetBase: ResourceBase = {
      id,
      name: name ?? id.split('/').pop() ?? id,
      type: SUBNET_TYPE,
      tags: {},
      origin: { ...base.origin, pointer: pointerOf(base.origin.pointer, item.path) },
    };
    subnets.push(subnetFields(item, subnetBase, base.id));
  }
  const virtualNetwork: VirtualNetwork = {
    ...base,
    addressPrefixes: resource.obj('addressSpace')?.strings('addressPrefixes') ?? [],
    subnetIds: distinctIds(subnets.map((s) => s.id)),
    peerings: resource.list('virtualNetworkPeerings').map(peering),
    dnsServers: resource.obj('dhcpOptions')?.strings('dnsServers') ?? [],
  };
  return { virtualNetwork, subnets };
}

const NEXT_HOP_TYPES: readonly NextHopType[] = [
  'VirtualAppliance',
  'Internet',
  'VirtualNetworkGateway',
  'VnetLocal',
  'None',
];

export function normalizeRouteTable(resource: Obj<RouteTableShape>, base: ResourceBase): RouteTable {
  const routes: Route[] = [];
  for (const item of resource.list('routes')) {
    const name = item.str('name') ?? '';
    const addressPrefix = item.str('addressPrefix');
    const nextHopType = item.str('nextHopType');
    if (addressPrefix === undefined || nextHopType === undefined) {
      const field = addressPrefix === undefined ? 'addressPrefix' : 'nextHopType';
      item.missing(field, 'the routes it may win are unknown');
      routes.push({
        name,
        addressPrefix: addressPrefix ?? '',
        nextHopType: nextHopType ?? '',
        unreadable: `${field} is missing`,
      });
      continue;
    }
    const route: Route = { name, addressPrefix, nextHopType: canonical(nextHopType, NEXT_HOP_TYPES) ?? nextHopType };
    const nextHopIpAddress = item.str('nextHopIpAddress');
    if (nextHopIpAddress !== undefined) route.nextHopIpAddress = nextHopIpAddress;
    routes.push(route);
  }
  return {
    ...base,
    routes,
    subnetIds: distinctIds(resource.refs('subnets')),
    disableBgpRoutePropagation: resource.bool('disableBgpRoutePropagation') ?? false,
  };
}

export function normalizePublicIp(resource: Obj<PublicIpShape>, base: ResourceBase): PublicIp {
  const out: PublicIp = { ...base };
  // REST and the SDK spell publicIPAllocationMethod, publicIPAddressVersion, publicIPPrefix; the CLI publicIp…
  const ipAddress = resource.str('ipAddress');
  const skuName = resource.obj('sku')?.str('name');
  const allocationMethod = resource.str('publicIPAllocationMethod');
  const ipVersion = resource.str('publicIPAddressVersion');
  const prefixId = resource.ref('publicIPPrefix');
  const natGatewayId = resource.ref('natGateway');
  const attachedToId = resource.ref('ipConfiguration');
  if (ipAddress !== undefined) out.ipAddress = ipAddress;
  if (skuName !== undefined) out.skuName = skuName;
  if (allocationMethod !== undefined) out.allocationMethod = allocationMethod;
  if (ipVersion !== undefined) out.ipVersion = ipVersion;
  if (prefixId !== undefined) out.prefixId = prefixId;
  if (natGatewayId !== undefined) out.natGatewayId = natGatewayId;
  if (attachedToId !== undefined) out.attachedToId = attachedToId;
  return out;
}

/** The prefix length of `a.b.c.d/n` (or an IPv6 prefix), when it is written there. */
export function prefixLengthOf(ipPrefix: string): number | undefined {
  const m = /\/(\d{1,3})\s*$/.exec(ipPrefix);
  return m ? Number(m[1]) : undefined;
}

export function normalizePublicIpPrefix(resource: Obj<PublicIpPrefixShape>, base: ResourceBase): PublicIpPrefix {
  const out: PublicIpPrefix = { ...base };
  const ipPrefix = resource.str('ipPrefix');
  const prefixLength = resource.num('prefixLength') ?? (ipPrefix !== undefined ? prefixLengthOf(ipPrefix) : undefined);
  const natGatewayId = resource.ref('natGateway');
  if (ipPrefix !== undefined) out.ipPrefix = ipPrefix;
  if (prefixLength !== undefined) out.prefixLength = prefixLength;
  if (natGatewayId !== undefined) out.natGatewayId = natGatewayId;
  return out;
}

export function normalizeNatGateway(resource: Obj<NatGatewayShape>, base: ResourceBase): NatGateway {
  const out: NatGateway = {
    ...base,
    // StandardV2 NAT gateways list IPv6 addresses and prefixes separately.
    publicIpAddressIds: distinctIds([
      ...resource.refs('publicIpAddresses'),
      ...(resource.has('publicIpAddressesV6') ? resource.refs('publicIpAddressesV6') : []),
    ]),
    publicIpPrefixIds: distinctIds([
      ...resource.refs('publicIpPrefixes'),
      ...(resource.has('publicIpPrefixesV6') ? resource.refs('publicIpPrefixesV6') : []),
    ]),
    subnetIds: distinctIds(resource.refs('subnets')),
  };
  const idle = resource.num('idleTimeoutInMinutes');
  if (idle !== undefined) out.idleTimeoutInMinutes = idle;
  return out;
}

export function normalizeIpGroup(resource: Obj<IpGroupShape>, base: ResourceBase): IpGroup {
  return { ...base, ipAddresses: resource.strings('ipAddresses') };
}
