import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type AuditResult,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderOcsf,
  renderSarif,
} from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';

import { renderConsoleSummary } from './console.ts';
import { auditDemo } from './demo.test-support.ts';

// Every report format on the demo result, compared byte for byte with fixtures/golden/. When the demo or a
// writer changes on purpose, regenerate them with one command (fixtures/README.md):
//   UPDATE_GOLDEN=1 ./run pnpm exec vitest run packages/cli/src/reports.golden.test.ts
const repo = path.resolve(import.meta.dirname, '../../..');
const goldenDir = path.join(repo, 'fixtures/golden');
const update = process.env.UPDATE_GOLDEN === '1';

/**
 * The demo audited as `npm run demo` does, with a fixed clock and version, and every path (inputs, log
 * sources, suppression entries) repo-relative, so the goldens do not depend on where the clone lives.
 */
export async function goldenDemoResult(): Promise<AuditResult> {
  const result = await auditDemo('golden');
  const prefix = JSON.stringify(`${repo}${path.sep}`).slice(1, -1);
  return JSON.parse(JSON.stringify(result).split(prefix).join('')) as AuditResult;
}

describe('report formats on the demo result (fixtures/golden)', async () => {
  const result = await goldenDemoResult();
  const outputs: Record<string, string> = {
    'findings.json': renderJson(result),
    'findings.csv': renderCsv(result),
    'report.html': renderHtml(result),
    'findings.sarif': renderSarif(result, { root: repo }),
    'summary.md': renderMarkdown(result),
    'findings.ocsf.json': renderOcsf(result),
    'console.txt': renderConsoleSummary(result, { colour: false }),
  };

  it.each(Object.keys(outputs))('%s is the golden file', (name) => {
    const file = path.join(goldenDir, name);
    const actual = outputs[name] ?? '';
    if (update) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, actual);
    }
    const golden = readFileSync(file, 'utf8');
    // Compare line by line so a difference shows where it is; the files are large.
    const actualLines = actual.split('\n');
    const goldenLines = golden.split('\n');
    const first = actualLines.findIndex((line, i) => line !== goldenLines[i]);
    expect(
      first === -1 && actualLines.length === goldenLines.length
        ? undefined
        : { line: first + 1, actual: actualLines[first], golden: goldenLines[first] },
      `${name} differs from fixtures/golden/${name}; if the change is intended: UPDATE_GOLDEN=1 ./run pnpm exec vitest run packages/cli/src/reports.golden.test.ts`,
    ).toBeUndefined();
  });
});
