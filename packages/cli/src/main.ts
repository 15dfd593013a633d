import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  type AuditResult,
  compareWithBaseline,
  renderCsvChunks,
  renderHtml,
  renderJsonChunks,
  renderMarkdown,
  renderOcsf,
  renderSarif,
  SEVERITIES,
  type Severity,
  visibleText,
} from '@aro-aks-audit/auditor';
import { prepareLogWorkers } from '@aro-aks-audit/auditor/io';
import { Command, CommanderError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { auditCollected, auditDirectory } from './audit.ts';
import {
  addClusterFactOptions,
  addSuppressionsOption,
  type ClusterFactOptions,
  readAuditFacts,
} from './audit-options.ts';
import { printable, renderConsoleSummary } from './console.ts';
import { addEndpointsCommand } from './endpoints.ts';
import { EXIT, exitCodeOf } from './exit-codes.ts';
import { addExplainCommand } from './explain.ts';
import { addFixCommand } from './fix.ts';
import { parseFormatList } from './format-list.ts';
import type { Io } from './io.ts';
import { addLiveOptions, collectLive, type LiveOptions, liveTarget } from './live.ts';
import { prepareOutDir } from './out-dir.ts';
import { readBaseline, stampedName } from './schedule.ts';
import { describeSignInFailure } from './sign-in.ts';
import { addSnapshotCommand } from './snapshot.ts';
import { closest } from './text.ts';
import { addWhatIfCommand } from './what-if.ts';

export type { Io } from './io.ts';

/** What a report may depend on besides the result: the directory SARIF locations are relative to. */
interface RenderContext {
  cwd: string;
}

const FORMATS = {
  json: { file: 'findings.json', render: renderJsonChunks },
  csv: { file: 'findings.csv', render: renderCsvChunks },
  html: { file: 'report.html', render: (result) => renderHtml(result) },
  sarif: { file: 'findings.sarif', render: (result, { cwd }) => renderSarif(result, { root: cwd }) },
  md: { file: 'summary.md', render: renderMarkdown },
  ocsf: { file: 'findings.ocsf.json', render: renderOcsf },
} satisfies Record<
  string,
  { file: string; render: (result: AuditResult, context: RenderContext) => string | Iterable<string> }
>;
type Format = keyof typeof FORMATS;
/** Every format by default: the files are small and each has its reader (see README, Outputs). */
const DEFAULT_FORMATS = Object.keys(FORMATS) as Format[];

const parseFormats = (value: string) => parseFormatList(value, Object.keys(FORMATS) as Format[]);

/** Writes a report given whole or in pieces; pieces are gathered to about 1 MB a write. */
async function writeReport(file: string, content: string | Iterable<string>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    if (typeof content === 'string') {
      await handle.writeFile(content);
      return;
    }
    let pending = '';
    for (const piece of content) {
      pending += piece;
      if (pending.length >= 1 << 20) {
        await handle.write(pending);
        pending = '';
      }
    }
    if (pending) await handle.write(pending);
  } finally {
    await handle.close();
  }
}

export function exitCodeFor(result: AuditResult, failOn: Severity | 'none'): number {
  return exitCodeOf(result.findings, result.incomplete, failOn);
}

