import type {
  Check,
  FindingDraft,
  Inventory,
  LogEvidence,
  MessageData,
  Status,
  Suppression,
} from '@aro-aks-audit/auditor';
import { createAnalysis, toFinding } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';

/** What a case expects of one finding: compared on ids and data, never on rendered English. */
export interface ExpectedFinding {
  messageId: string;
  subject?: string;
  resourceName?: string;
  /** Values the finding's data must hold; `undefined` says the key must be absent. */
  data?: Partial<MessageData>;
}

export interface CheckCase<Settings> {
  /** A sentence about the situation; the test is named after it. */
  name: string;
  inventory: Inventory;
  settings?: Settings;
  /** Firewall log evidence the checks see (testing/logs.ts builds it from flow records). */
  logs?: LogEvidence;
  /** The suppressions file's entries the checks see. */
  suppressions?: Suppression[];
  /** The audit's clock; TEST_NOW when absent. */
  now?: Date;
  /** The findings of the bucket's status, in order (partial match). Omit to only require the status. */
  expect?: ExpectedFinding[];
  /** Findings of other statuses this case also yields (e.g. passes beside one fail), by message id. */
  alsoYields?: Partial<Record<Status, number>>;
}

/** The clock of check tests unless a case sets its own. */
export const TEST_NOW = new Date('2026-11-22T00:00:00.000Z');

export type CheckCases<Settings> = Partial<Record<Status, CheckCase<Settings>[]>> & { settings?: Settings };

/** The drafts of one case, each rendered strictly (a message naming a key its data lacks throws). */
export function runCase<Settings>(
  check: Check<string, Settings>,
  testCase: CheckCase<Settings>,
  settings: Settings,
): FindingDraft[] {
  const drafts = [
    ...check.run({
      inventory: testCase.inventory,
      analysis: createAnalysis(testCase.inventory),
      settings,
      now: testCase.now ?? TEST_NOW,
      ...(testCase.logs && { logs: testCase.logs }),
      ...(testCase.suppressions && { suppressions: testCase.suppressions }),
    }),
  ];
  // Rendering every draft proves each message id exists and the data holds every key its template names.
  for (const draft of drafts) {
    try {
      toFinding(check as Check<string, never>, draft, 'throw');
    } catch (error) {
      throw new Error(`check ${check.meta.id}, message ${draft.messageId}: ${(error as Error).message}`);
    }
  }
  return drafts;
}

/**
 * Table-driven tests for one check, after typescript-eslint's RuleTester: one `describe` per check,
 * one `it` per case, grouped by status. Fails when a case yields a status it does not declare, and when
 * a message id of the check is never produced by any case.
 */
export const checkTester = {
  run<Settings>(check: Check<string, Settings>, cases: CheckCases<Settings>): void {
    const produced = new Set<string>();
    const names = new Set<string>();
    describe(check.meta.id, () => {
      for (const status of ['pass', 'fail', 'unknown', 'skip'] as const) {
        const bucket = cases[status] ?? [];
        if (bucket.length === 0) continue;
        describe(status, () => {
          for (const testCase of bucket) {
            if (names.has(testCase.name)) throw new Error(`duplicate case name: ${testCase.name}`);
            names.add(testCase.name);
            it(testCase.name, () => {
              const drafts = runCase(check, testCase, (testCase.settings ?? cases.settings) as Settings);
              for (const d of drafts) produced.add(d.messageId);
              const ofStatus = drafts.filter((d) => d.status === status);
              expect(ofStatus.length, `the case yields no ${status} finding`).toBeGreaterThan(0);
              const others: Partial<Record<Status, number>> = {};
              for (const d of drafts) if (d.status !== status) others[d.status] = (others[d.status] ?? 0) + 1;
              expect(others, 'findings of other statuses').toEqual(testCase.alsoYields ?? {});
              if (testCase.expect) {
                const actual = ofStatus.map((d, i) => pick(d, testCase.expect?.[i]));
                expect(actual).toEqual(testCase.expect);
              }
            });
          }
        });
      }
      it('produces every message id it declares in at least one case', () => {
        expect([...produced].sort()).toEqual(expect.arrayContaining(Object.keys(check.meta.messages).sort()));
      });
    });
  },
};

/** The fields of a draft that an expectation names, so the comparison stays partial. */
function pick(draft: FindingDraft, expected: ExpectedFinding | undefined): ExpectedFinding {
  const out: ExpectedFinding = { messageId: draft.messageId };
  if (expected?.subject !== undefined) out.subject = draft.subject as string;
  if (expected?.resourceName !== undefined) out.resourceName = draft.resource.name;
  if (expected?.data !== undefined) {
    out.data = Object.fromEntries(Object.keys(expected.data).map((k) => [k, draft.data?.[k]]));
  }
  return out;
}
