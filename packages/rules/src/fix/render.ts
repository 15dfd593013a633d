/**
 * A fix plan as a script a reviewer can read and paste — comments say what, for which cluster, when it
 * was generated, what it needs and what it changes; every command names its subscription and quotes
 * every name (shell.ts) — and as JSON an automation (or a test) can apply to the input.
 */
import { nameWord, resourceGroupWord, shellQuote, subscriptionWord } from '../shell.ts';
import type { ClusterFixPlan, CollectionFix } from './plan.ts';
import type { RouteFix } from './routes.ts';
import { armRuleOf, type RuleSpec, ruleArguments } from './rule-spec.ts';

export interface FixHeader {
  generatedAt: string;
  tool: { name: string; version: string };
  /** What was audited: the input directory or the live scope. */
  input: string;
}

/** The outcome of re-auditing the input with the plan applied (verify.ts), for the script's last comments. */
export interface FixCheck {
  resolved: string[];
  raised: string[];
}

const OUTBOUND_DOC =
  'Customize cluster egress with outbound types in AKS, "Updating outboundType after cluster creation" (https://learn.microsoft.com/azure/aks/egress-outboundtype)';

export function collectionCommands(fix: CollectionFix): string[] {
  const { placement, firewall, rules } = fix;
  const { container } = placement;
  if (container.kind === 'classic') {
    const verb = container.ruleKind === 'application' ? 'application-rule' : 'network-rule';
    const scope = `--subscription ${subscriptionWord(firewall.id)} --resource-group ${resourceGroupWord(firewall.id)} --firewall-name ${shellQuote(firewall.name)} --collection-name ${shellQuote(placement.name)}`;
    return rules.map(
      (rule, i) =>
        `az network firewall ${verb} create ${scope}${i === 0 ? ` --priority ${placement.priority} --action Allow` : ''} --name ${shellQuote(rule.name)} ${ruleArguments(rule, 'classic')}`,
    );
  }
  const policy = container.policyId;
  const scope = `--subscription ${subscriptionWord(policy)} --resource-group ${resourceGroupWord(policy)} --policy-name ${nameWord(policy)} --rule-collection-group-name ${shellQuote(container.group)}`;
  return [
    ...(container.newGroup
      ? [
          `az network firewall policy rule-collection-group create --subscription ${subscriptionWord(policy)} --resource-group ${resourceGroupWord(policy)} --policy-name ${nameWord(policy)} --name ${shellQuote(container.group)} --priority ${container.groupPriority}`,
        ]
      : []),
    ...rules.map((rule, i) =>
      i === 0
        ? `az network firewall policy rule-collection-group collection add-filter-collection ${scope} --name ${shellQuote(placement.name)} --collection-priority ${placement.priority} --action Allow --rule-name ${shellQuote(rule.name)} ${ruleArguments(rule, 'policy')}`
        : `az network firewall policy rule-collection-group collection rule add ${scope} --collection-name ${shellQuote(placement.name)} --name ${shellQuote(rule.name)} ${ruleArguments(rule, 'policy')}`,
    ),
  ];
}

function whereText(fix: CollectionFix): string {
  const { container, name, priority } = fix.placement;
  return container.kind === 'classic'
    ? `classic ${container.ruleKind} collection ${name} (priority ${priority}) of firewall ${fix.firewall.name}`
    : `collection ${name} (priority ${priority}) in ${container.newGroup ? 'a new ' : ''}rule collection group ${container.group}${container.newGroup ? ` (priority ${container.groupPriority})` : ''} of Firewall Policy ${container.policyId.split('/').at(-1)}, used by ${fix.firewall.name}`;
}

