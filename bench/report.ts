/**
 * Report benchmark: a tenant of 50,000 rules and 1,000 AKS clusters (bench/generate.ts) audited with
 * every check, then every report written. Prints each report's size and how long writing it took,
 * beside `findings.json` — the baseline the HTML page summarises: the page must stay under 25 MB
 * whatever the number of findings, while findings.json holds them all.
 */
import {
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderOcsf,
  renderSarif,
} from '../packages/auditor/src/index.ts';
import { ALL_CHECKS } from '../packages/rules/src/index.ts';
import { benchAudit, generateEnvironment } from './generate.ts';

const RULES = 50_000;
const CLUSTERS = 1000;
const MB = 1_000_000;

export function benchReport(print: (line: string) => void): void {
  const inventory = generateEnvironment(RULES, CLUSTERS);
  const start = performance.now();
  const result = benchAudit(ALL_CHECKS, inventory, {});
  const auditMs = performance.now() - start;
  const open = result.findings.filter((f) => f.status === 'fail' || f.status === 'unknown').length;
  print(`reports: ${RULES} rules, ${CLUSTERS} AKS clusters, every check (audit ${(auditMs / 1000).toFixed(1)} s)`);
  print(
    `  ${result.findings.length} findings (${open} failing or undecided), ${result.coverage.length} coverage verdicts, ${result.clusters.length} cluster verdicts`,
  );
  print('report              MB      ms   vs findings.json');
  const writers: [string, () => string][] = [
    ['findings.json', () => renderJson(result)],
    ['report.html', () => renderHtml(result)],
    ['findings.csv', () => renderCsv(result)],
    ['findings.sarif', () => renderSarif(result, { root: '/' })],
    ['summary.md', () => renderMarkdown(result)],
    ['findings.ocsf.json', () => renderOcsf(result)],
  ];
  let baseline = 0;
  for (const [name, write] of writers) {
    const t = performance.now();
    const bytes = Buffer.byteLength(write());
    const ms = performance.now() - t;
    if (name === 'findings.json') baseline = bytes;
    print(
      `  ${name.padEnd(18)} ${(bytes / MB).toFixed(1).padStart(6)} ${ms.toFixed(0).padStart(7)}   ${(bytes / baseline).toFixed(3)}`,
    );
  }
}
