import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createAnalysis, normalizeResources } from '@aro-aks-audit/auditor';
import { collectFiles } from '@aro-aks-audit/auditor/io';
import {
  checkFix,
  fixJsonOf,
  planFix,
  type RulesSettings,
  renderFixScript,
  tighteningsFor,
} from '@aro-aks-audit/rules';
import { type Command, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import {
  addClusterFactOptions,
  applyClusterCidrs,
  type ClusterFactOptions,
  parseClusterFacts,
} from './audit-options.ts';
import { printable } from './console.ts';
import { EXIT } from './exit-codes.ts';
import type { Io } from './io.ts';

interface FixOptions extends ClusterFactOptions {
  input?: string;
  cluster?: string;
  format: 'cli' | 'json';
  tighten?: boolean;
}

/** One line per tightening: what the rule adds, then the commands (or comments) that narrow it. */
function renderTightenings(tightenings: ReturnType<typeof tighteningsFor>, header: string[]): string {
  const lines = [...header];
  if (tightenings.length === 0)
    lines.push(
      '# Nothing to tighten: no allow rule lets the cluster reach beyond its required and optional endpoints.',
    );
  for (const t of tightenings) {
    lines.push(
      '',
      `# ${t.rule} (firewall ${t.firewall}) also allows ${t.adds}.`,
      t.replacement
        ? '# Replace it with the rule narrowed to what the cluster needs of it:'
        : '# The cluster needs nothing of it: remove it.',
      ...(t.caution ? [`# Caution: ${t.caution}.`] : []),
      ...t.commands,
    );
  }
  return `${lines.map(printable).join('\n')}\n`;
}

async function run(options: FixOptions, io: Io): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`error: ${message}\n`);
    return EXIT.usage;
  };
  if (!options.input || !options.cluster) return fail('fix needs --input DIR and --cluster NAME');
  const isDirectory = await stat(options.input).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) return fail(`--input ${options.input}: not a directory`);
  const facts = parseClusterFacts(options);
  if (typeof facts === 'string') return fail(facts);
  const collected = await collectFiles(options.input);
  const { inventory, errors } = normalizeResources(collected.resources);
  for (const e of [...collected.errors, ...errors])
    io.stderr(`warning: ${printable(e.file ?? e.resourceId ?? 'input')}: ${printable(e.message)}\n`);
  const cluster = inventory.clusters.find((c) => c.name.toLowerCase() === options.cluster?.toLowerCase());
  if (!cluster) return fail(`no cluster named ${options.cluster} in ${options.input}`);
  // A fix for ranges or features other than the audit's would add the wrong rules: a usage error, not a warning.
  const [cidrError] = applyClusterCidrs(inventory, facts.clusterCidrs);
  if (cidrError) return fail(`${cidrError.source}: ${cidrError.message}`);
  const settings: RulesSettings = facts.settings ?? {};
  const context = { inventory, analysis: createAnalysis(inventory), settings, now: io.now() };
  const header = {
    generatedAt: io.now().toISOString(),
    tool: { name: 'aro-aks-audit', version: pkg.version },
    input: path.resolve(options.input),
  };
  if (options.tighten) {
    const tightenings = tighteningsFor(cluster, context);
    if (options.format === 'json')
      io.stdout(`${JSON.stringify({ cluster: cluster.id, ...header, tightenings }, null, 2)}\n`);
    else
      io.stdout(
        renderTightenings(tightenings, [
          `# aro-aks-audit fix --tighten for ${cluster.kind.toUpperCase()} cluster ${cluster.name}`,
          `# Generated ${header.generatedAt} by aro-aks-audit ${pkg.version} from ${header.input}.`,
          '# The rule commands need the Azure CLI extension azure-firewall: az extension add --name azure-firewall',
        ]),
      );
    return EXIT.clean;
  }
  const plan = planFix(cluster, context);
  if (options.format === 'json') io.stdout(`${JSON.stringify(fixJsonOf(plan, header), null, 2)}\n`);
  else io.stdout(renderFixScript(plan, header, checkFix(inventory, plan, settings)));
  return EXIT.clean;
}

/** `aro-aks-audit fix`: what a cluster is missing, as commands to paste (or JSON), and `--tighten`. */
export function addFixCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command('fix')
    .description(
      'print the Azure CLI commands that add what a cluster is missing: allow rules for the required endpoints its firewall does not allow, and for a subnet that bypasses the firewall the route and outbound type; --tighten narrows the rules that allow it more than it needs',
    )
    .option('-i, --input <dir>', 'ARM JSON files under this directory')
    .option('--cluster <name>', 'the cluster')
    .option(
      '--tighten',
      'instead: narrow every allow rule that lets the cluster reach beyond its required and optional endpoints',
    )
    .addOption(
      new Option('-f, --format <format>', 'Azure CLI commands, or the changes as JSON')
        .choices(['cli', 'json'])
        .default('cli'),
    );
  addClusterFactOptions(command).action(async (options: FixOptions) => setExitCode(await run(options, io)));
}
