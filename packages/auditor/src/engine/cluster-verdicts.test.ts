import { cluster, hubAndSpoke, inventoryOf, routeTable, subnet } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { ClusterVerdict, CoverageVerdict } from '../model/finding.ts';
import type { Inventory } from '../model/inventory.ts';
import { type ClusterContribution, defineCheck, type FindingDraft } from './check.ts';
import { runAudit } from './run.ts';

// A stand-in for the check that decides cluster egress: it reports the given coverage and contributions,
// so each case states what the checks decided and the test reads the verdict the engine derives from it.
type Decided = [endpointId: string, required: boolean, verdict: CoverageVerdict];

function verdictOf(
  inventory: Inventory,
  decided: Decided[],
  contribution: Omit<ClusterContribution, 'clusterId'> = {},
  options: { crash?: boolean } = {},
): Omit<ClusterVerdict, 'id' | 'paths' | 'beyondRequired'> & { paths: string[] } {
  const target = inventory.clusters[0];
  if (!target) throw new Error('no cluster');
  const ref = { id: target.id, name: target.name, kind: target.kind };
  const check = defineCheck<'decided'>({
    meta: {
      id: 'egress-decider',
      code: 'AZFW100',
      severity: 'high',
      title: 't',
      risk: 'r',
      remediation: 'r',
      references: [],
      messages: { decided: 'decided' },
    },
    *run() {
      for (const [endpointId, required, verdict] of decided) {
        const draft: FindingDraft<'decided'> = {
          status: verdict === 'denied' ? 'fail' : 'pass',
          messageId: 'decided',
          resource: { id: target.id, name: target.name, type: target.type },
          cluster: ref,
          subject: endpointId,
          endpoint: { destination: endpointId, protocol: 'TCP/Https', port: '443' },
          coverage: { endpointId, required, verdict, witness: 'w' },
        };
        yield draft;
      }
    },
    *clusters() {
      if (options.crash) throw new Error('boom');
      yield { clusterId: target.id, ...contribution };
    },
  });
  const result = runAudit([check], {
    inventory,
    settings: {},
    tool: { name: 't', version: '0' },
    generatedAt: new Date('2026-11-22T00:00:00Z'),
    inputs: [],
    errors: [],
  });
  const [verdict] = result.clusters;
  if (!verdict) throw new Error('no verdict');
  const { id: _, beyondRequired: __, paths, ...rest } = verdict;
  return { ...rest, paths: paths.map((p) => `${p.from} → ${p.to}${p.firewall ? ` ${p.firewall.name}` : ''}`) };
}

const routed = inventoryOf(...hubAndSpoke().items);
const bypassing = inventoryOf(...hubAndSpoke({ routes: [['0.0.0.0/0', 'Internet']] }).items);
const split = (() => {
  const hub = hubAndSpoke();
  const other = subnet('vnet-spoke', 'snet-pods', '10.1.8.0/22', { routeTable: 'rt-pods' });
  return inventoryOf(
    ...hub.items.filter((i) => i.type !== 'Microsoft.ContainerService/managedClusters'),
    other,
    routeTable('rt-pods', [['0.0.0.0/0', 'Internet']], [other.id]),
    cluster('aks', 'aks-test', { egressSubnetIds: [hub.nodes.id, other.id], outboundType: 'userDefinedRouting' }),
  );
})();

const counts = (required: number, allowed: number, blocked: number, unknown: number, proxied: number) => ({
  required,
  allowed,
  blocked,
  unknown,
  proxied,
});
const noOptional = { allowed: 0, denied: 0, unknown: 0 };
const base = { name: 'aks-test', kind: 'aks' };
const viaFirewall = ['vnet-spoke/snet-nodes → firewall afw-test'];

