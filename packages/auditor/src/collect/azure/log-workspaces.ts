/** Which Log Analytics workspaces hold the firewalls' logs: their diagnostic settings say. */

import { MonitorClient } from '@azure/arm-monitor';
import { LEGACY_CATEGORIES, RESOURCE_SPECIFIC_TABLES } from '../../ingest/kql-summarize.ts';
import { parseArmId } from '../../model/arm-id.ts';
import { type AzureConnection, sdkPipelineOptions } from './arm-reader.ts';
import { describeQueryError, type LogAnalyticsTarget } from './log-query.ts';

/** The diagnostic-settings categories that carry the firewall logs the audit reads. */
const FIREWALL_LOG_CATEGORIES = new Set(
  [...RESOURCE_SPECIFIC_TABLES.map((t) => t.table), ...LEGACY_CATEGORIES].map((c) => c.toLowerCase()),
);

export interface WorkspaceDiscovery {
  targets: LogAnalyticsTarget[];
  /** Firewalls whose logs could not be located, and why. */
  problems: { firewallId: string; cause: string }[];
}

/**
 * The workspaces the firewalls send their logs to, from their diagnostic settings (a setting with a
 * workspace and at least one firewall log category or the `allLogs` group enabled). Firewalls that share
 * a workspace share one target. A firewall with no such setting, or whose settings cannot be read, is a
 * problem: its logs are evidence not read.
 */
export async function findLogWorkspaces(
  connection: AzureConnection,
  firewallIds: readonly string[],
): Promise<WorkspaceDiscovery> {
  const byWorkspace = new Map<string, { workspace: string; firewallIds: string[] }>();
  const problems: WorkspaceDiscovery['problems'] = [];
  for (const firewallId of firewallIds) {
    const subscription = parseArmId(firewallId)?.subscriptionId ?? '';
    const client = new MonitorClient(connection.credential, subscription, {
      ...sdkPipelineOptions(connection),
      endpoint: connection.endpoints.arm,
      credentials: { scopes: [connection.endpoints.armScope] },
    });
    let found = false;
    try {
      for await (const setting of client.diagnosticSettings.list(firewallId.replace(/^\/+/, ''))) {
        const workspace = setting.workspaceId;
        const logs = setting.logs ?? [];
        const sendsFirewallLogs = logs.some(
          (l) =>
            l.enabled &&
            (FIREWALL_LOG_CATEGORIES.has(l.category?.toLowerCase() ?? '') ||
              l.categoryGroup?.toLowerCase() === 'alllogs'),
        );
        if (!workspace || !sendsFirewallLogs) continue;
        found = true;
        const key = workspace.toLowerCase();
        const entry = byWorkspace.get(key) ?? { workspace, firewallIds: [] };
        if (!entry.firewallIds.includes(firewallId)) entry.firewallIds.push(firewallId);
        byWorkspace.set(key, entry);
      }
    } catch (error) {
      problems.push({
        firewallId,
        cause: `its diagnostic settings could not be read: ${describeQueryError(error, 'Reader or Monitoring Reader on the firewall')}`,
      });
      continue;
    }
    if (!found) {
      problems.push({
        firewallId,
        cause: 'no diagnostic setting sends its firewall logs to a Log Analytics workspace (give --workspace ID)',
      });
    }
  }
  const targets = [...byWorkspace.values()]
    .sort((a, b) => (a.workspace.toLowerCase() < b.workspace.toLowerCase() ? -1 : 1))
    .map((t) => ({ workspace: t.workspace, firewallIds: t.firewallIds }));
  return { targets, problems };
}
