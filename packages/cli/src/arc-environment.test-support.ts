/**
 * The demo with its Arc cluster's `aro-aks-audit.egress-cidrs` tag removed, so that its egress ranges
 * come from `--cluster-cidr` only (README, Features), and the same without collection
 * `arc-agents-required`, the only rule that allows the Arc agents' endpoints from its range. Every FQDN
 * that rule lists is "Required" by "Azure Arc-enabled Kubernetes network requirements" (Azure Cloud;
 * MicrosoftDocs/azure-management-docs, articles/azure-arc/kubernetes/includes/network-requirements-azure-cloud.md
 * at 4bf41d8b65873a1d4768cd5d30898951095cfbf0, lines 14-20; extract in fixtures/docs): without the rule,
 * each is blocked by the default deny.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO } from './demo.test-support.ts';

const DEMO = path.join(REPO, 'fixtures/demo/arm');
export const ARC = 'arc-edge-store-042';
export const ARC_CIDR = '10.60.8.0/24';
/** The FQDNs of rule arc-core (collection arc-agents-required, rcg-platform-aks of afwp-base), all required by the Arc page. */
export const ARC_CORE_FQDNS = [
  'management.azure.com',
  'eastus.dp.kubernetesconfiguration.azure.com',
  'login.microsoftonline.com',
  'eastus.login.microsoft.com',
  'login.windows.net',
  'mcr.microsoft.com',
  '*.data.mcr.microsoft.com',
  'gbl.his.arc.azure.com',
  '*.his.arc.azure.com',
];

type Json = Record<string, unknown>;
export const scratch = (name: string) => mkdtempSync(path.join(tmpdir(), `aro-aks-audit-${name}-`));
export const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

export interface ArcEnvironment {
  /** Today: the demo, the Arc cluster without its egress tag. */
  today: string;
  /** Today without collection arc-agents-required. */
  withoutArcRules: string;
  /** The change that removes it, and the one that puts it back: directories of ARM JSON. */
  removeArcRules: string;
  restoreArcRules: string;
  suppressions: string;
}

export function arcEnvironment(): ArcEnvironment {
  const today = scratch('today');
  cpSync(DEMO, today, { recursive: true });
  const arcFile = path.join(today, `${ARC}.json`);
  const arc = readJson(arcFile);
  delete arc.tags['aro-aks-audit.egress-cidrs'];
  writeFileSync(arcFile, JSON.stringify(arc, null, 2));

  const groups = readJson(path.join(today, 'rcg-afwp-base.json')) as { value: Json[] };
  const platform = groups.value.find((g) => g.name === 'rcg-platform-aks') as Json;
  const properties = platform.properties as { ruleCollections: Json[] };
  const without = {
    ...platform,
    properties: {
      ...properties,
      ruleCollections: properties.ruleCollections.filter((c) => c.name !== 'arc-agents-required'),
    },
  };
  if (without.properties.ruleCollections.length !== properties.ruleCollections.length - 1)
    throw new Error('the demo has no collection arc-agents-required');
  const changeDir = (name: string, group: Json) => {
    const dir = path.join(scratch(name), name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'rcg-platform-aks.json'), JSON.stringify(group, null, 2));
    return dir;
  };
  const withoutArcRules = scratch('proposed');
  cpSync(today, withoutArcRules, { recursive: true });
  writeFileSync(
    path.join(withoutArcRules, 'rcg-afwp-base.json'),
    JSON.stringify({ value: groups.value.map((g) => (g === platform ? without : g)) }, null, 2),
  );
  // The demo's accepted risks, and one for an Arc endpoint, whose mark both commands must agree on.
  const suppressions = path.join(scratch('suppressions'), 'suppressions.yaml');
  writeFileSync(
    suppressions,
    `${readFileSync(path.join(REPO, 'fixtures/demo/suppressions.yaml'), 'utf8')}  - check: required-endpoint-blocked
    resource: "/subscriptions/*/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/${ARC}"
    subject: arc.public.login-windows
    reason: the store's proxy reaches it on another path
    owner: edge-team@contoso.example
`,
  );
  return {
    today,
    withoutArcRules,
    removeArcRules: changeDir('remove-arc-rules', without),
    restoreArcRules: changeDir('restore-arc-rules', platform),
    suppressions,
  };
}
