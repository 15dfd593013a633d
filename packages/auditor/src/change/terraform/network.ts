/**
 * Virtual networks and routing in Terraform (hashicorp/terraform-provider-azurerm, website/docs/r):
 * `azurerm_route_table` (3.x `disable_bgp_route_propagation`, 4.x `bgp_route_propagation_enabled`),
 * `azurerm_route`, `azurerm_subnet_route_table_association`, `azurerm_virtual_network` (3.x subnet
 * `address_prefix`, 4.x `address_prefixes` and `route_table_id`), `azurerm_subnet`,
 * `azurerm_virtual_network_peering` and `azurerm_ip_group`.
 */
import type { ChangeOperation, JsonObject } from '../types.ts';
import { childId } from './ids.ts';
import {
  armResource,
  childOfNamed,
  compact,
  keepWhole,
  nonEmpty,
  refTo,
  type TfContext,
  type TfMapping,
  topLevelId,
} from './mapping.ts';
import type { TfObject } from './values.ts';

const ROUTE_TABLES = 'Microsoft.Network/routeTables';
const ROUTES = 'Microsoft.Network/routeTables/routes';
const VIRTUAL_NETWORKS = 'Microsoft.Network/virtualNetworks';
const SUBNETS = 'Microsoft.Network/virtualNetworks/subnets';
const PEERINGS = 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings';
const IP_GROUPS = 'Microsoft.Network/ipGroups';

const routeProperties = (route: TfObject) =>
  compact({
    addressPrefix: route.str('address_prefix'),
    nextHopType: route.str('next_hop_type'),
    nextHopIpAddress: route.str('next_hop_in_ip_address'),
  });

export const routeTable: TfMapping = {
  armType: ROUTE_TABLES,
  id: topLevelId(ROUTE_TABLES),
  put(after, id) {
    const enabled = after.bool('bgp_route_propagation_enabled');
    const properties = {
      routes: after.blocks('route').map((route) => ({ name: route.str('name'), properties: routeProperties(route) })),
      disableBgpRoutePropagation: enabled !== undefined ? !enabled : after.bool('disable_bgp_route_propagation'),
    };
    // `subnets` is computed from the associations, which the association resources (or the subnets) change.
    return [
      {
        op: 'put',
        resource: armResource(id, ROUTE_TABLES, after, properties),
        keep: [{ property: 'subnets', mode: 'whole' }],
      },
    ];
  },
  unknownOf(path, after, id) {
    // The whole list unknown: any route may be there.
    if (path === 'route') return { resourceId: id, route: '*' };
    const index = /^route\[(\d+)\]/.exec(path)?.[1];
    const name =
      index === undefined ? undefined : after.blocks('route', { computed: true })[Number(index)]?.str('name');
    return name === undefined ? undefined : { resourceId: id, route: name };
  },
};

export const route: TfMapping = {
  armType: ROUTES,
  id: childOfNamed(ROUTE_TABLES, 'route_table_name', 'routes'),
  put(after, id) {
    return [{ op: 'put', resource: { id, name: after.str('name'), type: ROUTES, properties: routeProperties(after) } }];
  },
  unknownOf(_path, after, id) {
    return { resourceId: id.replace(/\/routes\/[^/]+$/i, ''), route: after.str('name') ?? id.split('/').at(-1) ?? id };
  },
};

/** An association resource: a reference on the child and the child's id in the parent's list. */
function association(
  child: { type: string; attribute: string; field: string },
  parent: { type: string; attribute: string; list: string },
): TfMapping {
  const operation = (values: TfObject, context: TfContext, associated: boolean): ChangeOperation[] => {
    const childId = context.ref(values, child.attribute);
    const parentId = context.ref(values, parent.attribute);
    if (!childId || !parentId) return [];
    return [
      {
        op: 'associate',
        child: { id: childId, type: child.type, field: child.field },
        parent: { id: parentId, type: parent.type, list: parent.list },
        associated,
      },
    ];
  };
  return {
    armType: child.type,
    id: (values, context) => context.ref(values, child.attribute) ?? { error: `its ${child.attribute} is not known` },
    put: (after, _id, context) => operation(after, context, true),
    remove: (before, _id, context) => operation(before, context, false),
  };
}

export const subnetRouteTableAssociation = association(
  { type: SUBNETS, attribute: 'subnet_id', field: 'routeTable' },
  { type: ROUTE_TABLES, attribute: 'route_table_id', list: 'subnets' },
);

/**
 * A subnet's properties. `route_table_id` exists in the 4.x subnet block of azurerm_virtual_network,
 * where null means none; where the schema has no such attribute (3.x, azurerm_subnet), the association
 * is a resource of its own and the subnet keeps today's.
 */
