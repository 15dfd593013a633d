import { readFile, stat } from 'node:fs/promises';
import { type AuditResult, type Finding, parseBaseline } from '@aro-aks-audit/auditor';
import type { Command } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { auditDirectory } from './audit.ts';
import {
  addClusterFactOptions,
  addSuppressionsOption,
  type ClusterFactOptions,
  readAuditFacts,
} from './audit-options.ts';
import { printable } from './console.ts';
import { EXIT } from './exit-codes.ts';
import type { Io } from './io.ts';
import { wrap } from './text.ts';

interface ExplainOptions extends ClusterFactOptions {
  input?: string;
  findings?: string;
  logs: string[];
  suppressions?: string;
  width?: string;
}

/** A prefix this short could match findings by chance; ids are 20 hex digits. */
const MIN_PREFIX = 6;

/**
 * The finding whole, for a terminal: its problem, where, the message, the risk, the evidence (the
 * deciding rule or witness, the rules traced, routes, logs, the catalog entry), and the fix with the
 * commands and rule JSON as they are to be pasted. Prose wraps at spaces, so no name is cut; commands
 * and JSON are printed as they are.
 */
export function renderExplanation(finding: Finding, result: AuditResult, width: number): string {
  const check = result.checks.find((c) => c.id === finding.checkId);
  const coverage = result.coverage.find(
    (c) =>
      finding.cluster &&
      c.cluster.id.toLowerCase() === finding.cluster.id.toLowerCase() &&
      c.endpointId === finding.subject,
  );
  const text = (value: string) => printable(value);
  const para = (value: string, indent = '') => wrap(text(value), width, indent);
  const lines: string[] = [
    ...para(finding.title),
    ...para(
      `${finding.severity.toUpperCase()} ${finding.status}${finding.suppressed ? ' (suppressed)' : ''}${finding.change === 'new' ? ' (new since the baseline)' : ''} · ${finding.code} ${finding.checkId} · ${finding.id}`,
    ),
    '',
    ...para(`Resource: ${finding.resource.name} (${finding.resource.type})`),
    ...para(finding.resourceId, '  '),
    ...(finding.cluster ? para(`Cluster: ${finding.cluster.name} (${finding.cluster.kind})`) : []),
    ...(finding.endpoint
      ? para(`Endpoint: ${finding.endpoint.destination} (${finding.endpoint.protocol} ${finding.endpoint.port})`)
      : []),
    ...(finding.subject ? para(`Subject: ${finding.subject}`) : []),
    ...(finding.origin
      ? para(`Read from: ${finding.origin.file}${finding.origin.pointer ? ` ${finding.origin.pointer}` : ''}`)
      : []),
    '',
    ...para(finding.message),
    ...(check ? ['', ...para(`Risk: ${check.risk}`)] : []),
    ...(finding.suppressed
      ? [
          '',
          ...para(
            `Suppressed: ${finding.suppressed.reason}${finding.suppressed.owner ? ` (owner ${finding.suppressed.owner})` : ''}${finding.suppressed.expires ? `, until ${finding.suppressed.expires}` : ''}`,
          ),
        ]
      : []),
    ...(coverage ? ['', ...para(`Witness (the deciding rule or reason): ${coverage.witness}`)] : []),
  ];
  if (finding.evidence.length > 0) {
    lines.push('', 'Evidence:');
    for (const e of finding.evidence) {
      lines.push(
        ...wrap(
          text(`${e.kind}: ${e.label}${e.detail ? `: ${e.detail}` : ''}${e.origin ? ` (${e.origin})` : ''}`),
          width,
          '  ',
          '      ',
        ),
      );
    }
  }
  lines.push('', ...para(`Fix: ${finding.remediation.text}`));
  // Commands and JSON as they are to be pasted: never wrapped, only control characters made visible.
  if (finding.remediation.cli) lines.push('', ...finding.remediation.cli.split('\n').map(text));
  if (finding.remediation.json !== undefined)
    lines.push('', 'As JSON:', ...JSON.stringify(finding.remediation.json, null, 2).split('\n').map(text));
  if (check && check.references.length > 0)
    lines.push('', 'References:', ...check.references.map((r) => `  ${text(r)}`));
  return `${lines.join('\n')}\n`;
}