function routeCommands(route: RouteFix): string[] {
  const scope = `--subscription ${shellQuote(route.subscription)} --resource-group ${shellQuote(route.table.resourceGroup)}`;
  const tableScope = `${scope} --route-table-name ${shellQuote(route.table.name)}`;
  return [
    ...(route.table.exists
      ? []
      : [
          `az network route-table create ${scope} --name ${shellQuote(route.table.name)}${route.table.location ? ` --location ${shellQuote(route.table.location)}` : ''}`,
        ]),
    ...(route.defaultRoute.exists
      ? [
          `# changes route ${route.defaultRoute.name} of ${route.table.name} (0.0.0.0/0 → ${route.defaultRoute.current ?? '?'} today) to the firewall:`,
        ]
      : []),
    `az network route-table route ${route.defaultRoute.exists ? 'update' : 'create'} ${tableScope} --name ${shellQuote(route.defaultRoute.name)} --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address ${shellQuote(route.nextHop)}`,
    ...(route.publicIpRoute
      ? [
          `az network route-table route create ${tableScope} --name ${shellQuote(route.publicIpRoute.name)} --address-prefix ${shellQuote(route.publicIpRoute.prefix)} --next-hop-type Internet`,
        ]
      : []),
    ...(route.associate
      ? [
          `az network vnet subnet update --subscription ${shellQuote(route.subscription)} --resource-group ${shellQuote(route.resourceGroup)} --vnet-name ${shellQuote(route.vnetName)} --name ${shellQuote(route.subnetName)} --route-table ${shellQuote(route.table.id)}`,
        ]
      : []),
    ...route.review.flatMap((r) => [
      `# review: route ${r.name} (${r.addressPrefix} → ${r.nextHopType}) of ${route.table.name} also takes public traffic around the firewall; if it is not meant to:`,
      `#   az network route-table route delete ${tableScope} --name ${shellQuote(r.name)}`,
    ]),
  ];
}

function outboundCommands(plan: ClusterFixPlan): string[] {
  const { cluster, outboundType } = plan;
  if (!outboundType) return [];
  const lines = [
    `# ${cluster.name} egresses through its ${outboundType.from} outbound type; behind the route to the firewall AKS needs userDefinedRouting.`,
    `# What changing it does (${OUTBOUND_DOC}):`,
    '#  - it is disruptive to network connectivity: run it in a maintenance window, after the rules and routes above;',
    "#  - the cluster's egress IP address becomes the firewall's: update allowlists that name the old one, and with API",
    "#    server authorized IP ranges, add the firewall's public IP;",
    '#  - inbound traffic to a public load balancer service now returns through the firewall (asymmetric routing): add a',
    '#    DNAT rule on the firewall for it (Limit network traffic with Azure Firewall in AKS, "Allow inbound traffic");',
    '#  - it needs Azure CLI 2.56 or later.',
  ];
  if (!outboundType.supported)
    return [
      ...lines,
      `# AKS does not migrate ${outboundType.from} to userDefinedRouting: create a node pool or cluster with --outbound-type userDefinedRouting on the routed subnet.`,
    ];
  return [
    ...lines,
    `az aks update --subscription ${subscriptionWord(cluster.id)} --resource-group ${resourceGroupWord(cluster.id)} --name ${shellQuote(cluster.name)} --outbound-type userDefinedRouting`,
  ];
}

/** Comment text on one line: no line break of a name can end the comment and start a command. */
const comment = (text: string) => `# ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}`;

