/**
 * The route that sends a subnet's Internet-bound traffic to the firewall, as "Limit network traffic
 * with Azure Firewall in AKS" builds it (MicrosoftDocs/azure-aks-docs articles/aks/limit-egress-traffic.md
 * @05b919ce, "Create a route with a hop to Azure Firewall" and "Associate the route table to AKS"):
 * 0.0.0.0/0 → VirtualAppliance at the firewall's private IP, for AKS the firewall's public IP /32 →
 * Internet beside it, and the route table associated with the subnet. A subnet that already has a
 * table gets the route in it (the 0.0.0.0/0 route it has is changed, a table holds one route per
 * prefix); more specific routes that take public traffic around the firewall are listed for review.
 */
import {
  type Cluster,
  type EgressSubnet,
  type Firewall,
  type Inventory,
  idKey,
  parseArmId,
  type Route,
} from '@aro-aks-audit/auditor';

export interface RouteFix {
  subnetId: string;
  vnetName: string;
  subnetName: string;
  subscription: string;
  /** The subnet's resource group (the virtual network's). */
  resourceGroup: string;
  firewall: Firewall;
  nextHop: string;
  table: { id: string; name: string; resourceGroup: string; location?: string; exists: boolean };
  /** The table's 0.0.0.0/0 route: changed when it has one (`current` says to what it points today), else created. */
  defaultRoute: { name: string; exists: boolean; current?: string };
  /** AKS: the firewall's public IP /32 → Internet, which keeps DNAT return traffic symmetric. */
  publicIpRoute?: { name: string; prefix: string };
  /** Whether the subnet must be associated with the table (it has none today). */
  associate: boolean;
  /** Routes more specific than 0.0.0.0/0 that take public traffic around the firewall: the reader decides. */
  review: Route[];
}

const DEFAULT_ROUTE = 'default-to-firewall';

function publicIpOf(firewall: Firewall, inventory: Inventory): string | undefined {
  for (const config of firewall.ipConfigurations) {
    const pip = inventory.publicIps.find((p) => idKey(p.id) === idKey(config.publicIpAddressId ?? ''));
    if (pip?.ipAddress) return pip.ipAddress;
  }
  return firewall.hubPublicIpAddresses[0];
}

export function routeFixFor(
  cluster: Cluster,
  egress: EgressSubnet,
  firewall: Firewall,
  inventory: Inventory,
): RouteFix | { note: string } {
  const nextHop =
    firewall.ipConfigurations.find((c) => c.privateIpAddress)?.privateIpAddress ?? firewall.hubPrivateIpAddress;
  const id = parseArmId(egress.subnetId);
  const parts = egress.subnetId.split('/');
  const [vnetName, subnetName] = [parts.at(-3) ?? '', parts.at(-1) ?? ''];
  if (!nextHop || !id?.resourceGroup)
    return {
      note: `${vnetName}/${subnetName}: ${nextHop ? 'its id names no resource group' : `the private IP of ${firewall.name} is not in the input`}; no route is proposed`,
    };
  const subnet = inventory.subnets.find((s) => idKey(s.id) === idKey(egress.subnetId));
  const existing = subnet?.routeTableId
    ? inventory.routeTables.find((t) => idKey(t.id) === idKey(subnet.routeTableId ?? ''))
    : undefined;
  if (subnet?.routeTableId && !existing)
    return {
      note: `${vnetName}/${subnetName}: its route table ${subnet.routeTableId} is not in the input; no route is proposed`,
    };
  const vnet = inventory.virtualNetworks.find((v) => idKey(v.id) === idKey(subnet?.virtualNetworkId ?? ''));
  const table = existing
    ? {
        id: existing.id,
        name: existing.name,
        resourceGroup: parseArmId(existing.id)?.resourceGroup ?? id.resourceGroup,
        exists: true,
      }
    : (() => {
        const taken = new Set(inventory.routeTables.map((t) => t.name.toLowerCase()));
        let name = `rt-${subnetName}-to-${firewall.name}`;
        for (let n = 2; taken.has(name.toLowerCase()); n++) name = `rt-${subnetName}-to-${firewall.name}-${n}`;
        const location = vnet?.location ?? cluster.location;
        return {
          id: `/subscriptions/${id.subscriptionId}/resourceGroups/${id.resourceGroup}/providers/Microsoft.Network/routeTables/${name}`,
          name,
          resourceGroup: id.resourceGroup,
          ...(location && { location }),
          exists: false,
        };
      })();
  const routes = existing?.routes ?? [];
  const current = routes.find((r) => r.addressPrefix.trim() === '0.0.0.0/0');
  const publicIp = cluster.kind === 'aks' ? publicIpOf(firewall, inventory) : undefined;
  const hasPublicIpRoute = publicIp && routes.some((r) => r.addressPrefix === `${publicIp}/32`);
  const aroundSegments = egress.route.segments.filter(
    (s) => s.outcome !== 'firewall' && s.route.addressPrefix !== '0.0.0.0/0' && s.route.tableId !== undefined,
  );
  return {
    subnetId: egress.subnetId,
    vnetName,
    subnetName,
    subscription: id.subscriptionId,
    resourceGroup: id.resourceGroup,
    firewall,
    nextHop,
    table,
    defaultRoute: {
      name: current?.name ?? DEFAULT_ROUTE,
      exists: current !== undefined,
      ...(current && {
        current: `${current.nextHopType}${current.nextHopIpAddress ? ` ${current.nextHopIpAddress}` : ''}`,
      }),
    },
    ...(publicIp &&
      !hasPublicIpRoute && { publicIpRoute: { name: 'firewall-public-ip-internet', prefix: `${publicIp}/32` } }),
    associate: !existing,
    review: routes.filter((r) => aroundSegments.some((s) => s.route.name === r.name)),
  };
}
