import { type IpGroup, idKey } from '../model/inventory.ts';
import { mergedRangesOverlap, subtractRanges } from './addresses.ts';
import { type PreparedApplicationRule, type PreparedNetworkRule, prepareProgram, sourceRangesOf } from './prepared.ts';
import type { FirewallProgram } from './program.ts';

export type { PreparedApplicationRule, PreparedNetworkRule } from './prepared.ts';

/** An allow rule that matches traffic from some of the given sources. */
export interface ReachingRule {
  prepared: PreparedNetworkRule | PreparedApplicationRule;
  /** The rule's sources, as written (addresses, IP group names), that hold addresses outside the given ones. */
  otherSources: string[];
}

/**
 * Every allow rule (network, then application, in processing order) whose sources include some of
 * these sources: what traffic from them may be let through, rule by rule. Rules that name an IP group
 * missing from the input are included when their known addresses match; that they may match more is
 * the unknown-rule-reference check's finding.
 */
export function allowRulesFrom(
  program: FirewallProgram,
  sources: readonly string[],
  ipGroups: readonly IpGroup[],
): ReachingRule[] {
  const from = sourceRangesOf(sources, [], new Map()).ranges;
  if (from.length === 0) return [];
  const prepared = prepareProgram(program, ipGroups);
  const groups = new Map(ipGroups.map((g) => [idKey(g.id), g]));
  const outside = (addresses: readonly string[]) =>
    subtractRanges(sourceRangesOf(addresses, [], new Map()).ranges, from).length > 0;
  return [...prepared.rules.network, ...prepared.rules.application]
    .filter((rule) => rule.entry.action === 'Allow' && mergedRangesOverlap(rule.sources.ranges, from))
    .map((rule) => ({
      prepared: rule,
      otherSources: [
        ...rule.rule.sourceAddresses.filter((a) => outside([a])),
        ...rule.rule.sourceIpGroups
          .filter((id) => outside(groups.get(idKey(id))?.ipAddresses ?? []))
          .map((id) => `IP group ${id.split('/').at(-1)}`),
      ],
    }));
}
