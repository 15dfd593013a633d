/**
 * Re-audits the input with a fix applied: the open findings it resolves and the ones it would raise
 * (a rule made redundant, a wildcard over a shared domain, a route that still bypasses), so the fix is
 * proposed with its consequences rather than discovered at the next audit.
 */
import {
  type Finding,
  type Inventory,
  isOpen,
  isOptionalEndpointNotice,
  optionalEndpointKeys,
  runAudit,
} from '@aro-aks-audit/auditor';
import { ALL_CHECKS } from '../checks/index.ts';
import type { RulesSettings } from '../settings.ts';
import { applyFix } from './apply.ts';
import type { ClusterFixPlan } from './plan.ts';
import type { FixCheck } from './render.ts';

/** The open findings of an audit, but for the optional endpoints left denied: a least-privilege choice, not a problem. */
function open(inventory: Inventory, settings: RulesSettings): Finding[] {
  const result = runAudit(ALL_CHECKS, {
    inventory,
    settings,
    tool: { name: 'aro-aks-audit', version: 'fix-check' },
    generatedAt: new Date(0),
    inputs: [],
    errors: [],
  });
  const optional = optionalEndpointKeys(result);
  return result.findings.filter((f) => isOpen(f) && !isOptionalEndpointNotice(f, optional));
}

const describe = (f: Finding) => `${f.code} ${f.checkId}: ${f.title}`;

export function checkFix(inventory: Inventory, plan: ClusterFixPlan, settings: RulesSettings): FixCheck {
  const before = open(inventory, settings);
  const after = open(applyFix(inventory, plan), settings);
  const had = new Set(before.map((f) => f.id));
  const has = new Set(after.map((f) => f.id));
  return {
    resolved: before.filter((f) => !has.has(f.id)).map(describe),
    raised: after.filter((f) => !had.has(f.id)).map(describe),
  };
}
