import { stat } from 'node:fs/promises';
import { normalizeResources } from '@aro-aks-audit/auditor';
import { collectFiles } from '@aro-aks-audit/auditor/io';
import { fixFor } from '@aro-aks-audit/rules';
import { type Command, Option } from 'commander';
import { EXIT } from './exit-codes.ts';
import type { Io } from './io.ts';

interface FixOptions {
  input?: string;
  cluster?: string;
  format: 'cli' | 'json';
}

async function run(options: FixOptions, io: Io): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`error: ${message}\n`);
    return EXIT.usage;
  };
  if (!options.input || !options.cluster) return fail('fix needs --input DIR and --cluster NAME');
  if (
    !(await stat(options.input).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    return fail(`--input ${options.input}: not a directory`);
  const collected = await collectFiles(options.input);
  const { inventory, errors } = normalizeResources(collected.resources);
  for (const e of [...collected.errors, ...errors])
    io.stderr(`warning: ${e.file ?? e.resourceId ?? 'input'}: ${e.message}\n`);
  const cluster = inventory.clusters.find((c) => c.name.toLowerCase() === options.cluster?.toLowerCase());
  if (!cluster) return fail(`no cluster named ${options.cluster} in ${options.input}`);
  const fix = fixFor(cluster, inventory, {});
  if ('error' in fix) return fail(fix.error);
  if (options.format === 'json') io.stdout(`${JSON.stringify(fix.json, null, 2)}\n`);
  else io.stdout(`${fix.commands.join('\n\n')}\n`);
  for (const note of fix.notes) io.stderr(`note: ${note}\n`);
  return EXIT.clean;
}

/** `aro-aks-audit fix`: the least-privilege rule collection group that allows everything a cluster requires. */
export function addFixCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('fix')
    .description(
      "print the least-privilege rule collection group that allows every endpoint a cluster requires, from the cluster's egress sources",
    )
    .option('-i, --input <dir>', 'ARM JSON files under this directory')
    .option('--cluster <name>', 'the cluster')
    .addOption(
      new Option('-f, --format <format>', 'Azure CLI commands or the rule collection group as ARM JSON')
        .choices(['cli', 'json'])
        .default('cli'),
    )
    .action(async (options: FixOptions) => setExitCode(await run(options, io)));
}