function subnetProperties(subnet: TfObject, context: TfContext): JsonObject {
  const single = subnet.str('address_prefix');
  return compact({
    addressPrefixes: nonEmpty([...subnet.strings('address_prefixes'), ...(single !== undefined ? [single] : [])]),
    networkSecurityGroup: refTo(context.ref(subnet, 'security_group')),
    routeTable: Object.hasOwn(subnet.value, 'route_table_id')
      ? (refTo(context.ref(subnet, 'route_table_id')) ?? null)
      : undefined,
    defaultOutboundAccess: subnet.bool('default_outbound_access_enabled'),
  });
}

export const virtualNetwork: TfMapping = {
  armType: VIRTUAL_NETWORKS,
  id: topLevelId(VIRTUAL_NETWORKS),
  put(after, id, context) {
    // With the subnets managed as azurerm_subnet resources, `subnet` is computed: unknown on a create.
    const managesSubnets = !after.isUnknown('subnet');
    const properties = {
      addressSpace: { addressPrefixes: after.strings('address_space') },
      dhcpOptions: { dnsServers: after.strings('dns_servers') },
      subnets: managesSubnets
        ? after.blocks('subnet').map((subnet) => {
            const name = subnet.str('name') ?? '';
            return {
              name,
              id: subnet.str('id', { computed: true }) ?? childId(id, 'subnets', name),
              properties: subnetProperties(subnet, context),
            };
          })
        : undefined,
    };
    return [
      {
        op: 'put',
        resource: armResource(id, VIRTUAL_NETWORKS, after, properties),
        keep: [
          { property: 'virtualNetworkPeerings', mode: 'whole' },
          { property: 'subnets', mode: 'whole' },
          { property: 'subnets', mode: 'item-fields', fields: ['routeTable', 'natGateway'] },
        ],
      },
    ];
  },
  unknownOf(path, after, id) {
    // A subnet block's value (its prefixes, its route table) belongs to that subnet.
    const index = /^subnet\[(\d+)\]/.exec(path)?.[1];
    const subnet = index === undefined ? undefined : after.blocks('subnet', { computed: true })[Number(index)];
    const name = subnet?.str('name', { computed: true });
    if (!subnet || name === undefined) return undefined;
    return { resourceId: subnet.str('id', { computed: true }) ?? childId(id, 'subnets', name) };
  },
};

export const subnet: TfMapping = {
  armType: SUBNETS,
  id: childOfNamed(VIRTUAL_NETWORKS, 'virtual_network_name', 'subnets'),
  put(after, id, context) {
    const resource = { id, name: after.str('name'), type: SUBNETS, properties: subnetProperties(after, context) };
    // Route table, NAT gateway and NSG are associations of their own in Terraform: an update keeps them.
    return [{ op: 'put', resource, keep: keepWhole('routeTable', 'natGateway', 'networkSecurityGroup') }];
  },
};

export const virtualNetworkPeering: TfMapping = {
  armType: PEERINGS,
  id: childOfNamed(VIRTUAL_NETWORKS, 'virtual_network_name', 'virtualNetworkPeerings'),
  put(after, id, context) {
    const properties = compact({
      remoteVirtualNetwork: refTo(context.ref(after, 'remote_virtual_network_id')),
      allowVirtualNetworkAccess: after.bool('allow_virtual_network_access'),
      allowForwardedTraffic: after.bool('allow_forwarded_traffic'),
      allowGatewayTransit: after.bool('allow_gateway_transit'),
      useRemoteGateways: after.bool('use_remote_gateways'),
    });
    // Azure sets peeringState (Connected once both sides peer); Terraform does not show it, so an update keeps it.
    return [
      {
        op: 'put',
        resource: { id, name: after.str('name'), type: PEERINGS, properties },
        keep: [{ property: 'peeringState', mode: 'whole' }],
      },
    ];
  },
};

export const ipGroup: TfMapping = {
  armType: IP_GROUPS,
  id: topLevelId(IP_GROUPS),
  put(after, id) {
    return [{ op: 'put', resource: armResource(id, IP_GROUPS, after, { ipAddresses: after.strings('cidrs') }) }];
  },
};

export const NETWORK_MAPPINGS: Record<string, TfMapping> = {
  azurerm_route_table: routeTable,
  azurerm_route: route,
  azurerm_subnet_route_table_association: subnetRouteTableAssociation,
  azurerm_virtual_network: virtualNetwork,
  azurerm_subnet: subnet,
  azurerm_virtual_network_peering: virtualNetworkPeering,
  azurerm_ip_group: ipGroup,
};

export { association };
