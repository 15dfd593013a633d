import path from 'node:path';
import type { AuditResult } from '@aro-aks-audit/auditor';
import { auditDirectory } from './audit.ts';
import { readSuppressions } from './schedule.ts';

/** The repository root, for tests that read its fixtures. */
export const REPO = path.resolve(import.meta.dirname, '../../..');

/** What `npm run demo` audits: the ARM fixtures, the firewall's logs and the suppressions file. */
export const DEMO = {
  input: path.join(REPO, 'fixtures/demo/arm'),
  logs: ['afw-hub.AZFWApplicationRule.csv', 'afw-hub.AZFWNetworkRule.csv'].map((f) =>
    path.join(REPO, 'fixtures/demo/logs', f),
  ),
  suppressions: path.join(REPO, 'fixtures/demo/suppressions.yaml'),
};

/** The demo audited as `npm run demo` does, with a fixed clock and version. */
export async function auditDemo(version = 'test'): Promise<AuditResult> {
  const suppressions = await readSuppressions(DEMO.suppressions);
  if (!suppressions || 'error' in suppressions) throw new Error(`demo suppressions: ${JSON.stringify(suppressions)}`);
  return auditDirectory({
    input: DEMO.input,
    logs: DEMO.logs,
    clusterCidrs: [],
    now: new Date('2026-11-22T00:00:00Z'),
    version,
    suppressions,
  });
}
