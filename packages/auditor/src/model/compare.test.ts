import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareText } from './compare.ts';

const PACKAGES = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(full);
    return /\.(ts|js)$/.test(entry.name) && !/\.test\.ts$|\.test-support\.ts$/.test(entry.name) ? [full] : [];
  });
}

describe('compareText', () => {
  it('orders by UTF-16 code units, whatever the locale: upper case before lower, punctuation by code', () => {
    expect(['b', 'a', 'B', 'a-b', 'a.b', 'a_b', 'ä', 'A'].sort(compareText)).toEqual([
      'A',
      'B',
      'a',
      'a-b',
      'a.b',
      'a_b',
      'b',
      'ä',
    ]);
    expect(compareText('x', 'x')).toBe(0);
  });

  it('is the only text order of the packages: no localeCompare anywhere, the report’s in-browser sort included', () => {
    const files = ['auditor', 'rules', 'cli', 'testing', 'azure-emulator'].flatMap((name) =>
      sources(path.join(PACKAGES, name, 'src')),
    );
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /\.localeCompare\(/.test(line))
        .map((line) => `${path.relative(PACKAGES, file)}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
