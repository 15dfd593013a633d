/**
 * `aro-aks-audit what-if`: judges a proposed change before it ships. Today's state (`--input DIR`, or
 * read live) and the proposed state (today's with every `--change` applied) are audited by the same
 * checks; the result is the difference: the findings the change introduces and resolves, and the
 * cluster × endpoint verdicts it moves. Reading files and Azure is done here; parsing and applying a
 * change and comparing the audits is the auditor's, pure.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type AuditResult,
  applyChanges,
  type ChangeSet,
  type CollectedResources,
  compareAudits,
  directoryChangeSet,
  markUnknowns,
  parseChangeDocument,
  renderWhatIfHtml,
  renderWhatIfJson,
  renderWhatIfMarkdown,
  renderWhatIfSarif,
  SEVERITIES,
  type Severity,
  type WhatIfResult,
} from '@aro-aks-audit/auditor';
import { collectFiles, decodeText, jsonErrorLocation } from '@aro-aks-audit/auditor/io';
import { type Command, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { type AuditOptions, auditCollected } from './audit.ts';
import {
  type AuditFacts,
  addClusterFactOptions,
  addSuppressionsOption,
  type ClusterFactOptions,
  readAuditFacts,
} from './audit-options.ts';
import { EXIT, exitCodeOf } from './exit-codes.ts';
import { parseFormatList } from './format-list.ts';
import type { Io } from './io.ts';
import { addLiveOptions, collectLive, type LiveOptions, liveTarget } from './live.ts';
import { prepareOutDir } from './out-dir.ts';

const FORMATS = {
  json: { file: 'whatif.json', render: (w: WhatIfResult) => renderWhatIfJson(w) },
  md: { file: 'whatif.md', render: (w: WhatIfResult) => renderWhatIfMarkdown(w) },
  sarif: {
    file: 'whatif.sarif',
    render: (w: WhatIfResult, proposed: AuditResult) => renderWhatIfSarif(w, proposed, { root: process.cwd() }),
  },
  html: { file: 'whatif.html', render: (w: WhatIfResult, proposed: AuditResult) => renderWhatIfHtml(w, proposed) },
} satisfies Record<string, { file: string; render: (whatIf: WhatIfResult, proposed: AuditResult) => string }>;
type Format = keyof typeof FORMATS;

const parseFormats = (value: string) => parseFormatList(value, Object.keys(FORMATS) as Format[]);

interface WhatIfOptions extends LiveOptions, ClusterFactOptions {
  input?: string;
  change: string[];
  /** Refused: see LOGS_DESCRIBE_TODAY. */
  logs: string[];
  suppressions?: string;
  out: string;
  format: Format[];
  failOn: Severity | 'none';
}

const isDirectory = (p: string) =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** A `--change` as a change set, or the usage error that it cannot be read as one. */
async function readChange(file: string, today: CollectedResources): Promise<ChangeSet | { error: string }> {
  if (await isDirectory(file)) return directoryChangeSet(await collectFiles(file), today.resources, file);
  let text: string;
  try {
    text = decodeText(await readFile(file));
  } catch (error) {
    return { error: `--change ${file}: cannot be read: ${(error as Error).message}` };
  }
  let doc: unknown;
  try {
    // decodeText has dropped the byte order mark.
    doc = JSON.parse(text);
  } catch (error) {
    const { line, column, reason } = jsonErrorLocation(text, error);
    return { error: `--change ${file}:${line}:${column}: not valid JSON: ${reason}` };
  }
  return parseChangeDocument(doc, file, today.resources);
}

/**
 * Firewall logs are a record of today's traffic through today's rules: read into one state only, the
 * findings they add would read as resolved (or introduced) by the change; read into both, the proposed
 * rules would be judged by traffic they never saw. So what-if reads none, and says so.
 */
const LOGS_DESCRIBE_TODAY =
  "firewall logs describe today's traffic only, not the proposed state's, so what-if reads none: audit today's state with them (aro-aks-audit --input DIR --logs FILE) and judge the change without them";

/**
 * Today's state and the proposed one (today's with the change sets applied), audited by the same
 * checks with the same cluster facts and accepted risks (`facts`, as the audit takes them), and the
 * difference. `proposed` is the proposed state's audit, which the reports show.
 */
export async function judgeChanges(
  today: CollectedResources,
  sets: readonly ChangeSet[],
  { inputs, changes, now, facts }: { inputs: string[]; changes: string[]; now: Date; facts?: AuditFacts },
): Promise<{ result: WhatIfResult; proposed: AuditResult }> {
  const state = applyChanges(today, sets);
  const options: AuditOptions & { inputs: string[] } = {
    clusterCidrs: [],
    ...facts,
    logs: [],
    now,
    version: pkg.version,
    inputs,
  };
  const before = await auditCollected(today, options);
  const proposed = await auditCollected(state.collected, {
    ...options,
    inputs: [...inputs, ...changes],
    amendInventory: (inventory) => markUnknowns(inventory, state.unknowns),
  });
  const result = compareAudits({
    before,
    after: proposed,
    changes: state.changes,
    changeErrors: state.errors,
    notes: state.notes,
    inputs: { today: inputs, changes },
  });
  return { result, proposed };
}

