import { findingOf, hostileResult, resultOf } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { ocsfFindings, renderOcsf } from './ocsf.ts';

describe('renderOcsf', () => {
  const events = ocsfFindings(hostileResult());

  it('writes one Detection Finding (class 2004, Create) per failing or undecided finding', () => {
    expect(events.map((e) => e.finding_info.uid)).toEqual(['f-blocked', 'f-broad', 'f-snat', 'f-incomplete']);
    for (const e of events)
      expect(e).toMatchObject({
        class_uid: 2004,
        category_uid: 2,
        activity_id: 1,
        type_uid: 200401,
        time: Date.parse('2026-11-22T00:00:00.000Z'),
        metadata: { version: '1.5.0', product: { name: 'aro-aks-audit', version: '1.2.3' } },
      });
  });

  it('maps severity, status, confidence and the alert flag', () => {
    expect(events.map((e) => [e.severity_id, e.status_id, e.confidence_id, e.is_alert])).toEqual([
      [4, 1, 3, true], // high fail
      [4, 3, 3, false], // suppressed
      [3, 1, 3, true], // medium fail
      [3, 1, 1, false], // unknown: could not be decided
    ]);
    expect(events[1]?.status).toBe('Suppressed');
  });

  it('names the check as the analytic, the resource and the cluster as affected resources, Azure as the cloud', () => {
    const [blocked] = events;
    expect(blocked?.finding_info.analytic).toEqual({
      uid: 'AZFW101',
      name: 'required-endpoint-blocked',
      type_id: 1,
      type: 'Rule',
    });
    expect(blocked?.resources).toHaveLength(1); // the cluster is the resource
    expect(blocked?.cloud).toEqual({ provider: 'Azure', account: { uid: '00000000-0000-0000-0000-000000000001' } });
    expect(blocked?.resources[0]).toMatchObject({
      type: 'Microsoft.ContainerService/managedClusters',
      group: { name: 'rg-test' },
    });
    expect(blocked?.evidences[0]).toMatchObject({
      name: 'rule',
      resources: [{ uid: expect.stringContaining('ruleCollectionGroups') }],
    });
    expect(blocked?.remediation.references).toEqual([
      'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress',
      'javascript:alert(1)',
    ]);
    expect(blocked?.unmapped).toMatchObject({ check_status: 'fail', change: 'new', audit_incomplete: true });
  });

  it('is a JSON array, empty for a clean result', () => {
    expect(
      JSON.parse(
        renderOcsf(resultOf({ findings: [findingOf({ id: 'p', checkId: 'overly-broad-rule', status: 'pass' })] })),
      ),
    ).toEqual([]);
  });
});
