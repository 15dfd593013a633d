/**
 * The package boundary, checked: `@aro-aks-audit/auditor` (src/index.ts) is the pure API, so no module
 * it reaches, directly or through relative imports, may import a module that touches the disk, the
 * network, the process or a thread, nor an Azure SDK, nor use the `process` global. Those belong to
 * `./io` (src/io.ts) and `./azure` (src/collect/azure/index.ts). The one exception is an `import type`
 * of the SDK's model types in `normalize/sdk-shapes.ts`: Node erases it before running the file
 * (`verbatimModuleSyntax` makes the compiler demand `import type` for an import used only as a type).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

const IO_MODULES = [
  'fs',
  'fs/promises',
  'worker_threads',
  'child_process',
  'cluster',
  'net',
  'tls',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'dns/promises',
  'os',
  'process',
  'readline',
  'stream',
  'stream/promises',
  'zlib',
  'v8',
  'vm',
  'inspector',
];

function isIo(specifier: string): boolean {
  const bare = specifier.replace(/^node:/, '');
  return IO_MODULES.includes(bare) || specifier.startsWith('@azure/');
}

interface Specifier {
  name: string;
  /** `import type … from` / `export type … from`: erased before the module runs. */
  typeOnly: boolean;
}

/** Every module specifier a source file names: static imports, re-exports, dynamic imports. */
function specifiersOf(source: string): Specifier[] {
  const found: Specifier[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\b(\s+type\b)?[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm))
    found.push({ name: m[2] ?? '', typeOnly: m[1] !== undefined });
  for (const m of source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push({ name: m[1] ?? '', typeOnly: false });
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ name: m[1] ?? '', typeOnly: false });
  return found;
}

interface Reached {
  /** Each module reached from the entry (path relative to src) → the chain of imports that reached it. */
  chains: Map<string, string[]>;
  /** Each I/O import found: the module that makes it, the chain to it, and what it imports. */
  violations: string[];
  /** Each `import type` of an Azure SDK: `module imports-type package`. */
  azureTypeImports: string[];
}

function walk(entry: string): Reached {
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const violations: string[] = [];
  const azureTypeImports: string[] = [];
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const source = readFileSync(path.join(SRC, file), 'utf8');
    const chain = chains.get(file) ?? [file];
    if (/\bprocess\s*\.\s*[A-Za-z_]/.test(source.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) {
      violations.push(`${chain.join(' → ')} uses the process global`);
    }
    for (const { name: specifier, typeOnly } of specifiersOf(source)) {
      if (specifier.startsWith('.')) {
        const target = path.relative(SRC, path.resolve(path.dirname(path.join(SRC, file)), specifier));
        if (!chains.has(target)) {
          chains.set(target, [...chain, target]);
          queue.push(target);
        }
      } else if (typeOnly && specifier.startsWith('@azure/')) {
        azureTypeImports.push(`${file} imports-type ${specifier}`);
      } else if (isIo(specifier)) {
        violations.push(`${chain.join(' → ')} imports ${specifier}`);
      }
    }
  }
  return { chains, violations, azureTypeImports };
}

describe('the package boundary', () => {
  it('the pure API (.) reaches no module that does I/O, uses a thread or imports an Azure SDK', () => {
    const { chains, violations } = walk('index.ts');
    expect(violations).toEqual([]);
    // The walk really walks: the engine, the normalizer and the log parser are reached.
    expect([...chains.keys()]).toEqual(
      expect.arrayContaining(['engine/run.ts', 'normalize/index.ts', 'ingest/parser.ts', 'model/inventory.ts']),
    );
    expect([...chains.keys()].filter((f) => f.startsWith('collect/'))).toEqual([]);
  });

  it('the pure API takes only model types from the Azure SDKs, in one module', () => {
    expect(walk('index.ts').azureTypeImports.sort()).toEqual([
      'normalize/sdk-shapes.ts imports-type @azure/arm-containerservice',
      'normalize/sdk-shapes.ts imports-type @azure/arm-network',
    ]);
  });

  it('every runtime dependency is imported at run time; type-only ones are devDependencies', () => {
    const manifest = JSON.parse(readFileSync(path.join(SRC, '../package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const runtime = new Set<string>();
    const typeOnly = new Set<string>();
    const sources = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !/\.test(-support)?\.ts$/.test(f),
    );
    for (const file of sources) {
      for (const { name, typeOnly: erased } of specifiersOf(readFileSync(path.join(SRC, file), 'utf8'))) {
        if (name.startsWith('.') || name.startsWith('node:')) continue;
        const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : (name.split('/')[0] ?? name);
        (erased ? typeOnly : runtime).add(pkg);
      }
    }
    expect(Object.keys(manifest.dependencies).filter((d) => !runtime.has(d))).toEqual([]);
    for (const pkg of typeOnly) {
      if (!runtime.has(pkg)) expect(manifest.devDependencies, pkg).toHaveProperty([pkg]);
    }
  });

  it('the checker sees I/O where there is some: ./io and ./azure are caught', () => {
    expect(walk('io.ts').violations).toEqual(
      expect.arrayContaining([expect.stringMatching(/^io\.ts → collect\/files\.ts imports node:fs/)]),
    );
    expect(walk('collect/azure/index.ts').violations).toEqual(
      expect.arrayContaining([expect.stringMatching(/imports @azure\//)]),
    );
  });

  it('the package exports ., ./io and ./azure only (test helpers are packages/testing and packages/azure-emulator)', () => {
    const manifest = JSON.parse(readFileSync(path.join(SRC, '../package.json'), 'utf8')) as {
      exports: Record<string, string>;
    };
    expect(manifest.exports).toEqual({
      '.': './src/index.ts',
      './io': './src/io.ts',
      './azure': './src/collect/azure/index.ts',
    });
  });
});
