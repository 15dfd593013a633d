/**
 * Virtual WAN resources: virtual WANs, virtual hubs and the hub's children — virtual network
 * connections, hub route tables and routing intent — in the REST shape (`properties` bag) and the
 * flattened shape the Azure CLI (`az network vhub … list`) and the JavaScript SDK print. The
 * property names are those of the Microsoft.Network 2025-05-01 REST examples (VirtualHubGet,
 * HubVirtualNetworkConnectionGet, HubRouteTableGet, RoutingIntentGet), read as `@azure/arm-network`
 * types them (sdk-shapes.ts): a field the SDK renames fails the type check.
 */
import {
  type HubRoute,
  type HubRouteTable,
  type HubVirtualNetworkConnection,
  type ResourceBase,
  type RoutingIntent,
  type VirtualHub,
  type VirtualWan,
  virtualHubIdOf,
} from '../model/inventory.ts';
import type {
  HubRouteTableShape,
  HubVirtualNetworkConnectionShape,
  RoutingIntentShape,
  VirtualHubShape,
  VirtualWanShape,
} from './sdk-shapes.ts';
import { isJsonObject, type Obj, reportError } from './shape.ts';

function hubOf<T>(resource: Obj<T>, base: ResourceBase): string {
  const hubId = virtualHubIdOf(base.id);
  if (hubId === undefined)
    reportError(resource.ctx, 'the id does not name a virtual hub (…/virtualHubs/{hub}/…): its hub is unknown');
  return hubId ?? '';
}

function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

export function normalizeVirtualWan(resource: Obj<VirtualWanShape>, base: ResourceBase): VirtualWan {
  const out: VirtualWan = { ...base };
  // REST: `properties.type` (Standard, Basic), which `type` finds first. Flattened, `type` is the resource
  // type: the SDK names the WAN type `typePropertiesType`.
  const bag = resource.value.properties;
  const wanType =
    isJsonObject(bag) && bag.type !== undefined && bag.type !== null
      ? resource.str('type')
      : resource.str('typePropertiesType');
  set(out, 'wanType', wanType !== undefined && !wanType.includes('/') ? wanType : undefined);
  set(out, 'allowBranchToBranchTraffic', resource.bool('allowBranchToBranchTraffic'));
  return out;
}

export function normalizeVirtualHub(resource: Obj<VirtualHubShape>, base: ResourceBase): VirtualHub {
  const gateways = (['vpnGateway', 'expressRouteGateway', 'p2SVpnGateway'] as const).map((name) => resource.ref(name));
  const out: VirtualHub = { ...base, gatewayIds: gateways.filter((id): id is string => id !== undefined) };
  set(out, 'virtualWanId', resource.ref('virtualWan'));
  set(out, 'addressPrefix', resource.str('addressPrefix'));
  set(out, 'azureFirewallId', resource.ref('azureFirewall'));
  set(out, 'sku', resource.str('sku'));
  set(out, 'routingState', resource.str('routingState'));
  set(out, 'provisioningState', resource.str('provisioningState'));
  return out;
}

export function normalizeHubVirtualNetworkConnection(
  resource: Obj<HubVirtualNetworkConnectionShape>,
  base: ResourceBase,
): HubVirtualNetworkConnection {
  const routing = resource.obj('routingConfiguration');
  const propagated = routing?.obj('propagatedRouteTables');
  const vnetRoutes = routing?.obj('vnetRoutes');
  const out: HubVirtualNetworkConnection = {
    ...base,
    virtualHubId: hubOf(resource, base),
    propagatedRouteTableIds: propagated?.refs('ids') ?? [],
    propagatedLabels: propagated?.strings('labels') ?? [],
    staticRoutes: (vnetRoutes?.list('staticRoutes') ?? []).map((route) => {
      const staticRoute = { name: route.str('name') ?? '', addressPrefixes: route.strings('addressPrefixes') };
      const nextHopIpAddress = route.str('nextHopIpAddress');
      return nextHopIpAddress === undefined ? staticRoute : { ...staticRoute, nextHopIpAddress };
    }),
  };
  set(out, 'remoteVirtualNetworkId', resource.ref('remoteVirtualNetwork'));
  set(out, 'enableInternetSecurity', resource.bool('enableInternetSecurity'));
  set(out, 'associatedRouteTableId', routing?.ref('associatedRouteTable'));
  set(out, 'outboundRouteMapId', routing?.ref('outboundRouteMap'));
  set(out, 'propagateStaticRoutes', vnetRoutes?.obj('staticRoutesConfig')?.bool('propagateStaticRoutes'));
  set(out, 'provisioningState', resource.str('provisioningState'));
  if (out.remoteVirtualNetworkId === undefined)
    resource.missing('remoteVirtualNetwork', 'which virtual network the connection serves is unknown');
  return out;
}

function hubRoute(item: Obj<NonNullable<HubRouteTableShape['routes']>[number]>): HubRoute {
  const route: HubRoute = { name: item.str('name') ?? '', destinations: item.strings('destinations') };
  set(route, 'destinationType', item.str('destinationType'));
  set(route, 'nextHopType', item.str('nextHopType'));
  set(route, 'nextHop', item.str('nextHop'));
  if (route.nextHop === undefined) item.missing('nextHop', 'where the route leads is unknown');
  return route;
}

export function normalizeHubRouteTable(resource: Obj<HubRouteTableShape>, base: ResourceBase): HubRouteTable {
  return {
    ...base,
    virtualHubId: hubOf(resource, base),
    routes: resource.list('routes').map(hubRoute),
    labels: resource.strings('labels'),
    associatedConnectionIds: resource.strings('associatedConnections'),
    propagatingConnectionIds: resource.strings('propagatingConnections'),
  };
}

export function normalizeRoutingIntent(resource: Obj<RoutingIntentShape>, base: ResourceBase): RoutingIntent {
  return {
    ...base,
    virtualHubId: hubOf(resource, base),
    routingPolicies: resource.list('routingPolicies').map((policy) => {
      const out = { name: policy.str('name') ?? '', destinations: policy.strings('destinations') };
      const nextHop = policy.str('nextHop');
      if (nextHop === undefined) policy.missing('nextHop', 'where the policy sends traffic is unknown');
      return nextHop === undefined ? out : { ...out, nextHop };
    }),
  };
}
