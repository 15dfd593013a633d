import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AUDIT_ERROR_CHECK } from '@aro-aks-audit/auditor';
import { describe, expect, it } from 'vitest';
import { CHECKS } from './checks/index.ts';

// Keeps the explicit registry honest, after typescript-eslint's docs.test.ts: ids, files, tests, docs
// and codes stay in step.
const checksDir = path.join(import.meta.dirname, 'checks');
const docsDir = path.resolve(import.meta.dirname, '../../../docs/checks');
const HELPERS = new Set(['index.ts', 'cluster-ref.ts']);

const checkFiles = readdirSync(checksDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !HELPERS.has(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

function frontMatter(text: string): Record<string, string> {
  const block = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  return Object.fromEntries(
    block
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

describe('check registry', () => {
  it('registry keys equal the check files and each check id', () => {
    expect(Object.keys(CHECKS).sort()).toEqual(checkFiles);
    for (const [key, check] of Object.entries(CHECKS)) expect(check.meta.id).toBe(key);
  });

  it('every check has a test beside it and a doc page', () => {
    const files = new Set(readdirSync(checksDir));
    const docs = readdirSync(docsDir)
      .map((f) => f.replace(/\.md$/, ''))
      .sort();
    for (const id of Object.keys(CHECKS)) expect(files.has(`${id}.test.ts`), `${id}.test.ts`).toBe(true);
    // Plus the page of the engine's own finding (audit-error).
    expect(docs).toEqual([...Object.keys(CHECKS), AUDIT_ERROR_CHECK.meta.id].sort());
  });

  it.each(Object.entries(CHECKS))('%s: its doc matches its meta and has the four sections', (id, check) => {
    const text = readFileSync(path.join(docsDir, `${id}.md`), 'utf8');
    const fm = frontMatter(text);
    expect(fm.title).toBe(check.meta.title);
    expect(fm.code).toBe(check.meta.code);
    expect(fm.severity).toBe(check.meta.severity);
    for (const heading of ['## Why', '## What is checked', '## How to fix', '## When to suppress'])
      expect(text).toContain(heading);
  });

  it("the engine's audit-error page matches its meta", () => {
    const fm = frontMatter(readFileSync(path.join(docsDir, `${AUDIT_ERROR_CHECK.meta.id}.md`), 'utf8'));
    expect([fm.title, fm.code, fm.severity]).toEqual([
      AUDIT_ERROR_CHECK.meta.title,
      AUDIT_ERROR_CHECK.meta.code,
      AUDIT_ERROR_CHECK.meta.severity,
    ]);
  });

  it('codes are unique and well-formed; meta texts and references are present', () => {
    const codes = Object.values(CHECKS).map((c) => c.meta.code);
    expect(new Set(codes).size).toBe(codes.length);
    // The engine's own finding for errors of the run keeps its id and code.
    expect(codes).not.toContain(AUDIT_ERROR_CHECK.meta.code);
    expect(Object.values(CHECKS).map((c) => c.meta.id)).not.toContain(AUDIT_ERROR_CHECK.meta.id);
    for (const { meta } of Object.values(CHECKS)) {
      expect(meta.code).toMatch(/^AZFW\d{3}$/);
      expect(meta.risk.length).toBeGreaterThan(20);
      expect(meta.remediation.length).toBeGreaterThan(20);
      expect(meta.references.length).toBeGreaterThan(0);
      for (const ref of meta.references) expect(ref).toMatch(/^https:\/\//);
    }
  });
});