interface AuditCommandOptions extends ClusterFactOptions {
  input?: string;
  logs: string[];
  out: string;
  format: Format[];
  failOn: Severity | 'none';
  quiet?: boolean;
  baseline?: string;
  suppressions?: string;
  timestamp?: boolean;
  debug?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * An error nobody planned for (a bug, a report that cannot be written): one line on stderr, the stack
 * with --debug. Its exit code is EXIT.internal, never that of a clean or a failing audit.
 */
function reportInternalError(io: Io, debug: boolean, what: string, error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  io.stderr(
    `error: internal error ${what}: ${firstLine} (aro-aks-audit ${pkg.version}${debug ? '' : '; --debug prints the stack'})\n`,
  );
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
}

/**
 * Runs the command line and returns the exit code; all output goes through `io`. Whatever reaches
 * stdout and stderr shows terminal escapes and bidi controls as `\uXXXX` (names come from Azure and
 * from files; in JSON that is an escape of the same character); only the tool's own terminal control —
 * the progress line (`stderrRaw`), the summary's colours — is written as it is.
 */
export async function main(argv: string[], rawIo: Io): Promise<number> {
  const io: Io = {
    ...rawIo,
    stdout: (text) => rawIo.stdout(visibleText(text)),
    stderr: (text) => rawIo.stderr(visibleText(text)),
    stderrRaw: rawIo.stderrRaw ?? rawIo.stderr,
  };
  const debug = argv.includes('--debug');
  let exitCode: number = EXIT.clean;
  const program = new Command()
    .name('aro-aks-audit')
    .description(
      'Will the firewall let my Kubernetes clusters reach what they must reach — and nothing more?\nAudits Azure Firewall, route tables and logs against the egress AKS, ARO and Arc clusters require.',
    )
    .version(pkg.version, '-V, --version')
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .option('-i, --input <dir>', 'audit ARM JSON files under this directory (the offline input contract, see README)')
    .option('--logs <file>', 'firewall log export to read (repeatable)', collect, [])
    .option('-o, --out <dir>', 'directory to write the reports to', 'out')
    .option(
      '-f, --format <list>',
      `report formats, comma-separated (${Object.keys(FORMATS).join(', ')})`,
      parseFormats,
      DEFAULT_FORMATS,
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a failing finding has this severity or higher')
        .choices([...SEVERITIES, 'none'])
        .default('high'),
    );
  addClusterFactOptions(program);
  program.option(
    '--baseline <file>',
    "a previous run's findings.json: mark findings new or unchanged, list resolved ones",
  );
  addSuppressionsOption(program)
    .option('--timestamp', 'put the run time in every report file name (findings-20261122T030000Z.json)')
    .option('-q, --quiet', 'print only warnings and errors (stderr): no progress, notes or summary table')
    .option('--debug', 'on an internal error (exit 4), print its stack trace')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes:',
        `  ${EXIT.clean}  clean: no failing finding at or above --fail-on, and all input was read`,
        `  ${EXIT.findings}  failing findings at or above --fail-on`,
        `  ${EXIT.usage}  usage error (--out unusable or inside --input, …), or the input cannot be read at all`,
        `  ${EXIT.incomplete}  incomplete: some input could not be read or a reference does not resolve (no failing finding at or above --fail-on); not a clean result`,
        `  ${EXIT.internal}  internal error: the run failed (one line on stderr, the stack with --debug); the reports that could be written were`,
      ].join('\n'),
    )
    .action(async (options: AuditCommandOptions & LiveOptions) => {
      const live = await liveTarget(options);
      const usage =
        live && 'error' in live
          ? live.error
          : !options.input && !live
            ? '--input <dir>, or a live scope (--subscription, --all-subscriptions, --management-group), is required'
            : options.input && live
              ? '--input and a live scope (--subscription, --all-subscriptions, --management-group) exclude each other'
              : undefined;
      if (usage) {
        io.stderr(`error: ${usage}\n`);
        exitCode = EXIT.usage;
        return;
      }
      const input = options.input ?? '';
      const isDir =
        !input ||
        (await stat(input).then(
          (s) => s.isDirectory(),
          () => false,
        ));
      if (!isDir) {
        io.stderr(`error: --input ${input}: not a directory\n`);
        exitCode = EXIT.usage;
        return;
      }
      const facts = await readAuditFacts(options);
      if ('error' in facts) {
        io.stderr(`error: ${facts.error}\n`);
        exitCode = EXIT.usage;
        return;
      }
      // Before the audit: a run of minutes must not end unable to write its reports, or write them into the input.
      const outDir = await prepareOutDir(options.out, options.input ? [options.input] : []);
      if ('error' in outDir) {
        io.stderr(`error: ${outDir.error}\n`);
        exitCode = EXIT.usage;
        return;
      }
      const baseline = options.baseline ? await readBaseline(options.baseline) : undefined;
      if (baseline && 'error' in baseline) {
        io.stderr(`error: ${baseline.error}\n`);
        exitCode = EXIT.usage;
        return;
      }
      const progress = (text: string) => options.quiet || io.stderr(text);
      // Large log files are parsed by worker threads too: started now, they load while the inventory is read.
      await prepareLogWorkers(options.logs);
      const auditOptions = {
        logs: options.logs,
        now: io.now(),
        version: pkg.version,
        // --cluster-cidr, --features, --aro-egress-lockdown and --suppressions, read above, reach the checks.
        ...facts,
        onWarning: (warning: { source: string; message: string }) =>
          io.stderr(`warning: ${warning.source}: ${warning.message}\n`),
      };
      let result: AuditResult;
      if (live && !('error' in live)) {
        progress('reading Azure\n');
        const { collected, inputs, gatherLogEvidence } = await collectLive(live, options, io);
        result = await auditCollected(collected, { ...auditOptions, inputs, gatherLogEvidence });
      } else {
        progress(`reading ${input}\n`);
        result = await auditDirectory({ ...auditOptions, input });
      }
      if (baseline && 'result' in baseline && options.baseline)
        result = compareWithBaseline(result, baseline.result, options.baseline);
      for (const error of result.errors) io.stderr(`warning: ${error.source}: ${error.message}\n`);
      const fileOf = (format: Format) =>
        path.join(
          options.out,
          options.timestamp ? stampedName(FORMATS[format].file, new Date(result.generatedAt)) : FORMATS[format].file,
        );
      // Each report on its own: one that cannot be rendered or written does not take the others with it.
      const unwritten: Format[] = [];
      for (const format of options.format) {
        const file = fileOf(format);
        try {
          await writeReport(file, FORMATS[format].render(result, { cwd: process.cwd() }));
          progress(`wrote ${file}\n`);
        } catch (error) {
          unwritten.push(format);
          reportInternalError(io, debug, `writing ${file}`, error);
        }
      }
      if (options.format.includes('html') && !unwritten.includes('html'))
        progress(`HTML report: ${path.resolve(fileOf('html'))}\n`);
      // The summary shows names through visibleLine itself and adds its own colours: written as it is.
      if (!options.quiet) rawIo.stdout(renderConsoleSummary(result, { colour: io.isTty }));
      exitCode = unwritten.length > 0 ? EXIT.internal : exitCodeFor(result, options.failOn);
    });
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  addEndpointsCommand(program, io, setExitCode);
  addFixCommand(program, io, setExitCode);
  addExplainCommand(program, io, setExitCode);
  addLiveOptions(program);
  addSnapshotCommand(program, io, setExitCode);
  addWhatIfCommand(program, io, setExitCode);
  // The audit itself takes no word of its own: a first word that is no command is a mistyped one.
  const [first] = argv;
  const commands = program.commands.map((c) => c.name());
  // `aro-aks-audit help [command]` is `--help`, as most command lines take it.
  if (first === 'help') argv = [...argv.slice(1, 2), '--help'];
  else if (first !== undefined && !first.startsWith('-') && !commands.includes(first)) {
    const meant = closest(first, commands);
    io.stderr(
      `error: unknown command '${printable(first)}'${meant ? ` (did you mean \`${meant}\`?)` : ''}; the commands are ${commands.join(', ')}, or none for an audit (aro-aks-audit --help)\n`,
    );
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.clean : EXIT.usage;
    // An input folder that cannot be listed: nothing can be read at all.
    if (error instanceof Error && error.name === 'InputDirectoryError') {
      io.stderr(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    // No token for a live audit: nothing can be read at all (the class lives with the Azure SDKs, loaded on demand).
    if (error instanceof Error && error.name === 'AzureSignInError') {
      io.stderr(
        describeSignInFailure(error, io.env ?? process.env)
          .split('\n')
          .map(printable)
          .join('\n'),
      );
      return EXIT.usage;
    }
    reportInternalError(io, debug, 'during the audit', error);
    return EXIT.internal;
  }
  return exitCode;
}
