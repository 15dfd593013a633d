/**
 * Live-collection benchmark: an emulated tenant of 1,000 subscriptions (a hub with the firewall, 999
 * spokes each with a VNet, a route table and an AKS cluster) collected through the loopback Azure
 * emulator, then audited. Prints the requests the collection sent — Resource Graph queries, ARM GETs
 * by kind, the total — and the wall time of collection and audit.
 */
import { cloudEndpoints, collectAzure } from '../packages/auditor/src/collect/azure/index.ts';
import { startAzureEmulator, syntheticTenant } from '../packages/azure-emulator/src/index.ts';
import { auditCollected } from '../packages/cli/src/audit.ts';

const SUBSCRIPTIONS = 1000;

export async function benchLive(print: (line: string) => void): Promise<void> {
  const tenant = syntheticTenant(SUBSCRIPTIONS);
  // ARM's usual page size for these lists is 100 or more; the emulator pages at 100.
  const emulator = await startAzureEmulator({ resources: tenant.resources, pageSize: 100 });
  try {
    const start = performance.now();
    const collected = await collectAzure({
      credential: { getToken: async () => ({ token: 'bench', expiresOnTimestamp: Date.now() + 3600_000 }) },
      endpoints: cloudEndpoints('AzureCloud', { arm: emulator.url }),
      caPem: emulator.caPem,
      scope: { allSubscriptions: true },
      concurrency: 16,
    });
    const collectMs = performance.now() - start;
    const auditStart = performance.now();
    const result = await auditCollected(collected, {
      logs: [],
      clusterCidrs: [],
      now: new Date(),
      version: 'bench',
      inputs: [emulator.url],
    });
    const auditMs = performance.now() - auditStart;
    const requests = emulator.requests;
    const count = (test: (path: string) => boolean) => requests.filter((r) => test(r.path)).length;
    print(`live collection: emulated tenant of ${SUBSCRIPTIONS} subscriptions over loopback HTTPS (concurrency 16)`);
    print(`  resources collected          ${collected.resources.length} (errors: ${collected.errors.length})`);
    print(`  Resource Graph queries       ${collected.stats.resourceGraphQueries} (rows per page: 1000)`);
    print(`  ARM GET subscription list    ${count((p) => p === '/subscriptions')}`);
    print(`  ARM GET rule coll. groups    ${count((p) => p.endsWith('/ruleCollectionGroups'))}`);
    print(`  ARM GET AKS outbound deps    ${count((p) => p.endsWith('/outboundNetworkDependenciesEndpoints'))}`);
    print(`  ARM GET service tags         ${count((p) => p.endsWith('/serviceTags'))}`);
    print(
      `  total requests               ${requests.length} (writes: ${requests.filter((r) => r.method !== 'GET' && !r.path.endsWith('/resources')).length})`,
    );
    print(
      `  collection ${collectMs.toFixed(0)} ms, audit ${auditMs.toFixed(0)} ms (${result.findings.length} findings, ${result.coverage.length} coverage verdicts)`,
    );
  } finally {
    await emulator.close();
  }
}
