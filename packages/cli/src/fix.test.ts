import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-io.ts';

const demo = path.resolve(import.meta.dirname, '../../../fixtures/demo/arm');

describe('aro-aks-audit fix', () => {
  it("prints a rule collection group with exactly the cluster's required endpoints, from its egress subnet", async () => {
    const { code, stdout } = await runCli([
      'fix',
      '--input',
      demo,
      '--cluster',
      'aks-teamb-eastus',
      '--format',
      'json',
    ]);
    expect(code).toBe(EXIT.clean);
    const group = JSON.parse(stdout);
    expect(group.name).toBe('rcg-aks-teamb-eastus-egress');
    const rules = group.properties.ruleCollections.flatMap((c: { rules: unknown[] }) => c.rules);
    const app = rules.find((r: { ruleType: string }) => r.ruleType === 'ApplicationRule');
    expect(app.sourceAddresses).toEqual(['10.2.0.0/22']);
    expect(app.targetFqdns).toContain('*.data.mcr.microsoft.com');
    // The cluster's own API server (properties.fqdn), not every cluster's *.hcp.eastus.azmk8s.io.
    expect(app.targetFqdns).toContain('aks-teamb-eastus-dns-7e8f9a0b.hcp.eastus.azmk8s.io');
    expect(app.targetFqdns).not.toContain('*.hcp.eastus.azmk8s.io');
    // No tunnel ports: konnectivity-agent replaced the tunnel in Azure public cloud (they are not required).
    expect(rules.map((r: { name: string }) => r.name)).not.toContain('udp-1194');
  });

  it('adds the AzureMonitor service tag network rule that Container insights requires since 2024-12-06', async () => {
    const { stdout } = await runCli(['fix', '--input', demo, '--cluster', 'aks-prod-eastus', '--format', 'json']);
    const rules = JSON.parse(stdout).properties.ruleCollections.flatMap((c: { rules: unknown[] }) => c.rules);
    expect(rules.find((r: { ruleType: string }) => r.ruleType === 'NetworkRule')).toMatchObject({
      name: 'tcp-443',
      destinationAddresses: ['AzureMonitor'],
      destinationPorts: ['443'],
      sourceAddresses: ['10.1.0.0/22'],
    });
  });

  it('prints the Azure CLI commands that create it in the policy the firewall uses', async () => {
    const { stdout, stderr } = await runCli(['fix', '--input', demo, '--cluster', 'aks-teamb-eastus']);
    expect(stdout).toMatch(
      /^az network firewall policy rule-collection-group create --resource-group rg-hub-network --policy-name afwp-hub-eastus --name rcg-aks-teamb-eastus-egress --priority 65000/,
    );
    expect(stdout).toContain("--target-fqdns '*.data.mcr.microsoft.com'");
    expect(stderr).toBe('');
  });

  it('refuses a cluster whose egress does not reach a firewall, saying why', async () => {
    const { code, stderr } = await runCli(['fix', '--input', demo, '--cluster', 'aks-legacy-eastus']);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/no firewall on aks-legacy-eastus's egress path/);
  });
});
