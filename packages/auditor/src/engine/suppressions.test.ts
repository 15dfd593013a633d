import { findingOf, resultOf, suppressionOf } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.ts';
import { applySuppressions, isExpired, parseSuppressions, type Suppression } from './suppressions.ts';

const POLICY_GROUP =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/afwp-hub/ruleCollectionGroups/rcg-app';

const unused = (overrides: Partial<Finding> = {}) =>
  findingOf({
    id: 'u1',
    checkId: 'unused-rule',
    code: 'AZFW208',
    resourceId: POLICY_GROUP,
    subject: 'afwp-hub / rcg-app / temp / r1',
    ...overrides,
  });

const suppression = suppressionOf;

describe('parseSuppressions', () => {
  it('reads a list under `suppressions`, with file and line of each entry', () => {
    const text = [
      'suppressions:',
      '  - check: AZFW208',
      '    resource: "/subscriptions/*/resourceGroups/rg-hub/**"',
      '    subject: "afwp-hub / rcg-app / temp / *"',
      '    reason: kept for the DR test',
      '    owner: platform@contoso.com',
      '    expires: 2027-03-31',
    ].join('\n');
    expect(parseSuppressions(text, 'sup.yaml')).toEqual({
      suppressions: [
        {
          check: 'AZFW208',
          resource: '/subscriptions/*/resourceGroups/rg-hub/**',
          subject: 'afwp-hub / rcg-app / temp / *',
          reason: 'kept for the DR test',
          owner: 'platform@contoso.com',
          expires: '2027-03-31',
          source: 'sup.yaml:2',
        },
      ],
      errors: [],
    });
  });

  it.each([
    [
      'a missing reason and owner',
      '- check: unused-rule\n  resource: "*"\n',
      'sup.yaml:1',
      /reason is required; owner is required/,
    ],
    [
      'an expiry that is not a date',
      '- check: x\n  resource: "*"\n  reason: r\n  owner: o\n  expires: next year\n',
      'sup.yaml:1',
      /expires next year is not a date/,
    ],
    [
      'an unknown field',
      '- check: x\n  resource: "*"\n  reason: r\n  owner: o\n  until: 2027-01-01\n',
      'sup.yaml:1',
      /unknown field until/,
    ],
    [
      'YAML that does not parse (an unclosed list, reported where the input ends)',
      'suppressions:\n  - check: [x\n',
      'sup.yaml:3',
      /./,
    ],
    ['a document that is not a list', 'check: x\n', 'sup.yaml:1', /expected a list of suppressions/],
  ])('names the file and line of %s', (_name, text, source, message) => {
    const { errors } = parseSuppressions(text, 'sup.yaml');
    expect(errors[0]?.source).toBe(source);
    expect(errors[0]?.message).toMatch(message);
  });

  it('keeps the valid entries beside an invalid one', () => {
    const text = '- check: a\n  resource: "*"\n  reason: r\n  owner: o\n- check: b\n  resource: "*"\n';
    const { suppressions, errors } = parseSuppressions(text, 'sup.yaml');
    expect(suppressions.map((s) => s.check)).toEqual(['a']);
    expect(errors.map((e) => e.source)).toEqual(['sup.yaml:5']);
  });
});

describe('applySuppressions', () => {
  const cases: { name: string; suppression: Suppression; finding?: Finding; suppressed: boolean }[] = [
    { name: 'by check id and a resource glob across segments', suppression: suppression(), suppressed: true },
    { name: 'by check code', suppression: suppression({ check: 'AZFW208' }), suppressed: true },
    {
      name: 'resource ids compare case-insensitively, as ARM ids do',
      suppression: suppression({ resource: POLICY_GROUP.toUpperCase() }),
      suppressed: true,
    },
    {
      name: '`*` stays within one segment',
      suppression: suppression({ resource: '/subscriptions/*/resourceGroups/rg-hub/*' }),
      suppressed: false,
    },
    {
      name: 'a subject glob matches rule paths, `*` crossing their slashes',
      suppression: suppression({ subject: 'afwp-hub / * / r1' }),
      suppressed: true,
    },
    {
      name: 'another subject does not match',
      suppression: suppression({ subject: 'afwp-hub / rcg-app / temp / r2' }),
      suppressed: false,
    },
    {
      name: 'another check does not match',
      suppression: suppression({ check: 'overly-broad-rule' }),
      suppressed: false,
    },
    {
      name: 'a passing finding is not marked',
      suppression: suppression(),
      finding: unused({ status: 'pass' }),
      suppressed: false,
    },
    {
      name: 'on its expiry day the suppression still holds',
      suppression: suppression({ expires: '2026-11-22' }),
      suppressed: true,
    },
    {
      name: 'the day after, it no longer suppresses',
      suppression: suppression({ expires: '2026-11-21' }),
      suppressed: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // resultOf's clock: 2026-11-22T00:00:00Z
      const result = applySuppressions(resultOf({ findings: [c.finding ?? unused()] }), [c.suppression]);
      expect(result.findings).toHaveLength(1);
      expect(Boolean(result.findings[0]?.suppressed)).toBe(c.suppressed);
    });
  }

  it('keeps the reason, owner and expiry on the finding; the first matching entry wins', () => {
    const result = applySuppressions(resultOf({ findings: [unused()] }), [
      suppression({ reason: 'first', expires: '2027-01-01' }),
      suppression({ reason: 'second' }),
    ]);
    expect(result.findings[0]?.suppressed).toEqual({
      reason: 'first',
      owner: 'platform@contoso.com',
      expires: '2027-01-01',
    });
    expect(result.notes).toEqual([
      expect.objectContaining({ kind: 'suppression-unused', source: 'suppressions.yaml:2' }),
    ]);
  });

  it('notes a suppression that matches no open finding', () => {
    const result = applySuppressions(resultOf({ findings: [] }), [suppression()]);
    expect(result.notes.map((n) => n.kind)).toEqual(['suppression-unused']);
  });
});

describe('isExpired', () => {
  it('holds through the end of the expiry day, UTC', () => {
    const s = suppression({ expires: '2026-11-22' });
    expect(isExpired(s, new Date('2026-11-22T23:59:59.999Z'))).toBe(false);
    expect(isExpired(s, new Date('2026-11-23T00:00:00.000Z'))).toBe(true);
    expect(isExpired(suppression(), new Date('2100-01-01T00:00:00Z'))).toBe(false);
  });
});
