import { clusterVerdictOf, findingOf, HOSTILE, resultOf } from '@aro-aks-audit/testing';
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
    expect(text).toMatch(/^HIGH {5}fail {4}a AZFW201 overly-broad-rule .* NEW$/m);
    expect(text).toMatch(/^MEDIUM {3}unknown b AZFW301 snat-exhaustion-risk/m);
    expect(text).toContain('(1 informational finding: in the reports)');
  });

  it('leads with each cluster’s verdict, the most urgent first, and what it may reach beyond its needs', () => {
    const verdict = clusterVerdictOf;
    const text = renderConsoleSummary(
      {
        ...result,
        clusters: [
          verdict('aks-prod', {
            beyondRequired: [
              {
                rule: 'afwp / rcg / temp / jumpbox-any',
                ruleKind: 'network',
                resourceId: '/x',
                firewall: 'afw-hub',
                destinations: ['*'],
                protocols: ['TCP'],
                ports: ['*'],
                breadth: 'anything',
              },
            ],
          }),
          verdict('aks-b', {
            verdict: 'blocked',
            reason: 'cannot reach 1 required endpoint: *.data.mcr.microsoft.com',
          }),
        ],
      },
      { colour: false, width: 200 },
    );
    expect(text.split('\n').slice(1, 4)).toEqual([
      'clusters: 1 blocked, 1 ok',
      '  blocked     aks-b     cannot reach 1 required endpoint: *.data.mcr.microsoft.com',
      '  ok          aks-prod  reaches its 12 required endpoints through firewall afw-hub; beyond its needs (1 rule, broadest anything): anything',
    ]);
  });

  it('ends a line that is too long at a word, never inside a name', () => {
    const long = findingOf({
      id: 'e',
      checkId: 'overly-broad-rule',
      title: `Allow rule ${'a'.repeat(30)} / ${'b'.repeat(30)} / ${'c'.repeat(30)} is over-broad on any port`,
    });
    const line = renderConsoleSummary(resultOf({ findings: [long] }), { colour: false, width: 120 })
      .split('\n')
      .find((l) => l.includes('overly-broad-rule'));
    // The rule's path (its parts joined by ` / `) is one name: the line ends before it, not inside it.
    expect(line).toBe('HIGH     fail    e AZFW201 overly-broad-rule          Allow rule …');
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

  it('shows bidi controls from Azure names as \\uXXXX, so a line reads as it is stored', () => {
    const text = renderConsoleSummary(
      resultOf({ findings: [findingOf({ id: 'a', checkId: 'overly-broad-rule', title: `rule ${HOSTILE.bidi}` })] }),
      { colour: false },
    );
    expect(text).toContain('rule allow-\\u202Etxt.exe\\u2066\\u2069\\u200F');
    expect(text).not.toMatch(/[\u200f\u202e\u2066\u2069]/);
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
