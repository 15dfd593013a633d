import { createAnalysis, type FindingDraft, type Inventory } from '@aro-aks-audit/auditor';
import { appRule, collection, hubAndSpoke, inventoryOf, policy, ruleGroup, TEST_NOW } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { httpsEntry } from '../catalog/test-catalog.test-support.ts';
import type { CatalogEntry } from '../catalog/types.ts';
import check from './required-endpoint-blocked.ts';

// The remediation of required-endpoint-blocked findings: a concrete rule wherever a rule can decide,
// with names and priorities apart from every other finding's.
const topo = hubAndSpoke();
const catalog: CatalogEntry[] = [
  httpsEntry('aks.test.mcr', 'mcr.microsoft.com'),
  httpsEntry('aks.test.not-in-tag', 'example.azureedge.net'),
];

function drafts(inventory: Inventory): FindingDraft[] {
  return [
    ...check.run({ inventory, analysis: createAnalysis(inventory), settings: { catalog }, now: TEST_NOW }),
  ].filter((d) => d.subject !== undefined);
}

describe('required-endpoint-blocked remediation', () => {
  it('an endpoint the FQDN tag is not documented to hold is undecided, with a concrete rule that decides it', () => {
    // AzureKubernetesService is documented to cover the core AKS entries only (catalog/fqdn-tags.ts):
    // neither test entry is one of them, so both are undecided, the same way, each with a rule by name.
    const inventory = inventoryOf(
      ...topo.items,
      policy(topo.policyName, { groups: ['rcg'] }),
      ruleGroup(topo.policyName, 'rcg', 100, [
        collection('aks', 100, 'Allow', [
          appRule('tag', { sources: ['10.1.0.0/22'], fqdnTags: ['AzureKubernetesService'] }),
        ]),
      ]),
    );
    const found = drafts(inventory);
    expect(found.map((d) => [d.subject, d.status])).toEqual([
      ['aks.test.mcr', 'unknown'],
      ['aks.test.not-in-tag', 'unknown'],
    ]);
    for (const d of found) {
      expect(d.remediation?.text).toMatch(/^No document says the FQDN tag holds \S+: allow .* by name/);
      expect(d.remediation?.cli).toMatch(
        /add-filter-collection .* --target-fqdns (mcr\.microsoft\.com|example\.azureedge\.net)$/,
      );
    }
  });

  it('two blocked endpoints of one cluster get two collections: no name or priority shared', () => {
    const inventory = inventoryOf(
      ...topo.items,
      policy(topo.policyName, { groups: ['rcg'] }),
      ruleGroup(topo.policyName, 'rcg', 100, [
        collection('other', 100, 'Allow', [appRule('web', { sources: ['10.1.0.0/22'], fqdns: ['www.example.com'] })]),
      ]),
    );
    const clis = drafts(inventory).map((d) => d.remediation?.cli ?? '');
    const flag = (name: string) => clis.map((c) => new RegExp(`${name} (\\S+)`).exec(c)?.[1]);
    expect(flag('--name')).toEqual(['allow-aks-test-mcr', 'allow-aks-test-not-in-tag']);
    expect(flag('--collection-priority')).toEqual(['110', '120']);
  });
});
