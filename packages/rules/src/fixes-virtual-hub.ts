/**
 * How a spoke of a Virtual WAN hub is made to send its Internet-bound traffic to the hub's Azure
 * Firewall: through the hub, never with a route table pointing at the hub firewall's private IP.
 *
 * - The connection learns the hub's 0.0.0.0/0 only with "enable internet security" / "propagate
 *   default route" (`enableInternetSecurity`; how-to-routing-policies.md, static-routes-firewall-basic.md):
 *   `az network vhub connection update … --set enableInternetSecurity=true` (the virtual-wan CLI
 *   extension's generic update; it has no dedicated flag).
 * - A hub with routing intent but no Internet policy gets one (`az network vhub routing-intent update`,
 *   which replaces the list of policies, so the existing ones are repeated); a hub without routing
 *   intent gets one (`… create`), unless it has custom route tables, which routing intent does not
 *   allow (how-to-routing-policies.md, "Prerequisites"): then a 0.0.0.0/0 static route to the
 *   firewall in the connection's associated route table (`az network vhub route-table route add`).
 * - A route of the subnet's own route table that leads around the hub wins over what the hub
 *   advertises, and a route table that disables gateway route propagation learns nothing from the hub
 *   (how-to-routing-policies.md, "Troubleshooting data path").
 * Every command names the subscription and resource group of what it changes (shell.ts).
 */
import {
  associatedRouteTableIdOf,
  type EgressPath,
  type Firewall,
  type HubVirtualNetworkConnection,
  hubConnectionsOf,
  hubFirewallOf,
  hubRouteTableOf,
  type Inventory,
  idKey,
  parseAddressSpec,
  type RouteVerdict,
  type RoutingIntent,
  routingIntentOf,
  routingPolicyFor,
} from '@aro-aks-audit/auditor';
import { nameWord, scopeArguments, shellQuote } from './shell.ts';

export interface VirtualHubRoutingFix {
  text: string;
  commands: string[];
  /** The hub's Azure Firewall the traffic reaches once the commands ran. */
  firewall?: Firewall;
}

interface Step {
  text: string;
  command?: string;
}

const nameOf = (id: string) => id.replace(/\/+$/, '').split('/').at(-1) ?? id;
const BUILT_IN_TABLES = /^(defaultRouteTable|noneRouteTable)$/i;

/** The routing policies as `--routing-policies` takes them (the CLI's shorthand syntax). */
function policiesArgument(policies: { name: string; destinations: string[]; nextHop?: string }[]): string {
  const items = policies.map(
    (p) =>
      `{name:${p.name},destinations:[${p.destinations.join(',')}],next-hop:${p.nextHop ?? '<next-hop-resource-id>'}}`,
  );
  return shellQuote(`[${items.join(',')}]`);
}

function internetPolicyStep(hubId: string, intent: RoutingIntent, firewall: Firewall): Step {
  const policies = [
    ...intent.routingPolicies,
    { name: 'InternetTraffic', destinations: ['Internet'], nextHop: firewall.id },
  ];
  return {
    text: `add an Internet routing policy with next hop ${firewall.name} to routing intent ${intent.name} of virtual hub ${nameOf(hubId)}`,
    command: `az network vhub routing-intent update ${scopeArguments(intent.id)} --vhub ${nameWord(hubId)} --name ${shellQuote(intent.name)} --routing-policies ${policiesArgument(policies)}`,
  };
}

/** What the hub must change so that the connection can learn 0.0.0.0/0 → its firewall. */
function hubSteps(
  inventory: Inventory,
  connection: HubVirtualNetworkConnection,
  firewall: Firewall | undefined,
): Step[] {
  const hubId = connection.virtualHubId;
  const hub = nameOf(hubId);
  const intent = routingIntentOf(inventory, hubId);
  if (intent && routingPolicyFor(intent, 'Internet')) return [];
  const tableId = associatedRouteTableIdOf(inventory, connection);
  const table = hubRouteTableOf(inventory, tableId);
  if (!intent && table?.routes.some((r) => r.destinations.some((d) => parseAddressSpec(d).kind === 'any'))) return [];
  if (!firewall)
    return [
      {
        text: `deploy an Azure Firewall in virtual hub ${hub} (a secured virtual hub) and give it an Internet routing policy`,
      },
    ];
  if (intent) return [internetPolicyStep(hubId, intent, firewall)];
  const custom = inventory.hubRouteTables.filter(
    (t) => idKey(t.virtualHubId) === idKey(hubId) && !BUILT_IN_TABLES.test(t.name),
  );
  if (custom.length > 0)
    return [
      {
        text: `add a 0.0.0.0/0 route to ${firewall.name} in hub route table ${nameOf(tableId)}, which ${connection.name} is associated with (routing intent needs a hub without custom route tables, and ${hub} has ${custom.map((t) => t.name).join(', ')})`,
        command: `az network vhub route-table route add ${scopeArguments(hubId)} --vhub-name ${nameWord(hubId)} --name ${nameWord(tableId)} --route-name internet_traffic --destination-type CIDR --destinations 0.0.0.0/0 --next-hop-type ResourceId --next-hop ${shellQuote(firewall.id)}`,
      },
    ];
  return [
    {
      text: `add routing intent to virtual hub ${hub} with an Internet policy whose next hop is ${firewall.name}`,
      command: `az network vhub routing-intent create ${scopeArguments(hubId)} --vhub ${nameWord(hubId)} --name ${shellQuote(`${hub}-routing-intent`)} --routing-policies ${policiesArgument([{ name: 'InternetTraffic', destinations: ['Internet'], nextHop: firewall.id }])}`,
    },
  ];
}