describe('per-cluster verdicts, from the coverage the checks decided and the path analysis', () => {
  it.each([
    {
      name: 'every required endpoint allowed: ok',
      inventory: routed,
      decided: [
        ['a', true, 'allowed'],
        ['b', true, 'allowed'],
      ] as Decided[],
      expected: {
        verdict: 'ok',
        reason: 'reaches its 2 required endpoints through firewall afw-test',
        ...counts(2, 2, 0, 0, 0),
        optional: noOptional,
        paths: viaFirewall,
      },
    },
    {
      name: 'a denied optional endpoint is counted apart and does not change the verdict',
      inventory: routed,
      decided: [
        ['a', true, 'allowed'],
        ['opt', false, 'denied'],
        ['opt2', false, 'allowed'],
      ] as Decided[],
      expected: {
        verdict: 'ok',
        reason: 'reaches its 1 required endpoint through firewall afw-test',
        ...counts(1, 1, 0, 0, 0),
        optional: { allowed: 1, denied: 1, unknown: 0 },
        paths: viaFirewall,
      },
    },
    {
      name: 'one required endpoint denied and one partly allowed: blocked, naming both',
      inventory: routed,
      decided: [
        ['a', true, 'denied'],
        ['b', true, 'partial'],
        ['c', true, 'allowed'],
      ] as Decided[],
      expected: {
        verdict: 'blocked',
        reason: 'cannot reach 2 required endpoints: a, b',
        ...counts(3, 1, 2, 0, 0),
        optional: noOptional,
        paths: viaFirewall,
      },
    },
    {
      name: 'an endpoint decided on two paths, allowed on one and denied on the other, is blocked',
      inventory: routed,
      decided: [
        ['a', true, 'allowed'],
        ['a', true, 'denied'],
      ] as Decided[],
      expected: {
        verdict: 'blocked',
        reason: 'cannot reach 1 required endpoint: a',
        ...counts(1, 0, 1, 0, 0),
        optional: noOptional,
        paths: viaFirewall,
      },
    },
    {
      name: 'an undecided required endpoint: unknown',
      inventory: routed,
      decided: [
        ['a', true, 'allowed'],
        ['b', true, 'unknown'],
      ] as Decided[],
      expected: {
        verdict: 'unknown',
        reason: 'whether it can reach 1 required endpoint (b) is not known',
        ...counts(2, 1, 0, 1, 0),
        optional: noOptional,
        paths: viaFirewall,
      },
    },
    {
      name: 'required endpoints proxied by the ARO service count as reached',
      inventory: routed,
      decided: [
        ['a', true, 'not-required'],
        ['b', true, 'allowed'],
      ] as Decided[],
      expected: {
        verdict: 'ok',
        reason:
          'reaches its 2 required endpoints: 1 through firewall afw-test, 1 through the ARO service (egress lockdown)',
        ...counts(2, 1, 0, 0, 1),
        optional: noOptional,
        paths: viaFirewall,
      },
    },
    {
      name: 'the subnet routes to the Internet: bypass, whatever was decided',
      inventory: bypassing,
      decided: [] as Decided[],
      expected: {
        verdict: 'bypass',
        reason: 'Internet-bound traffic of vnet-spoke/snet-nodes goes around the firewall',
        ...counts(0, 0, 0, 0, 0),
        optional: noOptional,
        paths: ['vnet-spoke/snet-nodes → bypass'],
      },
    },
    {
      name: 'one subnet through the firewall with a block, one around it: blocked, saying both',
      inventory: split,
      decided: [['a', true, 'denied']] as Decided[],
      expected: {
        verdict: 'blocked',
        reason:
          'cannot reach 1 required endpoint: a; Internet-bound traffic of vnet-spoke/snet-pods goes around the firewall',
        ...counts(1, 0, 1, 0, 0),
        optional: noOptional,
        paths: [...viaFirewall, 'vnet-spoke/snet-pods → bypass'],
      },
    },
    {
      name: 'nothing decided and nothing said: not audited, never ok',
      inventory: routed,
      decided: [] as Decided[],
      expected: {
        verdict: 'not-audited',
        reason: 'no check judged its required endpoints in this audit',
        ...counts(0, 0, 0, 0, 0),
        optional: noOptional,
        paths: viaFirewall,
      },
    },
  ])('$name', ({ inventory, decided, expected }) => {
    expect(verdictOf(inventory, decided)).toEqual({ ...base, ...expected });
  });

  it('takes the reason a check gives when it could not judge the cluster', () => {
    const verdict = verdictOf(routed, [], {
      undecided: { verdict: 'not-audited', reason: 'no egress requirements are catalogued for AKS clusters' },
    });
    expect([verdict.verdict, verdict.reason]).toEqual([
      'not-audited',
      'no egress requirements are catalogued for AKS clusters',
    ]);
  });

  it('a crashed check leaves the cluster unknown, never ok', () => {
    const verdict = verdictOf(routed, [['a', true, 'allowed']], {}, { crash: true });
    expect([verdict.verdict, verdict.reason]).toEqual(['unknown', 'check egress-decider failed: boom']);
  });
});
