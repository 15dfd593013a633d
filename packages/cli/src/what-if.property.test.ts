/**
 * Property: a change whose `after` equals `before` introduces nothing, resolves nothing and moves no
 * verdict — for any input, here random subsets of the demo's resources with random edits (fields
 * removed, values replaced by ones that change verdicts), and any subset of them "modified" to what
 * they already are.
 */
import { type CollectedResources, parseChangeDocument, type RawResource } from '@aro-aks-audit/auditor';
import { collectFiles } from '@aro-aks-audit/auditor/io';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditCollected } from './audit.ts';
import { DEMO } from './demo.test-support.ts';
import { judgeChanges } from './what-if.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Values that move verdicts when they land in a route, a rule or a cluster. */
const REPLACEMENTS = ['Internet', 'VirtualAppliance', '*', '0.0.0.0/0', '10.0.1.4', 'userDefinedRouting', ''];

/** Every path to an object member below `properties`, so an edit can land anywhere the normalizer reads. */
function memberPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  if (Array.isArray(value)) for (const [i, item] of value.entries()) memberPaths(item, [...path, i], out);
  else if (isObject(value))
    for (const [key, child] of Object.entries(value)) {
      out.push([...path, key]);
      memberPaths(child, [...path, key], out);
    }
  return out;
}

interface Edit {
  resource: number;
  path: number;
  replace: number | undefined;
}

function edited(resource: RawResource, edits: readonly Edit[]): RawResource {
  const body = structuredClone(resource.body);
  for (const edit of edits) {
    const paths = memberPaths(body.properties, ['properties']);
    const target = paths[edit.path % Math.max(paths.length, 1)];
    if (!target) continue;
    const key = target.at(-1) as string;
    let holder: unknown = body;
    for (const step of target.slice(0, -1)) holder = (holder as Record<string | number, unknown>)[step];
    if (!isObject(holder)) continue;
    if (edit.replace === undefined) delete holder[key];
    else if (typeof holder[key] === 'string') holder[key] = REPLACEMENTS[edit.replace % REPLACEMENTS.length];
  }
  return { ...resource, body };
}

const DEMO_RESOURCES = (await collectFiles(DEMO.input)).resources;

const inputArbitrary = fc.record({
  kept: fc.subarray(
    DEMO_RESOURCES.map((_, i) => i),
    { minLength: 1 },
  ),
  edits: fc.array(
    fc.record({
      resource: fc.nat(),
      path: fc.nat(),
      replace: fc.option(fc.nat(), { nil: undefined }),
    }),
    { maxLength: 6 },
  ),
  modified: fc.array(fc.boolean(), { minLength: DEMO_RESOURCES.length, maxLength: DEMO_RESOURCES.length }),
});

const NOW = new Date('2026-11-22T00:00:00Z');

describe('what-if property', () => {
  it('a change whose after equals before introduces nothing, resolves nothing and moves no verdict', async () => {
    await fc.assert(
      fc.asyncProperty(inputArbitrary, async ({ kept, edits, modified }) => {
        const resources = kept.map((index, position) =>
          edited(
            DEMO_RESOURCES[index] as RawResource,
            edits.filter((e) => e.resource % kept.length === position),
          ),
        );
        const today: CollectedResources = { resources, errors: [], sourcesRead: ['demo'] };
        const changes = resources
          .filter((r, i) => modified[i] && typeof r.body.id === 'string')
          .map((r) => ({
            resourceId: r.body.id,
            changeType: 'Modify',
            before: r.body,
            after: structuredClone(r.body),
          }));
        const set = parseChangeDocument({ status: 'Succeeded', changes }, 'same.json', resources);
        if ('error' in set) throw new Error(set.error);
        const { result, proposed } = await judgeChanges(today, [set], {
          inputs: ['demo'],
          changes: ['same.json'],
          now: NOW,
        });
        expect(result.introduced.map((f) => f.id)).toEqual([]);
        expect(result.resolved.map((f) => f.id)).toEqual([]);
        expect(result.verdictChanges).toEqual([]);
        // The proposed state's audit is today's, finding by finding.
        const todayAudit = await auditCollected(today, {
          logs: [],
          clusterCidrs: [],
          now: NOW,
          version: 'test',
          inputs: ['demo'],
        });
        expect(proposed.findings.map((f) => [f.id, f.status])).toEqual(
          todayAudit.findings.map((f) => [f.id, f.status]),
        );
      }),
      { numRuns: 100 },
    );
  });
});