async function run(options: WhatIfOptions, io: Io): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`error: ${message}\n`);
    return EXIT.usage;
  };
  const progress = (text: string) => options.quiet || io.stderr(text);
  const live = await liveTarget(options);
  if (live && 'error' in live) return fail(live.error);
  if (options.change.length === 0) return fail('what-if needs at least one --change FILE');
  if (!options.input && !live)
    return fail(
      '--input <dir>, or a live scope (--subscription, --all-subscriptions, --management-group), is required',
    );
  if (options.input && live)
    return fail(
      '--input and a live scope (--subscription, --all-subscriptions, --management-group) exclude each other',
    );
  if (options.input && !(await isDirectory(options.input))) return fail(`--input ${options.input}: not a directory`);
  const logOptions = [options.logs.length > 0 && '--logs', options.workspace.length > 0 && '--workspace'];
  const givenLogs = logOptions.filter((o): o is string => typeof o === 'string');
  if (givenLogs.length > 0) return fail(`${givenLogs.join(' and ')}: ${LOGS_DESCRIBE_TODAY}`);
  const facts = await readAuditFacts(options);
  if ('error' in facts) return fail(facts.error);
  // Before anything is read, as the audit does (out-dir.ts): never a recursive mkdir, never into --input.
  const outDir = await prepareOutDir(options.out, options.input ? [options.input] : []);
  if ('error' in outDir) return fail(outDir.error);

  let today: CollectedResources;
  let inputs: string[];
  if (live) {
    progress('reading Azure\n');
    const collected = await collectLive(live, options, io);
    today = collected.collected;
    inputs = collected.inputs;
  } else {
    const input = options.input ?? '';
    progress(`reading ${input}\n`);
    today = await collectFiles(input);
    inputs = [path.resolve(input)];
  }
  const sets: ChangeSet[] = [];
  for (const file of options.change) {
    const set = await readChange(file, today);
    if ('error' in set) return fail(set.error);
    progress(`read ${file}: ${set.format}, ${set.changes.length} changes\n`);
    sets.push(set);
  }
  const { result, proposed } = await judgeChanges(today, sets, {
    inputs,
    changes: options.change.map((c) => path.resolve(c)),
    now: io.now(),
    facts,
  });
  for (const error of result.errors) io.stderr(`warning: ${error.source}: ${error.message}\n`);
  for (const format of options.format) {
    const file = path.join(options.out, FORMATS[format].file);
    await writeFile(file, FORMATS[format].render(result, proposed));
    progress(`wrote ${file}\n`);
  }
  if (!options.quiet)
    io.stdout(
      `${result.verdict}\n${result.introduced.length} introduced, ${result.resolved.length} resolved, ${result.unchanged} unchanged open findings; ${result.verdictChanges.length} verdict changes.\n`,
    );
  return exitCodeOf(result.introduced, result.incomplete, options.failOn);
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addWhatIfCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command('what-if')
    .description(
      "judge a proposed change before it ships: audit today's state and the state with the change applied, and report the difference",
    )
    .option(
      '-i, --input <dir>',
      "today's state: ARM JSON files under this directory (or read it live, see --subscription)",
    )
    .option(
      '-c, --change <file>',
      'an ARM what-if result (az deployment … what-if --no-pretty-print, or the REST result), a Terraform plan in JSON (terraform show -json PLANFILE) or a directory of ARM JSON; repeatable, applied in order',
      collect,
      [],
    )
    .option('-o, --out <dir>', 'directory to write whatif.json, whatif.md, whatif.sarif and whatif.html to', 'out')
    .option(
      '-f, --format <list>',
      `report formats, comma-separated (${Object.keys(FORMATS).join(', ')})`,
      parseFormats,
      Object.keys(FORMATS) as Format[],
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when the change introduces a failing finding of this severity or higher',
      )
        .choices([...SEVERITIES, 'none'])
        .default('high'),
    );
  addClusterFactOptions(command);
  addSuppressionsOption(command)
    .option('-q, --quiet', 'print only warnings and errors (stderr): no progress or verdict line')
    .addOption(new Option('--logs <file>').hideHelp().argParser(collect).default([]))
    .addHelpText(
      'after',
      `\nFirewall logs are not taken (--logs, --workspace): ${LOGS_DESCRIBE_TODAY}.\n\nExit codes:\n  ${EXIT.clean}  the change introduces no failing finding at or above --fail-on, and everything was read and applied\n  ${EXIT.findings}  the change introduces a failing finding at or above --fail-on (resolved findings never fail it)\n  ${EXIT.usage}  usage error, or a --change or the input cannot be read at all\n  ${EXIT.incomplete}  incomplete: no introduced failing finding at or above --fail-on, but some input or some of the change could not be read or applied, or a value is known only after the change (not a clean result)`,
    );
  addLiveOptions(command, { logs: false });
  command.action(async (options: WhatIfOptions) => setExitCode(await run(options, io)));
}
