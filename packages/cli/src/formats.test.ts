import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-io.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const demo = path.join(repo, 'fixtures/demo/arm');
const scratch = () => mkdtempSync(path.join(tmpdir(), 'aro-aks-audit-formats-'));

describe('--format', () => {
  it('writes every format by default and says where the HTML report is', async () => {
    const out = scratch();
    const { code, stderr } = await runCli(['--input', demo, '--out', out, '--fail-on', 'none']);
    expect(code).toBe(EXIT.clean);
    expect(readdirSync(out).sort()).toEqual([
      'findings.csv',
      'findings.json',
      'findings.ocsf.json',
      'findings.sarif',
      'report.html',
      'summary.md',
    ]);
    expect(stderr).toContain(`HTML report: ${path.join(out, 'report.html')}`);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(JSON.parse(readFileSync(path.join(out, 'findings.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('writes only the formats asked for', async () => {
    const out = scratch();
    const { code, stderr } = await runCli([
      '--input',
      demo,
      '--out',
      out,
      '--fail-on',
      'none',
      '--format',
      'sarif, MD',
    ]);
    expect(code).toBe(EXIT.clean);
    expect(readdirSync(out).sort()).toEqual(['findings.sarif', 'summary.md']);
    expect(stderr).not.toContain('HTML report');
  });

  it('rejects an unknown format with the list of known ones', async () => {
    const { code, stderr } = await runCli(['--input', demo, '--out', scratch(), '--format', 'json,pdf']);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('unknown format pdf (known: json, csv, html, sarif, md, ocsf)');
  });
});
