/**
 * `aro-aks-audit snapshot`: collects a live scope and writes it as the offline input contract
 * (DIR/arm/*.json, plus DIR/arm/snapshot.json with what could not be read), so the audit of
 * `--input DIR/arm` equals the live audit. It refuses to write into a non-empty DIR/arm: a snapshot
 * mixed with older files would not be the environment as it was read.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizeResources } from '@aro-aks-audit/auditor';
import { logEvidenceDocument, logEvidenceFileName, snapshotDocuments } from '@aro-aks-audit/auditor/io';
import type { Command } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { EXIT } from './exit-codes.ts';
import type { Io } from './io.ts';
import { addLiveOptions, collectLive, type LiveOptions, liveTarget } from './live.ts';

interface SnapshotOptions extends LiveOptions {
  out: string;
}

async function run(options: SnapshotOptions, io: Io): Promise<number> {
  const target = await liveTarget(options);
  if (!target || 'error' in target) {
    io.stderr(
      `error: ${target ? target.error : 'snapshot needs a live scope: --subscription, --all-subscriptions or --management-group'}\n`,
    );
    return EXIT.usage;
  }
  const armDir = path.join(options.out, 'arm');
  const existing = await readdir(armDir).catch(() => [] as string[]);
  if (existing.length > 0) {
    io.stderr(`error: ${armDir} is not empty; a snapshot goes into an empty folder\n`);
    return EXIT.usage;
  }
  const { collected, connection, gatherLogEvidence } = await collectLive(target, options, io);
  // What Log Analytics answered, for the collected inventory's clusters and subnets: written beside
  // the ARM files and read back by --input, so the snapshot's audit sees the live audit's log evidence.
  const logEvidence = await gatherLogEvidence(normalizeResources(collected.resources).inventory);
  const documents = snapshotDocuments(collected, {
    tool: { name: 'aro-aks-audit', version: pkg.version },
    generatedAt: io.now().toISOString(),
    source: {
      cloud: connection.endpoints.cloud,
      arm: connection.endpoints.arm,
      scope: target.scope,
      subscriptions: collected.subscriptions,
    },
  });
  documents.push(
    ...logEvidence.map((evidence, i) => ({ path: logEvidenceFileName(i), body: logEvidenceDocument(evidence) })),
  );
  const logErrors = logEvidence.flatMap((e) => e.sources.filter((s) => s.error !== undefined));
  await mkdir(armDir, { recursive: true });
  for (const document of documents)
    await writeFile(path.join(armDir, ...document.path.split('/')), `${JSON.stringify(document.body, null, 2)}\n`);
  for (const error of collected.errors) io.stderr(`warning: ${error.resourceId ?? 'azure'}: ${error.message}\n`);
  for (const source of logErrors) io.stderr(`warning: ${source.source}: ${source.error}\n`);
  if (!options.quiet)
    io.stderr(`wrote ${documents.length} files to ${armDir}; audit them with: aro-aks-audit --input ${armDir}\n`);
  return collected.errors.length > 0 || logErrors.length > 0 ? EXIT.incomplete : EXIT.clean;
}

export function addSnapshotCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command('snapshot')
    .description(
      'read a live Azure scope and write it as the offline input contract into DIR/arm, to audit later with --input DIR/arm',
    )
    .requiredOption('-o, --out <dir>', 'the folder to write the snapshot into')
    .option('-q, --quiet', 'print only warnings and errors (stderr): no progress or notes');
  addLiveOptions(command);
  command.action(async (options: SnapshotOptions) => setExitCode(await run(options, io)));
}
