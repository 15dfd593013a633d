/**
 * Live collection from Azure for the audit and `snapshot` commands: the options that choose the
 * scope and the cloud, the connection (DefaultAzureCredential; TLS against Node's bundled CAs plus
 * NODE_EXTRA_CA_CERTS — there is no option to turn certificate checks off), and progress on
 * stderr. The Azure SDKs are loaded only when a live option is given, so offline audits never load
 * them. The tool only reads: GETs, and the POSTs that queries need (Resource Graph, Log Analytics, the
 * metrics batch).
 */
import type { Inventory, LogEvidence } from '@aro-aks-audit/auditor';
import type {
  AzureCollected,
  AzureScope,
  CloudEndpoints,
  CollectProgress,
  TokenCredential,
} from '@aro-aks-audit/auditor/azure';
import { type Command, Option } from 'commander';
import type { Io } from './io.ts';

export interface LiveOptions {
  subscription: string[];
  allSubscriptions?: boolean;
  managementGroup: string[];
  resourceGroup: string[];
  cloud: string;
  tenant?: string;
  armEndpoint?: string;
  logsEndpoint?: string;
  metricsEndpoint?: string;
  /** `--workspace`: Log Analytics workspaces to read the firewall logs from (else their diagnostic settings). */
  workspace: string[];
  /** `--since`: how far back logs and metrics are read (default 7d). */
  since?: string;
  quiet?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The live scope and cloud options; `logs: false` keeps `--workspace` out of the help of a command that reads no logs. */
export function addLiveOptions(command: Command, { logs = true }: { logs?: boolean } = {}): Command {
  const workspace = new Option(
    '--workspace <id>',
    "read the firewall logs from this Log Analytics workspace (GUID or ARM id) instead of the firewalls' diagnostic settings (repeatable)",
  )
    .argParser(collect)
    .default([]);
  return command
    .option('-s, --subscription <id>', 'audit this Azure subscription live (repeatable)', collect, [])
    .option('--all-subscriptions', 'audit every subscription the credential can read')
    .option('--management-group <id>', 'audit the subscriptions under this management group (repeatable)', collect, [])
    .option('-g, --resource-group <name>', 'only discover resources in this resource group (repeatable)', collect, [])
    .addOption(
      new Option('--cloud <name>', 'the Azure cloud')
        .choices(['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'])
        .default('AzureCloud'),
    )
    .option('--tenant <id>', "the Microsoft Entra tenant to authenticate in (default: the credential's)")
    .option('--arm-endpoint <url>', 'Azure Resource Manager endpoint of a custom cloud (https)')
    .option('--logs-endpoint <url>', 'Log Analytics endpoint of a custom cloud (https)')
    .option('--metrics-endpoint <url>', 'Azure Monitor metrics endpoint of a custom cloud (https)')
    .addOption(logs ? workspace : workspace.hideHelp())
    .option(
      '--since <duration>',
      'how far back firewall logs and SNAT metrics are read: 7d, 36h, 90m or ISO 8601 (P7D) (default: 7d)',
    );
}

/** Loads the Azure part of the auditor (and with it the SDKs) on first use. */
const azure = () => import('@aro-aks-audit/auditor/azure');

export interface LiveTarget {
  scope: AzureScope;
  endpoints: CloudEndpoints;
  /** `--since` in milliseconds. */
  sinceMs: number;
}

/**
 * The live scope and cloud endpoints the options ask for, undefined when they ask for none (an
 * offline audit, which then never loads the Azure SDKs), or a usage error.
 */
export async function liveTarget(options: LiveOptions): Promise<LiveTarget | undefined | { error: string }> {
  const scope = liveScope(options);
  if (!scope) {
    // Options only a live audit reads would otherwise be ignored without a word.
    const liveOnly = [options.since !== undefined && '--since', (options.workspace ?? []).length > 0 && '--workspace'];
    const given = liveOnly.filter((option): option is string => typeof option === 'string');
    if (given.length > 0) {
      return {
        error: `${given.join(' and ')} ${given.length > 1 ? 'apply' : 'applies'} only to a live audit: add --subscription, --all-subscriptions or --management-group`,
      };
    }
    return undefined;
  }
  if ('error' in scope) return scope;
  const { cloudEndpoints, isCloudName, parseDuration } = await azure();
  if (!isCloudName(options.cloud)) return { error: `--cloud ${options.cloud}: unknown cloud` };
  const sinceMs = parseDuration(options.since ?? '7d');
  if (sinceMs === undefined || sinceMs <= 0) {
    return { error: `--since ${options.since}: a duration such as 7d, 36h, 90m or P7D` };
  }
  try {
    const endpoints = cloudEndpoints(options.cloud, {
      ...(options.armEndpoint && { arm: options.armEndpoint }),
      ...(options.logsEndpoint && { logs: options.logsEndpoint }),
      ...(options.metricsEndpoint && { metrics: options.metricsEndpoint }),
    });
    return { scope, endpoints, sinceMs };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function liveScope(options: LiveOptions): AzureScope | undefined | { error: string } {
  const any = options.subscription.length > 0 || options.allSubscriptions || options.managementGroup.length > 0;
  if (!any) {
    if (options.resourceGroup.length > 0)
      return { error: '--resource-group needs --subscription, --all-subscriptions or --management-group' };
    return undefined;
  }
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const bad = options.subscription.filter((s) => !guid.test(s));
  if (bad.length > 0) return { error: `--subscription ${bad.join(', ')}: a subscription id is a GUID` };
  return {
    ...(options.subscription.length > 0 && { subscriptions: options.subscription }),
    ...(options.allSubscriptions && { allSubscriptions: true }),
    ...(options.managementGroup.length > 0 && { managementGroups: options.managementGroup }),
    ...(options.resourceGroup.length > 0 && { resourceGroups: options.resourceGroup }),
  };
}

export interface LiveConnection {
  credential: TokenCredential;
  endpoints: CloudEndpoints;
}

/** The credential: the one `io` carries (tests), else DefaultAzureCredential for the cloud. */
export async function liveConnection(target: LiveTarget, options: LiveOptions, io: Io): Promise<LiveConnection> {
  const { defaultCredential } = await azure();
  return {
    endpoints: target.endpoints,
    credential: io.azureCredential ?? defaultCredential(target.endpoints, options.tenant),
  };
}

/**
 * Progress on stderr when it is a terminal and not --quiet: one line per step, rewritten in place
 * with how many of how many are read.
 */
export function progressPrinter(io: Io, quiet: boolean | undefined): (p: CollectProgress) => void {
  if (quiet || !io.stderrIsTty) return () => {};
  let current = '';
  return ({ step, done, total }) => {
    const write = io.stderrRaw ?? io.stderr;
    if (step !== current && current) write('\n');
    current = step;
    write(`\r\x1b[Kreading ${step} (${done} of ${total})`);
    if (done === total) {
      write('\n');
      current = '';
    }
  };
}

/**
 * Collects the scope from Azure; returns the resources (with the firewalls' SNATPortUtilization over
 * --since), the inputs line of the report, and how to gather the firewall logs from Log Analytics for
 * the final inventory (the audit calls it after --cluster-cidr; the snapshot with the collected one).
 */
export async function collectLive(
  target: LiveTarget,
  options: LiveOptions,
  io: Io,
): Promise<{
  collected: AzureCollected;
  inputs: string[];
  connection: LiveConnection;
  gatherLogEvidence: (inventory: Inventory) => Promise<LogEvidence[]>;
}> {
  const { collectAzure, collectFirewallMetrics, collectLogAnalyticsEvidence, firewallsOf } = await azure();
  const connection = await liveConnection(target, options, io);
  const collected = await collectAzure({
    ...connection,
    ...io.azureRequestPolicy,
    scope: target.scope,
    onProgress: progressPrinter(io, options.quiet),
  });
  const window = { from: io.now().getTime() - target.sinceMs, to: io.now().getTime() };
  // A custom cloud's ARM (Azure Stack Hub, the test emulator) has its own monitoring endpoints: the
  // public cloud's are never asked about its resources. Without the override they are not read, and
  // the audit says so.
  const custom = options.armEndpoint !== undefined;
  const readMetrics = !custom || options.metricsEndpoint !== undefined;
  const readLogs = !custom || options.logsEndpoint !== undefined;
  if (readMetrics) {
    const metrics = await collectFirewallMetrics(
      { ...connection, ...io.azureRequestPolicy },
      firewallsOf(collected.resources),
      window,
      progressPrinter(io, options.quiet),
    );
    collected.resources.push(...metrics.resources);
    collected.errors.push(...metrics.errors);
    collected.sourcesRead.push(...metrics.sourcesRead);
  } else if (!options.quiet) {
    io.stderr('note: SNAT port utilization not read: --arm-endpoint names a custom cloud; give --metrics-endpoint\n');
  }
  const gatherLogEvidence = async (inventory: Inventory): Promise<LogEvidence[]> => {
    if (!readLogs) {
      if (!options.quiet)
        io.stderr(
          'note: firewall logs not read from Log Analytics: --arm-endpoint names a custom cloud; give --logs-endpoint\n',
        );
      return [];
    }
    return collectLogAnalyticsEvidence({ ...connection, ...io.azureRequestPolicy }, inventory, {
      workspaces: options.workspace ?? [],
      window,
      onProgress: progressPrinter(io, options.quiet),
    });
  };
  const inputs = [
    `${connection.endpoints.arm} (${connection.endpoints.cloud}): subscriptions ${collected.subscriptions.join(', ') || '(none)'}`,
  ];
  if (!options.quiet) for (const note of collected.notes) io.stderr(`note: ${note}\n`);
  if (!options.quiet)
    io.stderr(
      `read ${collected.resources.length} resources from ${collected.subscriptions.length} subscription(s): ${collected.stats.resourceGraphQueries} Resource Graph queries, ${collected.stats.armRequests} ARM requests\n`,
    );
  return { collected, inputs, connection, gatherLogEvidence };
}
