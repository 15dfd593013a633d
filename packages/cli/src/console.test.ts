import { findingOf, HOSTILE, resultOf } from '@aro-aks-audit/testing';
import { describe, expect, it } from 'vitest';
import { renderConsoleSummary } from './console.ts';

const result = resultOf({
  findings: [
    findingOf({
      id: 'a',
      checkId: 'overly-broad-rule',
      message: `rule ${HOSTILE.terminal} is over-broad`,
      change: 'new',
    }),
    findingOf({ id: 'b', checkId: 'snat-exhaustion-risk', status: 'unknown' }),
    findingOf({ id: 'c', checkId: 'required-endpoint-blocked', severity: 'info' }),
    findingOf({ id: 'd', checkId: 'required-endpoint-blocked', status: 'pass', severity: 'info' }),
  ],
});

describe('renderConsoleSummary', () => {
  it('prints a compact table by severity, then one line per open finding, without colour off a TTY', () => {
    const text = renderConsoleSummary(result, { colour: false });
    expect(text).not.toContain('\x1b');
    expect(text.split('\n').slice(1, 8)).toEqual([
      'severity   fail  unknown',
      'critical      0        0',
      'high          1        0',
      'medium        0        1',
      'low           0        0',
      'info          1        0',
      '1 passed',
    ]);
    expect(text).toMatch(/^HIGH {5}fail {4}AZFW201 overly-broad-rule .* NEW$/m);
    expect(text).toMatch(/^MEDIUM {3}unknown AZFW301 snat-exhaustion-risk/m);
    expect(text).toContain('(1 informational findings');
  });

  it('colours by severity only when asked (a TTY)', () => {
    const text = renderConsoleSummary(result, { colour: true });
    expect(text).toContain('\x1b[31mhigh     \x1b[0m');
  });

  it('never passes control characters from Azure names to the terminal', () => {
    for (const colour of [false, true]) {
      const line = renderConsoleSummary(result, { colour })
        .split('\n')
        .find((l) => l.includes('overly-broad-rule'));
      // Only the summary's own colour codes remain: ESC followed by `[<digits>m`.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is tested.
      expect(line?.replace(/\x1b\[[\d;]*m/g, '')).not.toMatch(/[\x00-\x1f\x7f]/);
    }
  });

  it('leads with what changed since the baseline and ends with the incomplete warning', () => {
    const text = renderConsoleSummary(
      {
        ...result,
        incomplete: true,
        baseline: {
          source: 'prev.json',
          generatedAt: '2026-11-01T00:00:00Z',
          newFindings: 1,
          unchangedFindings: 1,
          resolved: [],
          notReassessed: [],
          catalogChanges: [],
        },
      },
      { colour: false },
    );
    expect(text.split('\n')[1]).toBe(
      'since the baseline: 1 new, 0 resolved, 0 unchanged; 0 required-endpoint catalog changes',
    );
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^INCOMPLETE: /);
  });
});