/** The finding with this id, or with this unique prefix of it; otherwise why not. */
export function findFinding(result: AuditResult, id: string): Finding | { error: string } {
  const wanted = id.trim().toLowerCase();
  const exact = result.findings.find((f) => f.id === wanted);
  if (exact) return exact;
  if (wanted.length < MIN_PREFIX) return { error: `${id}: give at least ${MIN_PREFIX} characters of the finding id` };
  const matches = result.findings.filter((f) => f.id.startsWith(wanted));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1)
    return {
      error: `${id} is the start of ${matches.length} finding ids: ${matches
        .slice(0, 5)
        .map((f) => f.id)
        .join(', ')}${matches.length > 5 ? ', …' : ''}; give more of it`,
    };
  return {
    error: `no finding ${id} in this result (${result.findings.length} findings); the console summary and every report list the ids`,
  };
}

async function resultFor(options: ExplainOptions, io: Io): Promise<AuditResult | { error: string }> {
  if (options.findings) {
    // A findings.json holds the audit as it was run: options that would change it cannot apply.
    const auditOnly = [
      options.logs.length > 0 && '--logs',
      options.clusterCidr.length > 0 && '--cluster-cidr',
      options.features.length > 0 && '--features',
      options.aroEgressLockdown.length > 0 && '--aro-egress-lockdown',
      options.suppressions !== undefined && '--suppressions',
    ].filter((o): o is string => typeof o === 'string');
    if (auditOnly.length > 0)
      return {
        error: `${auditOnly.join(', ')}: only with --input (a findings.json is explained as it was audited)`,
      };
    const text = await readFile(options.findings, 'utf8').catch((error: NodeJS.ErrnoException) => ({
      error: error.code === 'ENOENT' ? 'it does not exist' : error.message,
    }));
    if (typeof text !== 'string') return { error: `--findings ${options.findings}: ${text.error}` };
    const parsed = parseBaseline(text, options.findings);
    return 'error' in parsed ? { error: `--findings ${parsed.error}` } : parsed.result;
  }
  const input = options.input ?? '';
  const isDir = await stat(input).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) return { error: `--input ${input}: not a directory` };
  const facts = await readAuditFacts(options);
  if ('error' in facts) return facts;
  return auditDirectory({ input, logs: options.logs, ...facts, now: io.now(), version: pkg.version });
}

async function run(id: string, options: ExplainOptions, io: Io): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`error: ${message}\n`);
    return EXIT.usage;
  };
  if (!options.findings === !options.input)
    return fail('explain needs either --findings FILE (a findings.json) or --input DIR (audited again)');
  const width = Number(options.width ?? 100);
  if (!Number.isInteger(width) || width < 40) return fail(`--width ${options.width}: a whole number of at least 40`);
  const result = await resultFor(options, io);
  if ('error' in result) return fail(result.error);
  const finding = findFinding(result, id);
  if ('error' in finding) return fail(finding.error);
  io.stdout(renderExplanation(finding, result, width));
  return EXIT.clean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `aro-aks-audit explain ID`: one finding whole, from a findings.json or a fresh audit of --input. */
export function addExplainCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  const command = program
    .command('explain')
    .argument(
      '<finding-id>',
      'the finding id (as the console summary and every report show it), or its first characters',
    )
    .description('print one finding whole: the problem, evidence, deciding rule, routes and the fix')
    .option('--findings <file>', 'a findings.json an audit wrote')
    .option('-i, --input <dir>', 'audit the ARM JSON files under this directory again, and explain from that')
    .option('--logs <file>', 'with --input: a firewall log file to read too (repeatable)', collect, []);
  addSuppressionsOption(addClusterFactOptions(command))
    .option('--width <columns>', 'wrap prose at this many columns (commands and JSON are never wrapped)', '100')
    .action(async (id: string, options: ExplainOptions) => setExitCode(await run(id, options, io)));
}
