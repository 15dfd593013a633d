import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { REPO } from './demo.test-support.ts';

// Images cannot be built here: this keeps the Dockerfile honest about what it copies and what it runs.
const dockerfile = readFileSync(path.join(REPO, 'Dockerfile'), 'utf8');
const instructions = dockerfile
  .split('\n')
  .filter((line) => line.trim() && !line.trimStart().startsWith('#'))
  .map((line) => line.trim());

describe('Dockerfile', () => {
  it('copies only paths that exist in the repository', () => {
    const sources = instructions
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(existsSync(path.join(REPO, source)), source).toBe(true);
  });

  it('copies the three production packages and neither test package (testing, azure-emulator)', () => {
    const copied = instructions
      .filter((line) => line.startsWith('COPY ') && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1))
      .filter((source) => source === 'packages' || source.startsWith('packages/'));
    expect(copied).toEqual([
      'packages/auditor/package.json',
      'packages/rules/package.json',
      'packages/cli/package.json',
      'packages/auditor',
      'packages/rules',
      'packages/cli',
    ]);
    const workspace = readdirSync(path.join(REPO, 'packages'));
    expect(workspace).toEqual(expect.arrayContaining(['testing', 'azure-emulator']));
    for (const devOnly of ['testing', 'azure-emulator']) {
      expect(instructions.join('\n')).not.toContain(`packages/${devOnly}`);
    }
  });

  it('installs with --prod from the lockfile, and no production package depends on the test packages', () => {
    const installs = instructions.filter((line) => /^RUN\b.*\bpnpm install\b/.test(line));
    expect(installs).toEqual(['RUN pnpm install --frozen-lockfile --prod']);
    for (const name of ['auditor', 'rules', 'cli']) {
      const manifest = JSON.parse(readFileSync(path.join(REPO, 'packages', name, 'package.json'), 'utf8'));
      const runtime = Object.keys({
        ...manifest.dependencies,
        ...manifest.optionalDependencies,
        ...manifest.peerDependencies,
      });
      expect(runtime, name).not.toContain('@aro-aks-audit/testing');
      expect(runtime, name).not.toContain('@aro-aks-audit/azure-emulator');
    }
    for (const devOnly of ['testing', 'azure-emulator']) {
      const manifest = JSON.parse(readFileSync(path.join(REPO, 'packages', devOnly, 'package.json'), 'utf8'));
      expect(manifest.private, devOnly).toBe(true);
    }
  });

  it('runs as an unprivileged user', () => {
    expect(instructions.filter((line) => line.startsWith('USER ')).at(-1)).toBe('USER node');
  });

  it('pins the pnpm version the repository bootstraps', () => {
    const tools = JSON.parse(readFileSync(path.join(REPO, 'tools/package.json'), 'utf8'));
    const pinned = { ...tools.dependencies, ...tools.devDependencies, ...tools.optionalDependencies }.pnpm;
    expect(dockerfile).toContain(`pnpm@${pinned}`);
  });

  it('its entrypoint, run the same way from a checkout, starts the CLI', () => {
    const entrypoint = JSON.parse(instructions.find((line) => line.startsWith('ENTRYPOINT '))?.slice(11) ?? '[]');
    expect(entrypoint).toEqual(['node', '--max-semi-space-size=2', '/app/packages/cli/src/bin.js']);
    const [, ...args] = entrypoint.map((arg: string) => arg.replace('/app/', `${REPO}/`));
    expect(execFileSync(process.execPath, [...args, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
  });
});
