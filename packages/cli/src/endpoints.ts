import { stat } from 'node:fs/promises';
import { type ClusterKind, normalizeResources, toCsv } from '@aro-aks-audit/auditor';
import { collectFiles } from '@aro-aks-audit/auditor/io';
import {
  ALLOWLIST_COLUMNS,
  type AllowlistRow,
  allowlistFor,
  type Cloud,
  cloudOf,
  describedCluster,
  FEATURES,
  type Feature,
  regionByName,
} from '@aro-aks-audit/rules';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { EXIT } from './exit-codes.ts';
import type { Io } from './io.ts';

interface EndpointsOptions {
  kind?: ClusterKind;
  cloud?: Cloud;
  region?: string;
  features: Feature[];
  gateway?: boolean;
  private?: boolean;
  egressLockdown?: 'on' | 'off';
  input?: string;
  cluster?: string;
  format: 'table' | 'csv' | 'json';
}

/** Feature names, in any case (`GitOps`, `gitops`). */
export function parseFeatures(value: string, previous: Feature[] = []): Feature[] {
  const names = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const known = new Map<string, Feature>(FEATURES.map((f) => [f.toLowerCase(), f]));
  const unknown = names.filter((n) => !known.has(n.toLowerCase()));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown feature ${unknown.join(', ')} (known: ${FEATURES.join(', ')})`);
  return [...previous, ...names.map((n) => known.get(n.toLowerCase()) as Feature)];
}

/** The catalog's cloud names and Azure's own (as the main command's --cloud takes them), in any case. */
const CLOUD_ALIASES: Readonly<Record<string, Cloud>> = {
  public: 'public',
  china: 'china',
  usgov: 'usgov',
  azurecloud: 'public',
  azurechinacloud: 'china',
  azureusgovernment: 'usgov',
};

export function parseCloud(value: string): Cloud {
  const cloud = CLOUD_ALIASES[value.trim().toLowerCase()];
  if (!cloud)
    throw new InvalidArgumentError(
      `unknown cloud ${value} (known: public, china, usgov, or AzureCloud, AzureChinaCloud, AzureUSGovernment)`,
    );
  return cloud;
}

function renderTable(rows: AllowlistRow[]): string {
  const columns: [string, (r: AllowlistRow) => string][] = [
    ['REQUIREMENT', (r) => r.requirement],
    ['RULE', (r) => r.ruleType],
    ['PROTOCOL', (r) => r.protocol],
    ['PORT', (r) => r.port],
    ['DESTINATION', (r) => r.destination],
    ['ID', (r) => r.id],
  ];
  const widths = columns.map(([title, cell]) => Math.max(title.length, ...rows.map((r) => cell(r).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [line(columns.map(([title]) => title)), ...rows.map((r) => line(columns.map(([, cell]) => cell(r))))];
  const noted = rows.filter((r) => r.notes);
  if (noted.length > 0) lines.push('', 'Notes:', ...noted.map((r) => `  ${r.id}: ${r.notes}`));
  return `${lines.join('\n')}\n`;
}

function render(rows: AllowlistRow[], format: EndpointsOptions['format']): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv')
    return toCsv(
      ALLOWLIST_COLUMNS,
      rows.map((r) => ALLOWLIST_COLUMNS.map((c) => r[c])),
    );
  return renderTable(rows);
}

async function run(options: EndpointsOptions, io: Io): Promise<number> {
  const lockdown = options.egressLockdown === undefined ? {} : { aroEgressLockdown: options.egressLockdown === 'on' };
  if (options.input) {
    if (!options.cluster) return usage(io, '--input needs --cluster NAME');
    if (
      !(await stat(options.input).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      return usage(io, `--input ${options.input}: not a directory`);
    const collected = await collectFiles(options.input);
    const { inventory, errors } = normalizeResources(collected.resources);
    for (const e of [...collected.errors, ...errors])
      io.stderr(`warning: ${e.file ?? e.resourceId ?? 'input'}: ${e.message}\n`);
    const cluster = inventory.clusters.find((c) => c.name.toLowerCase() === options.cluster?.toLowerCase());
    if (!cluster)
      return usage(
        io,
        `no cluster named ${options.cluster} in ${options.input} (found: ${inventory.clusters.map((c) => c.name).join(', ') || 'none'})`,
      );
    io.stdout(
      render(allowlistFor(cluster, { inventory, declaredFeatures: options.features, ...lockdown }), options.format),
    );
    return EXIT.clean;
  }
  if (!options.kind || !options.region) return usage(io, 'give --kind and --region (or --input DIR --cluster NAME)');
  const region = regionByName(options.region);
  if (!region) return usage(io, `unknown region ${options.region}`);
  if (options.cloud && cloudOf(region.name) !== options.cloud)
    return usage(io, `region ${region.name} is in the ${region.cloud} cloud, not ${options.cloud}`);
  const cluster = describedCluster({
    kind: options.kind,
    region: region.name,
    privateApiServer: options.private ?? false,
    arcGateway: options.gateway ?? false,
  });
  io.stdout(render(allowlistFor(cluster, { declaredFeatures: options.features, ...lockdown }), options.format));
  return EXIT.clean;
}

function usage(io: Io, message: string): number {
  io.stderr(`error: ${message}\n`);
  return EXIT.usage;
}

/** `aro-aks-audit endpoints`: the resolved allowlist, for teams on any firewall. */
export function addEndpointsCommand(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('endpoints')
    .description(
      'print the endpoints a cluster must (and may) reach, resolved for its kind, cloud, region and features',
    )
    .addOption(new Option('--kind <kind>', 'cluster kind').choices(['aks', 'aro', 'arc']))
    .option(
      '--cloud <cloud>',
      'Azure cloud, checked against the region: public, china, usgov (or AzureCloud, AzureChinaCloud, AzureUSGovernment)',
      parseCloud,
    )
    .option('--region <region>', 'Azure region, e.g. eastus')
    .option('--features <list>', `comma-separated features (${FEATURES.join(', ')})`, parseFeatures, [] as Feature[])
    .option('--gateway', 'Arc: the cluster uses an Arc gateway')
    .option('--private', 'AKS: private cluster (no public API server)')
    .addOption(
      new Option('--egress-lockdown <state>', 'ARO: egress lockdown (default: on, the documented default)').choices([
        'on',
        'off',
      ]),
    )
    .option('-i, --input <dir>', 'read the cluster from ARM JSON files under this directory')
    .option('--cluster <name>', 'with --input: the cluster to resolve')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .action(async (options: EndpointsOptions) => setExitCode(await run(options, io)));
}
