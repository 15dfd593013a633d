import { findingOf, ids, resultOf } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { AuditResult, CoverageEntry, Finding } from '../model/finding.ts';
import { compareAudits } from './compare.ts';

const cluster = { id: ids.aks('aks-a'), name: 'aks-a', kind: 'aks' };
const clusterResource = { id: cluster.id, name: 'aks-a', type: 'Microsoft.ContainerService/managedClusters' };

const endpointFinding = (
  id: string,
  status: Finding['status'],
  subject: string,
  severity: Finding['severity'] = 'high',
) =>
  findingOf({
    id,
    checkId: 'required-endpoint-blocked',
    status,
    severity,
    subject,
    cluster,
    resourceId: cluster.id,
    resource: clusterResource,
  });

const coverage = (
  endpointId: string,
  verdict: CoverageEntry['verdict'],
  witness: string,
  required = true,
): CoverageEntry => ({
  cluster,
  endpointId,
  endpoint: { destination: `${endpointId}.example`, protocol: 'TCP/Https', port: '443' },
  required,
  verdict,
  witness,
});

const compare = (before: AuditResult, after: AuditResult, changeErrors: { source: string; message: string }[] = []) =>
  compareAudits({
    before,
    after,
    changes: [],
    changeErrors,
    notes: [],
    inputs: { today: ['in'], changes: ['c.json'] },
  });

describe('comparing the audits of today and of the proposed state', () => {
  it('matches findings by fingerprint: introduced, resolved, unchanged', () => {
    const before = resultOf({
      findings: [
        endpointFinding('a', 'pass', 'e.a'),
        endpointFinding('b', 'fail', 'e.b'),
        endpointFinding('c', 'fail', 'e.c'),
        endpointFinding('d', 'unknown', 'e.d'),
      ],
    });
    const after = resultOf({
      findings: [
        endpointFinding('a', 'fail', 'e.a'),
        endpointFinding('b', 'pass', 'e.b'),
        endpointFinding('c', 'fail', 'e.c'),
        endpointFinding('d', 'fail', 'e.d'),
        endpointFinding('e', 'unknown', 'e.e'),
      ],
    });
    const result = compare(before, after);
    // Undecided today and failing after is introduced: it is a failure now known.
    expect(result.introduced.map((f) => f.id)).toEqual(['a', 'd', 'e']);
    expect(result.resolved.map((f) => f.id)).toEqual(['b']);
    expect(result.unchanged).toBe(1);
    expect(result.verdict).toBe(
      'This change introduces 2 failing findings (2 high); makes 1 finding undecidable; resolves 1 finding.',
    );
  });

  it('a finding gone from an incomplete proposed state is not reassessed, not resolved', () => {
    const before = resultOf({ findings: [endpointFinding('b', 'fail', 'e.b')] });
    const result = compare(before, resultOf({ incomplete: true }));
    expect(result.resolved).toEqual([]);
    expect(result.notReassessed.map((f) => f.id)).toEqual(['b']);
    expect(result.incomplete).toBe(true);
  });

  it("a finding gone because its check judged the resource as a whole is not reassessed (the cluster's egress left the firewall)", () => {
    const before = resultOf({ findings: [endpointFinding('b', 'fail', 'e.b')] });
    const whole = findingOf({
      id: 'w',
      checkId: 'required-endpoint-blocked',
      status: 'skip',
      message: 'egress does not pass through a firewall',
      cluster,
      resourceId: cluster.id,
      resource: clusterResource,
    });
    const result = compare(before, resultOf({ findings: [whole] }));
    expect(result.resolved).toEqual([]);
    expect(result.notReassessed.map((f) => f.id)).toEqual(['b']);
  });

  it('lists the verdicts that move, with the witness of each side; a missing verdict is explained by the whole-cluster finding', () => {
    const before = resultOf({
      findings: [endpointFinding('x', 'pass', 'e.x'), endpointFinding('y', 'pass', 'e.y')],
      coverage: [
        coverage('e.x', 'allowed', 'aks-core'),
        coverage('e.y', 'allowed', 'aks-core'),
        coverage('e.z', 'denied', 'default deny', false),
      ],
    });
    const undecided = findingOf({
      id: 'u',
      checkId: 'required-endpoint-blocked',
      status: 'unknown',
      message: 'rules unreadable',
      cluster,
      resourceId: cluster.id,
      resource: clusterResource,
    });
    const after = resultOf({ findings: [undecided], coverage: [coverage('e.z', 'allowed', 'new rule', false)] });
    const result = compare(before, after);
    expect(result.verdictChanges).toEqual([
      expect.objectContaining({
        endpoint: 'e.x',
        required: true,
        before: 'allowed',
        after: 'not-evaluated',
        witnessBefore: 'aks-core',
        witnessAfter: 'rules unreadable',
      }),
      expect.objectContaining({ endpoint: 'e.y', required: true, before: 'allowed', after: 'not-evaluated' }),
      expect.objectContaining({
        endpoint: 'e.z',
        required: false,
        before: 'denied',
        after: 'allowed',
        witnessAfter: 'new rule',
      }),
    ]);
    expect(result.verdict).toBe(
      'This change leaves 2 required endpoints of aks-a undecided; makes 1 finding undecidable.',
    );
  });

  it('says which required endpoints a change blocks and unblocks', () => {
    const before = resultOf({
      coverage: [coverage('e.a', 'allowed', 'r1'), coverage('e.b', 'denied', 'default deny')],
    });
    const after = resultOf({ coverage: [coverage('e.a', 'denied', 'default deny'), coverage('e.b', 'allowed', 'r2')] });
    expect(compare(before, after).verdict).toBe(
      'This change blocks 1 required endpoint of aks-a; unblocks 1 required endpoint of aks-a.',
    );
  });

  it('is incomplete when the change could not be applied in full, and says so in the verdict', () => {
    const result = compare(resultOf(), resultOf(), [{ source: 'c.json /changes/0', message: 'no id' }]);
    expect(result.incomplete).toBe(true);
    expect(result.errors).toEqual([{ source: 'c.json /changes/0', message: 'no id' }]);
    expect(result.verdict).toBe(
      'This change introduces no finding. Incomplete: some of the input or the change could not be read or applied, or a value is known only once the change is made.',
    );
  });

  it("prefixes each audit's own errors with the state it belongs to", () => {
    const errors = [{ source: 'a.json', message: 'not JSON' }];
    const result = compare(resultOf({ errors, incomplete: true }), resultOf({ errors, incomplete: true }));
    expect(result.errors).toEqual([
      { source: 'today: a.json', message: 'not JSON' },
      { source: 'proposed: a.json', message: 'not JSON' },
    ]);
  });
});