/** The subnet's own routes that win over the hub's, and a route table that refuses the hub's routes. */
function subnetSteps(inventory: Inventory, subnetId: string, verdict: RouteVerdict): Step[] {
  const subnet = inventory.subnets.find((s) => idKey(s.id) === idKey(subnetId));
  const table = subnet?.routeTableId
    ? inventory.routeTables.find((t) => idKey(t.id) === idKey(subnet.routeTableId ?? ''))
    : undefined;
  if (!table) return [];
  const steps: Step[] = verdict.segments
    .filter((s) => s.outcome !== 'firewall' && s.route.tableId && idKey(s.route.tableId) === idKey(table.id))
    .map((s) => ({
      text: `remove route ${s.route.name} (${s.route.addressPrefix} → ${s.route.nextHopType}) from route table ${table.name}: a route of the subnet wins over the one the hub advertises`,
      command: `az network route-table route delete ${scopeArguments(table.id)} --route-table-name ${shellQuote(table.name)} --name ${shellQuote(s.route.name)}`,
    }));
  if (table.disableBgpRoutePropagation)
    steps.push({
      text: `let route table ${table.name} propagate gateway routes, or the subnet learns nothing from the hub`,
      command: `az network route-table update ${scopeArguments(table.id)} --name ${shellQuote(table.name)} --disable-bgp-route-propagation false`,
    });
  return steps;
}

/**
 * The fix for a subnet of a hub-connected VNet whose Internet-bound traffic does not reach the hub's
 * firewall; undefined for a VNet connected to no hub in the input.
 */
export function virtualHubRoutingFix(
  inventory: Inventory,
  subnetId: string,
  verdict: RouteVerdict,
): VirtualHubRoutingFix | undefined {
  const subnet = inventory.subnets.find((s) => idKey(s.id) === idKey(subnetId));
  const [connection] = subnet ? hubConnectionsOf(inventory, subnet.virtualNetworkId) : [];
  if (!connection) return undefined;
  const firewall = hubFirewallOf(inventory, connection.virtualHubId);
  const steps = [
    ...hubSteps(inventory, connection, firewall),
    ...(connection.enableInternetSecurity === true
      ? []
      : [
          {
            text: `turn on internet security ("propagate default route") on hub connection ${connection.name}, so it learns the hub's 0.0.0.0/0`,
            command: `az network vhub connection update ${scopeArguments(connection.id)} --vhub-name ${nameWord(connection.virtualHubId)} --name ${shellQuote(connection.name)} --set enableInternetSecurity=true`,
          },
        ]),
    ...subnetSteps(inventory, subnetId, verdict),
  ];
  if (steps.length === 0) return undefined;
  return {
    text: `Send ${subnetId.split('/').at(-3)}/${subnet?.name}'s Internet-bound traffic to ${firewall?.name ?? 'a firewall'} through virtual hub ${nameOf(connection.virtualHubId)}: ${steps.map((s) => s.text).join('; ')}.`,
    commands: steps.flatMap((s) => (s.command ? [s.command] : [])),
    ...(firewall && { firewall }),
  };
}

/** The routing fixes of every egress subnet of a path that does not reach a firewall, and the hub firewall they lead to. */
export function virtualHubRoutingFixesFor(
  inventory: Inventory,
  path: EgressPath,
): { firewall?: Firewall; commands: string[]; notes: string[] } | undefined {
  const fixes = path.subnets
    .filter((s) => s.route.status !== 'via-firewall')
    .map((s) => virtualHubRoutingFix(inventory, s.subnetId, s.route))
    .filter((f): f is VirtualHubRoutingFix => f !== undefined);
  const firewalls = [
    ...new Map(fixes.flatMap((f) => (f.firewall ? [[idKey(f.firewall.id), f.firewall]] : []))).values(),
  ];
  if (fixes.length === 0 || firewalls.length !== 1) return undefined;
  return {
    ...(firewalls[0] && { firewall: firewalls[0] }),
    commands: [...new Set(fixes.flatMap((f) => f.commands))],
    notes: [...new Set(fixes.map((f) => f.text))],
  };
}
