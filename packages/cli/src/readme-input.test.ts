import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeResources } from '@aro-aks-audit/auditor';
import { collectFiles } from '@aro-aks-audit/auditor/io';
import { describe, expect, it } from 'vitest';
import { REPO } from './demo.test-support.ts';

const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');

/** The `sh` block of README's "Audit your environment" that saves the input with the Azure CLI. */
function azBlock(): string {
  const section = readme.slice(readme.indexOf('## Audit your environment'), readme.indexOf('## Running the command'));
  const block = [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? '')
    .find((b) => b.includes('az aks list'));
  if (!block) throw new Error('README: no az block in "Audit your environment"');
  return block;
}

/**
 * What each command of the block prints, in the shape that command prints it: the project's Azure CLI
 * samples (fixtures/arm/cli, properties hoisted as `az` prints them) and, where Azure publishes the
 * response, its REST example (fixtures/reference). A command the README adds without a sample here
 * fails the test, so the README cannot promise a file the input contract was never shown to read.
 */
const SAMPLES: Record<
  string,
  {
    file: string;
    list:
      | 'firewalls'
      | 'firewallPolicies'
      | 'ruleCollectionGroups'
      | 'ipGroups'
      | 'publicIps'
      | 'publicIpPrefixes'
      | 'natGateways'
      | 'routeTables'
      | 'virtualNetworks'
      | 'clusters'
      | 'serviceTags';
  }
> = {
  'az network firewall list': { file: 'fixtures/arm/cli/firewall/fw-hub.json', list: 'firewalls' },
  'az network firewall policy list': { file: 'fixtures/arm/cli/policy/policies.json', list: 'firewallPolicies' },
  'az network firewall policy rule-collection-group list': {
    file: 'fixtures/arm/cli/policy/rcg-aks.json',
    list: 'ruleCollectionGroups',
  },
  'az network ip-group list': { file: 'fixtures/arm/cli/network/ip-groups.json', list: 'ipGroups' },
  'az network public-ip list': { file: 'fixtures/arm/cli/network/public-ips.json', list: 'publicIps' },
  'az network public-ip prefix list': { file: 'fixtures/arm/cli/network/prefix.json', list: 'publicIpPrefixes' },
  'az network nat gateway list': { file: 'fixtures/arm/cli/network/nat-gateway.json', list: 'natGateways' },
  'az network route-table list': { file: 'fixtures/arm/cli/network/route-tables.json', list: 'routeTables' },
  'az network vnet list': { file: 'fixtures/arm/cli/network/vnets.json', list: 'virtualNetworks' },
  'az aks list': { file: 'fixtures/arm/cli/clusters/aks-list.json', list: 'clusters' },
  'az aro list': { file: 'fixtures/arm/cli/clusters/aro-prod.json', list: 'clusters' },
  'az connectedk8s list': { file: 'fixtures/arm/cli/clusters/arc-edge.json', list: 'clusters' },
  'az network list-service-tags': { file: 'fixtures/reference/arm/network/ServiceTagsList.json', list: 'serviceTags' },
};

const body = (file: string) => {
  const parsed = JSON.parse(readFileSync(path.join(REPO, file), 'utf8'));
  return parsed.responses ? parsed.responses['200'].body : parsed;
};

describe("README's Audit your environment: the az commands save what the input contract reads", () => {
  const block = azBlock();
  const saving = [...block.matchAll(/(az [a-z0-9 -]+?) (?:--|-o|>)/g)]
    .map((m) => (m[1] ?? '').trim())
    .filter((c) => !c.startsWith('az extension') && !c.startsWith('az rest'));

  it('uses the azure-firewall extension and saves JSON only', () => {
    expect(block).toContain('az extension add --name azure-firewall');
    for (const line of block.split('\n').filter((l) => /> "?[\w$-]+.*\.json"?$/.test(l)))
      expect(line).toContain('-o json');
  });

  it('has a sample of what each saving command prints, and reads each one without an error', async () => {
    const unknown = [...new Set(saving)].filter((c) => !(c in SAMPLES));
    expect(unknown).toEqual([]);
    for (const command of new Set(saving)) {
      const sample = SAMPLES[command];
      if (!sample) continue;
      // Saved as the command saves it, into a file of its own, and read as --input reads a folder.
      const dir = mkdtempSync(path.join(tmpdir(), 'readme-sample-'));
      writeFileSync(path.join(dir, 'saved.json'), JSON.stringify(body(sample.file)));
      const collected = await collectFiles(dir);
      const { inventory, errors } = normalizeResources(collected.resources);
      expect([...collected.errors, ...errors], command).toEqual([]);
      expect(inventory[sample.list].length, command).toBeGreaterThan(0);
    }
  });

  it("the az rest loop's --query wraps a cluster's outboundNetworkDependenciesEndpoints as the input contract reads it", async () => {
    // The loop's query, with the shell's ${id} filled in, applied to the AKS API's published response.
    const query =
      /--query "(\{id: '\$\{id\}\/outboundNetworkDependenciesEndpoints', type: '([^']+)', value: value\})"/.exec(block);
    expect(query?.[2]).toBe('Microsoft.ContainerService/managedClusters/outboundNetworkDependenciesEndpoints');
    const cluster = body('fixtures/reference/arm/containerservice/ManagedClustersGet.json');
    const response = body('fixtures/reference/arm/containerservice/OutboundNetworkDependenciesEndpointsList.json');
    const dir = mkdtempSync(path.join(tmpdir(), 'readme-input-'));
    writeFileSync(path.join(dir, 'aks.json'), JSON.stringify([cluster]));
    writeFileSync(
      path.join(dir, `outbound-${cluster.name}.json`),
      JSON.stringify({
        id: `${cluster.id}/outboundNetworkDependenciesEndpoints`,
        type: query?.[2],
        value: response.value,
      }),
    );
    const collected = await collectFiles(dir);
    const { inventory, errors } = normalizeResources(collected.resources);
    expect([...collected.errors, ...errors]).toEqual([]);
    const [aks] = inventory.clusters;
    expect(aks?.outboundDependencies?.endpoints.map((e) => e.domainName)).toContain('*.data.mcr.microsoft.com');
  });
});

describe('README states what the CLI needs', () => {
  it('the Node.js version, as the packages’ engines field does', () => {
    const engines: string = JSON.parse(readFileSync(path.join(REPO, 'packages/cli/package.json'), 'utf8')).engines.node;
    expect(engines).toBe('>=22.18.0');
    expect(readme).toContain('The CLI needs Node.js 22.18.0 or later (`engines` in `package.json`: `>=22.18.0`)');
  });
});

describe("README's quick start", () => {
  it("shows the demo's cluster verdicts exactly as the golden console summary prints them", () => {
    const console = readFileSync(path.join(REPO, 'fixtures/golden/console.txt'), 'utf8').split('\n');
    const start = console.findIndex((l) => l.startsWith('clusters: '));
    const end = console.indexOf('', start);
    const lines = console.slice(start, end).join('\n');
    expect(lines).toMatch(/^clusters: /);
    expect(readme).toContain(`\`\`\`\n${lines}\n\`\`\``);
  });
});
