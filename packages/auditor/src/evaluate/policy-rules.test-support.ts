/** The firewall and policy that the rule containment and shadowing tests put their rules in. */
import { collection, firewall, inventoryOf, policy, ruleGroup } from '@aro-aks-audit/testing';
import type { ApplicationRule, IpGroup, NetworkRule } from '../model/inventory.ts';
import { compileFirewallProgram, type FirewallProgram } from './program.ts';

export type Rule = ApplicationRule | NetworkRule;

/** afw in vnet-hub, with policy afwp. */
export const fw = firewall('afw', { privateIp: '10.0.1.4', vnet: 'vnet-hub', policy: 'afwp' });

export interface PolicyOptions {
  /** DNS proxy on the policy (default on). */
  dnsProxy?: boolean;
  ipGroups?: IpGroup[];
}

/** afw's program when afwp's one rule collection group `rcg` holds these collections. */
export function programOfCollections(
  collections: Parameters<typeof ruleGroup>[3],
  options: PolicyOptions = {},
): { program: FirewallProgram; ipGroups: IpGroup[] } {
  const inventory = inventoryOf(
    fw,
    policy('afwp', { groups: ['rcg'], dnsProxy: options.dnsProxy ?? true }),
    ruleGroup('afwp', 'rcg', 100, collections),
    ...(options.ipGroups ?? []),
  );
  const compiled = compileFirewallProgram(inventory, fw);
  if (!compiled.ok) throw new Error(compiled.cause);
  return { program: compiled.program, ipGroups: inventory.ipGroups };
}

/** afw's program when the rules are one Allow collection `c`. */
export const programOf = (rules: Rule[], options: PolicyOptions = {}) =>
  programOfCollections([collection('c', 100, 'Allow', rules)], options);
