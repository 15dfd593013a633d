/**
 * The options that decide what an audit judges, shared by every command that audits: what the user
 * says about a cluster that its Azure resource does not show (`--features`, `--aro-egress-lockdown`,
 * `--cluster-cidr`) and the accepted risks (`--suppressions`). One registration and one parser, so
 * that the audit, `what-if`, `fix` and `explain` judge the same clusters the same way: a command that
 * took fewer would answer for other clusters than the audit the same user runs.
 */
import { type AuditError, type Inventory, idKey, parseAddressSpec } from '@aro-aks-audit/auditor';
import type { ClusterDeclaration, RulesSettings } from '@aro-aks-audit/rules';
import type { Command } from 'commander';
import type { AuditOptions } from './audit.ts';
import { parseFeatures } from './endpoints.ts';
import { readSuppressions } from './schedule.ts';

/** The cluster facts as the command line gives them, each option repeatable. */
export interface ClusterFactOptions {
  clusterCidr: string[];
  features: string[];
  aroEgressLockdown: string[];
}

/** What the audit reads of the cluster facts and accepted risks (audit.ts's options). */
export type AuditFacts = Pick<AuditOptions, 'clusterCidrs' | 'settings' | 'suppressions'>;

const collect = (value: string, previous: string[]) => [...previous, value];

/** `--cluster-cidr`, `--features`, `--aro-egress-lockdown`: their names and help, the same on every command. */
export function addClusterFactOptions(command: Command): Command {
  return command
    .option(
      '--cluster-cidr <name=cidrs>',
      'egress source CIDRs of a cluster outside Azure, e.g. arc-edge-01=10.60.8.0/24 (repeatable)',
      collect,
      [],
    )
    .option(
      '--features <name=list>',
      'features a cluster uses that its resource does not show, e.g. aks-prod=gitops,extensions (repeatable)',
      collect,
      [],
    )
    .option(
      '--aro-egress-lockdown <name=on|off>',
      'egress lockdown of an ARO cluster (default: assumed on; repeatable)',
      collect,
      [],
    );
}

export function addSuppressionsOption(command: Command): Command {
  return command.option(
    '--suppressions <file>',
    'accepted risks (YAML, see README): matching findings are kept, marked, not failing',
  );
}

/** `--features NAME=a,b` and `--aro-egress-lockdown NAME=on|off` as rules settings, or a usage error. */
function clusterDeclarations(features: readonly string[], lockdown: readonly string[]): RulesSettings | string {
  const clusters: Record<string, ClusterDeclaration> = {};
  for (const spec of features) {
    const [name, list] = spec.split('=');
    if (!name || !list) return `--features ${spec}: expected NAME=feature[,feature]`;
    try {
      clusters[name.toLowerCase()] = { ...clusters[name.toLowerCase()], features: parseFeatures(list) };
    } catch (error) {
      return `--features ${spec}: ${(error as Error).message}`;
    }
  }
  for (const spec of lockdown) {
    const [name, state] = spec.split('=');
    if (!name || (state !== 'on' && state !== 'off'))
      return `--aro-egress-lockdown ${spec}: expected NAME=on or NAME=off`;
    clusters[name.toLowerCase()] = { ...clusters[name.toLowerCase()], aroEgressLockdown: state === 'on' };
  }
  return { clusters };
}

/** `NAME=CIDR[,CIDR]` → the name and the ranges; what is wrong with it otherwise. */
function parseClusterCidr(spec: string): { name: string; ranges: string[] } | { error: string } {
  const at = spec.indexOf('=');
  const name = at < 0 ? spec : spec.slice(0, at);
  const ranges = (at < 0 ? '' : spec.slice(at + 1))
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const invalid = ranges.filter((c) => parseAddressSpec(c).kind !== 'ranges');
  if (!name || ranges.length === 0) return { error: `--cluster-cidr ${spec}: expected NAME=CIDR[,CIDR]` };
  if (invalid.length > 0) return { error: `--cluster-cidr ${spec}: not CIDRs: ${invalid.join(', ')}` };
  return { name, ranges };
}

/**
 * The cluster facts as the audit takes them, or the usage error of the first one that is not well
 * formed. Whether a named cluster exists is the input's to say (applyClusterCidrs).
 */
export function parseClusterFacts(options: ClusterFactOptions): Pick<AuditFacts, 'clusterCidrs' | 'settings'> | string {
  const settings = clusterDeclarations(options.features, options.aroEgressLockdown);
  if (typeof settings === 'string') return settings;
  for (const spec of options.clusterCidr) {
    const parsed = parseClusterCidr(spec);
    if ('error' in parsed) return parsed.error;
  }
  return { clusterCidrs: options.clusterCidr, settings };
}

/** The cluster facts and the `--suppressions` file, or the usage error that one of them is. */
export async function readAuditFacts(
  options: ClusterFactOptions & { suppressions?: string },
): Promise<AuditFacts | { error: string }> {
  const facts = parseClusterFacts(options);
  if (typeof facts === 'string') return { error: facts };
  if (!options.suppressions) return facts;
  const suppressions = await readSuppressions(options.suppressions);
  return suppressions && 'error' in suppressions ? { error: suppressions.error } : { ...facts, suppressions };
}

/**
 * Gives each cluster named by `--cluster-cidr` its declared egress ranges; an entry that names no
 * cluster of the inventory (by name or id), or is not well formed, is an error naming it.
 */
export function applyClusterCidrs(inventory: Inventory, specs: readonly string[]): AuditError[] {
  const errors: AuditError[] = [];
  for (const spec of specs) {
    const parsed = parseClusterCidr(spec);
    if ('error' in parsed) {
      errors.push({ source: `--cluster-cidr ${spec}`, message: parsed.error.slice(`--cluster-cidr ${spec}: `.length) });
      continue;
    }
    const { name, ranges } = parsed;
    const cluster = inventory.clusters.find(
      (c) => c.name.toLowerCase() === name.toLowerCase() || idKey(c.id) === idKey(name),
    );
    if (!cluster) {
      errors.push({ source: `--cluster-cidr ${spec}`, message: `no cluster named ${name} in the input` });
      continue;
    }
    cluster.declaredEgressCidrs = ranges;
  }
  return errors;
}
