import type { Destination, Firewall, FirewallProgram } from '@aro-aks-audit/auditor';
import type { ResolvedEndpoint } from './catalog/resolve.ts';

const resourceGroupOf = (id: string) => /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '<resource-group>';
const quote = (s: string) => (/^[\w.,=:/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * An Azure CLI command that allows one endpoint for the given sources, for the firewall's kind of
 * rules (Firewall Policy or classic), and the equivalent rule JSON for a policy rule collection.
 */
export function allowCommandFor(
  firewall: Firewall,
  program: FirewallProgram,
  endpoint: ResolvedEndpoint,
  destination: Destination,
  sources: string[],
  names: { collection: string; rule: string },
): { cli: string; json: unknown } {
  const placement = placementIn(program, destination.kind === 'fqdn' ? 'application' : 'network', sources);
  const fqdn = destination.kind === 'fqdn' ? destination.pattern : undefined;
  const addresses =
    destination.kind === 'service-tag'
      ? [destination.tag]
      : destination.kind === 'addresses'
        ? destination.addresses
        : ['*'];
  const port = String(endpoint.entry.port);
  const json = fqdn
    ? {
        ruleType: 'ApplicationRule',
        name: names.rule,
        sourceAddresses: sources,
        protocols: [{ protocolType: endpoint.entry.applicationProtocol ?? 'Https', port: endpoint.entry.port }],
        targetFqdns: [fqdn],
      }
    : {
        ruleType: 'NetworkRule',
        name: names.rule,
        ipProtocols: [endpoint.entry.protocol],
        sourceAddresses: sources,
        destinationAddresses: addresses,
        destinationPorts: [port],
      };
  const src = sources.map(quote).join(' ');
  const ruleArgs = fqdn
    ? `--protocols ${endpoint.entry.applicationProtocol ?? 'Https'}=${port} --target-fqdns ${quote(fqdn)}`
    : `--ip-protocols ${endpoint.entry.protocol} --destination-addresses ${addresses.map(quote).join(' ')} --destination-ports ${port}`;
  if (program.source === 'classic') {
    const verb = fqdn ? 'application-rule' : 'network-rule';
    const classicArgs = fqdn
      ? ruleArgs
      : `--protocols ${endpoint.entry.protocol} --destination-addresses ${addresses.map(quote).join(' ')} --destination-ports ${port}`;
    return {
      cli: `az network firewall ${verb} create --resource-group ${resourceGroupOf(firewall.id)} --firewall-name ${firewall.name} --collection-name ${names.collection} --priority 65000 --action Allow --name ${names.rule} --source-addresses ${src} ${classicArgs}`,
      json,
    };
  }
  const policyId = placement.policyId ?? firewall.policyId ?? '';
  const policyName = policyId.split('/').at(-1) ?? '<policy>';
  return {
    cli: `az network firewall policy rule-collection-group collection add-filter-collection --resource-group ${resourceGroupOf(policyId)} --policy-name ${policyName} --rcg-name ${placement.group} --name ${names.collection} --collection-priority ${placement.priority} --action Allow --rule-name ${names.rule} --rule-type ${fqdn ? 'ApplicationRule' : 'NetworkRule'} --source-addresses ${src} ${ruleArgs}`,
    json,
  };
}

/**
 * Where a new allow collection takes effect when nothing matches today (the default deny decides):
 * in the group that already allows these sources other endpoints of the same rule type, after its
 * collections; otherwise in the child policy. When an explicit deny decides, the check's remediation
 * text says to move the allow before it.
 */
function placementIn(
  program: FirewallProgram,
  kind: 'application' | 'network',
  sources: string[],
): { policyId?: string; group: string; priority: number } {
  const allows = program[kind].filter((e) => e.action === 'Allow' && e.group);
  const sameSources = allows.find((e) => sources.some((s) => e.rule.sourceAddresses.includes(s)));
  const chosen = sameSources ?? allows.find((e) => e.policy === program.policyChain.at(-1));
  if (!chosen?.group) return { group: '<rule-collection-group>', priority: 65000 };
  const highest = Math.max(
    ...allows
      .filter((e) => e.group === chosen.group && e.policyId === chosen.policyId)
      .map((e) => e.collectionPriority),
  );
  return { policyId: chosen.policyId, group: chosen.group, priority: Math.min(highest + 10, 65000) };
}
