import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findingOf, hostileResult, resultOf } from '@aro-aks-audit/testing';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderSarif, SARIF_FINGERPRINT_KEY, sarifLog } from './sarif.ts';
import schema from './schemas/sarif-2.1.0-rtm.5.json' with { type: 'json' };

/** A validator for the vendored SARIF 2.1.0 schema (draft-04; see schemas/README.md for the adaptation). */
function sarifValidator() {
  const { id, $schema: _draft04, ...rest } = schema as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///') && !/\s/.test(value));
  ajv.addFormat('date-time', (value: string) =>
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value),
  );
  return ajv.compile({ ...rest, $id: String(id) });
}

const validate = sarifValidator();

describe('renderSarif', () => {
  const result = hostileResult();
  const log = JSON.parse(renderSarif(result, { root: '/repo' }));
  const run = log.runs[0];

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('the demo’s SARIF (fixtures/golden/findings.sarif) validates too', () => {
    const golden = path.resolve(import.meta.dirname, '../../../../fixtures/golden/findings.sarif');
    const demo = JSON.parse(readFileSync(golden, 'utf8'));
    expect(validate(demo), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(demo.runs[0].results.length).toBeGreaterThan(0);
  });

  it('the schema check rejects what is not SARIF', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    const badLevel = structuredClone(log);
    badLevel.runs[0].results[0].level = 'critical';
    expect(validate(badLevel)).toBe(false);
  });

  it('has one rule per check, the permanent code as id, the level from the severity', () => {
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'AZFW101',
      'AZFW201',
      'AZFW301',
      'AZFW900',
    ]);
    const [blocked, , snat] = run.tool.driver.rules;
    expect(blocked).toMatchObject({
      name: 'required-endpoint-blocked',
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '8.0' },
      helpUri: 'https://learn.microsoft.com/azure/aks/outbound-rules-control-egress',
    });
    expect(snat.defaultConfiguration.level).toBe('warning');
  });

  it('reports failing and undecided findings, each with its fingerprint, rule and level', () => {
    expect(
      run.results.map(
        (r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints[SARIF_FINGERPRINT_KEY],
      ),
    ).toEqual(['f-blocked', 'f-broad', 'f-snat', 'f-incomplete']);
    expect(
      run.results.map((r: { ruleId: string; ruleIndex: number; level: string }) => [r.ruleId, r.ruleIndex, r.level]),
    ).toEqual([
      ['AZFW101', 0, 'error'],
      ['AZFW201', 1, 'error'],
      ['AZFW301', 2, 'warning'],
      ['AZFW900', 3, 'warning'],
    ]);
    expect(run.results[3].message.text).toMatch(/^Could not be decided: /);
  });

  it('locates a finding at its snapshot file and its Azure resource id', () => {
    const [blocked, broad] = run.results;
    expect(blocked.locations[0].physicalLocation.artifactLocation.uri).toBe('fixtures/test/clusters/aks.json');
    expect(blocked.locations[0].logicalLocations[0]).toEqual({
      fullyQualifiedName: result.findings[0]?.resourceId,
      name: result.findings[0]?.resource.name,
      kind: 'resource',
    });
    expect(blocked.properties.jsonPointer).toBe('/value/0');
    // Without a file (live collection), a path that names the resource: code scanning needs one.
    expect(broad.locations[0].physicalLocation.artifactLocation.uri).toMatch(
      /^azure\/subscriptions\/00000000-0000-0000-0000-000000000001\/resourcegroups\/rg-test\/providers\/microsoft\.network\/firewallpolicies\/afwp\/rulecollectiongroups\/=hyperlink\(%22https:/,
    );
  });

  it('makes snapshot paths relative to the root when the input is absolute, a file URI outside it', () => {
    const finding = findingOf({ id: 'x', checkId: 'overly-broad-rule', origin: { file: 'dir with space/rcg.json' } });
    const at = (input: string, root: string) =>
      sarifLog(resultOf({ scope: { ...resultOf().scope, inputs: [input] }, findings: [finding] }), { root }).runs[0]
        ?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri;
    expect(at('/repo/snapshots', '/repo')).toBe('snapshots/dir%20with%20space/rcg.json');
    expect(at('/elsewhere/snapshots', '/repo')).toBe('file:///elsewhere/snapshots/dir%20with%20space/rcg.json');
  });

  it('keeps suppressed findings as results with an accepted suppression', () => {
    expect(run.results[1].suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: expect.stringContaining('(owner: "><img') },
    ]);
  });

  it('says the run was incomplete and why', () => {
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications).toHaveLength(1);
  });

  it('a clean result is a valid SARIF log with no results', () => {
    const clean = sarifLog(resultOf());
    expect(validate(clean)).toBe(true);
    expect(clean.runs[0]?.results).toEqual([]);
    expect(clean.runs[0]?.invocations[0]?.executionSuccessful).toBe(true);
  });
});