export function renderFixScript(plan: ClusterFixPlan, header: FixHeader, check?: FixCheck): string {
  const { cluster } = plan;
  const lines: string[] = [
    comment(`${header.tool.name} fix for ${cluster.kind.toUpperCase()} cluster ${cluster.name}`),
    comment(`  ${cluster.id}`),
    comment(`Generated ${header.generatedAt} by ${header.tool.name} ${header.tool.version} from ${header.input}.`),
  ];
  const nothing = plan.collections.length === 0 && plan.routes.length === 0 && !plan.hubRouting && !plan.outboundType;
  if (nothing) {
    lines.push(
      comment(
        'Nothing to add: the firewall on every egress path of the cluster allows every required endpoint it can judge.',
      ),
    );
  } else {
    lines.push(
      comment(
        'It adds only what is missing; nothing that exists is changed or removed, except where a route comment says so. Review it, then run it.',
      ),
      '# The rule collection commands need the Azure CLI extension azure-firewall: az extension add --name azure-firewall',
    );
    if (plan.missing.length > 0) {
      lines.push(
        comment(
          `What: the ${plan.missing.length} required endpoint${plan.missing.length === 1 ? '' : 's'} its firewall does not allow today:`,
        ),
      );
      for (const m of plan.missing)
        lines.push(comment(`  ${m.endpointId}  ${m.destination} (${m.protocol} ${m.port}): ${m.reason}`));
    }
  }
  let step = 0;
  for (const fix of plan.collections) {
    lines.push('', comment(`${++step}. Allow rules: ${whereText(fix)}.`), ...collectionCommands(fix));
  }
  for (const route of plan.routes) {
    lines.push(
      '',
      comment(
        `${++step}. Route ${route.vnetName}/${route.subnetName}'s Internet-bound traffic to firewall ${route.firewall.name} at ${route.nextHop}.`,
      ),
      ...routeCommands(route),
    );
  }
  if (plan.hubRouting)
    lines.push(
      '',
      comment(
        `${++step}. Route the cluster's traffic to the hub's firewall through the virtual hub (the virtual-wan extension).`,
      ),
      ...plan.hubRouting.notes.map(comment),
      ...plan.hubRouting.commands,
    );
  if (plan.outboundType) lines.push('', comment(`${++step}. Outbound type.`), ...outboundCommands(plan));
  if (plan.warnings.length + plan.notes.length > 0) lines.push('');
  for (const w of plan.warnings) lines.push(comment(`warning: ${w}`));
  for (const n of plan.notes) lines.push(comment(`not fixed: ${n}`));
  if (check) {
    lines.push('');
    lines.push(
      comment(
        check.raised.length === 0
          ? `Checked: the input re-audited with these changes raises no new finding${check.resolved.length > 0 ? ` and resolves ${check.resolved.length}` : ''}.`
          : `Checked: the input re-audited with these changes also raises ${check.raised.length} finding${check.raised.length === 1 ? '' : 's'}:`,
      ),
      ...check.raised.map((r) => comment(`  ${r}`)),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The classic firewall form of a rule: no `ruleType`, and network rules name `protocols`, not `ipProtocols`. */
function classicRuleOf(rule: RuleSpec): Record<string, unknown> {
  const { ruleType: _, ipProtocols, ...rest } = armRuleOf(rule);
  return ipProtocols === undefined ? rest : { ...rest, protocols: ipProtocols };
}

/** One collection to add: to a policy's rule collection group (ARM JSON of the collection), or a classic firewall. */
export function collectionJsonOf(fix: CollectionFix): Record<string, unknown> {
  const { container } = fix.placement;
  if (container.kind === 'classic')
    return {
      firewall: container.firewallId,
      type: container.ruleKind,
      collection: {
        name: fix.placement.name,
        properties: {
          priority: fix.placement.priority,
          action: { type: 'Allow' },
          rules: fix.rules.map(classicRuleOf),
        },
      },
    };
  return {
    firewallPolicy: container.policyId,
    ruleCollectionGroup: {
      id: `${container.policyId}/ruleCollectionGroups/${container.group}`,
      name: container.group,
      ...(container.newGroup && { new: true, priority: container.groupPriority }),
    },
    ruleCollection: {
      ruleCollectionType: 'FirewallPolicyFilterRuleCollection',
      name: fix.placement.name,
      priority: fix.placement.priority,
      action: { type: 'Allow' },
      rules: fix.rules.map(armRuleOf),
    },
  };
}

/** The plan as data: the collections to add (ARM JSON), the routes, the outbound type, and what it cannot fix. */
export function fixJsonOf(plan: ClusterFixPlan, header: FixHeader): unknown {
  const policies = plan.collections.filter((f) => f.placement.container.kind === 'policy').map(collectionJsonOf);
  const classic = plan.collections.filter((f) => f.placement.container.kind === 'classic').map(collectionJsonOf);
  return {
    cluster: { id: plan.cluster.id, name: plan.cluster.name, kind: plan.cluster.kind },
    generatedAt: header.generatedAt,
    tool: header.tool,
    missing: plan.missing,
    ruleCollections: policies,
    classicRuleCollections: classic,
    routes: plan.routes.map((r) => ({
      subnet: r.subnetId,
      routeTable: {
        id: r.table.id,
        name: r.table.name,
        new: !r.table.exists,
        ...(r.table.location && { location: r.table.location }),
      },
      routes: [
        {
          name: r.defaultRoute.name,
          addressPrefix: '0.0.0.0/0',
          nextHopType: 'VirtualAppliance',
          nextHopIpAddress: r.nextHop,
        },
        ...(r.publicIpRoute
          ? [{ name: r.publicIpRoute.name, addressPrefix: r.publicIpRoute.prefix, nextHopType: 'Internet' }]
          : []),
      ],
      associate: r.associate,
    })),
    ...(plan.hubRouting && { hubRouting: plan.hubRouting }),
    ...(plan.outboundType && {
      outboundType: {
        cluster: plan.cluster.id,
        from: plan.outboundType.from,
        to: 'userDefinedRouting',
        supported: plan.outboundType.supported,
      },
    }),
    warnings: plan.warnings,
    notes: plan.notes,
  };
}
