/** Log evidence for tests: flow records written briefly, aggregated the way the audit aggregates them. */

import type { FlowRecord, Inventory, LogEvidence, LogSourceSummary } from '@aro-aks-audit/auditor';
import { classifierFor, createLogEvidenceBuilder, sourceGroupsOf } from '@aro-aks-audit/auditor';
import { ids } from './builders.ts';

/** 2025-11-20 08:00 UTC: the time test flows are logged at unless they say otherwise. */
export const LOG_T0 = Date.UTC(2025, 10, 20, 8, 0, 0);

/** An allowed HTTPS flow from 10.1.0.4 (the hubAndSpoke cluster) through afw-test, overridable field by field. */
export function flowRecord(fields: Partial<FlowRecord> = {}): FlowRecord {
  return {
    time: LOG_T0,
    table: 'AZFWApplicationRule',
    firewallId: ids.firewall('afw-test'),
    sourceIp: '10.1.0.4',
    destination: 'mcr.microsoft.com',
    port: 443,
    protocol: 'HTTPS',
    action: 'Allow',
    count: 1,
    ...fields,
  };
}

/** A Default Action deny, as the firewall logs it when no rule matched. */
export const defaultDeny = (fields: Partial<FlowRecord> = {}): FlowRecord =>
  flowRecord({ action: 'Deny', actionReason: 'Default Action', ...fields });

/**
 * The evidence of these records, aggregated by the inventory's clusters and subnets, as from one file
 * whose summary spans the records' times (or `source` when given).
 */
export function logEvidenceOf(
  inventory: Inventory,
  records: readonly FlowRecord[],
  source: Partial<LogSourceSummary> = {},
): LogEvidence {
  const builder = createLogEvidenceBuilder(classifierFor(sourceGroupsOf(inventory)));
  for (const record of records) builder.add(record);
  const times = records.map((r) => r.time);
  builder.addSource({
    source: 'test.csv',
    tables: [...new Set(records.map((r) => r.table))].sort(),
    rowsRead: records.length,
    rowsRejected: 0,
    rejected: [],
    ...(times.length > 0 && { firstSeen: Math.min(...times), lastSeen: Math.max(...times) }),
    ...source,
  });
  return builder.evidence();
}

/** As logEvidenceOf, from exports of both rule tables, so application and network rules are both judged. */
export const ruleLogEvidenceOf = (inventory: Inventory, records: readonly FlowRecord[]): LogEvidence =>
  logEvidenceOf(inventory, records, { tables: ['AZFWApplicationRule', 'AZFWNetworkRule'] });
