/**
 * Fuzz test of the whole command (issue 18): random mutations of the demo's ARM files — truncation,
 * type swaps, deletions, duplicated ids, huge strings, removed files — and, lightly, of its logs.
 * Never a crash (exit 4, or a thrown error, fails the test), and never exit 0 when a mutation removed
 * a resource that a reference of the table (normalize/references.ts) needs: the audit is incomplete.
 *
 * Seeded: FUZZ_SEED=<n> repeats a run; without it each run draws a seed, printed with any failure.
 * Bounded: as many cases as fit in FUZZ_MS milliseconds (default 4,000), at least a few.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { normalizeResources, REFERENCES, type ResourceBase } from '@aro-aks-audit/auditor';
import { collectFiles } from '@aro-aks-audit/auditor/io';
import { seededRandom } from '@aro-aks-audit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-io.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const DEMO = path.join(repo, 'fixtures/demo/arm');
const LOGS = path.join(repo, 'fixtures/demo/logs');
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BUDGET_MS = Number(process.env.FUZZ_MS ?? 4000);
const MIN_CASES = 6;
const scratch = mkdtempSync(path.join(tmpdir(), 'aro-aks-audit-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Json = unknown;
type Files = Map<string, string>;

const demoFiles = (): Files => new Map(readdirSync(DEMO).map((f) => [f, readFileSync(path.join(DEMO, f), 'utf8')]));

/** The top-level resources of a document (one resource, an array, or a list response). */
function resourcesOf(doc: Json): Record<string, unknown>[] {
  const items = Array.isArray(doc)
    ? doc
    : Array.isArray((doc as { value?: unknown })?.value)
      ? (doc as { value: unknown[] }).value
      : [doc];
  return items.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x));
}

/** Every container (object or array) of a value, with a way to change one of its slots. */
function slotsOf(root: Json): { holder: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { holder: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value))
      value.forEach((v, i) => {
        out.push({ holder: value, key: i });
        stack.push(v);
      });
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value)) {
        out.push({ holder: value as Record<string, unknown>, key: k });
        stack.push(v);
      }
  }
  return out;
}

const ACTING = '\u202e\u001b[31m\r';

interface Mutation {
  name: string;
  apply: (files: Files, random: () => number) => string;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)] as T;
const pickFile = (files: Files, random: () => number) => pick([...files.keys()], random);

/** Changes one parsed document, or says so when the file is not JSON any more. */
function editJson(files: Files, file: string, edit: (doc: Json) => string): string {
  let doc: Json;
  try {
    doc = JSON.parse(files.get(file) ?? '');
  } catch {
    return `${file}: not JSON, left as it is`;
  }
  const what = edit(doc);
  files.set(file, JSON.stringify(doc, null, 2));
  return what;
}

const MUTATIONS: Mutation[] = [
  {
    name: 'truncate',
    apply: (files, random) => {
      const file = pickFile(files, random);
      const text = files.get(file) ?? '';
      const at = Math.floor(random() * text.length);
      files.set(file, text.slice(0, at));
      return `${file} cut at ${at}`;
    },
  },
  {
    name: 'swap a type',
    apply: (files, random) => {
      const file = pickFile(files, random);
      return editJson(files, file, (doc) => {
        const slots = slotsOf(doc);
        if (slots.length === 0) return `${file}: nothing to swap`;
        const slot = pick(slots, random);
        const value = pick<Json>([42, -1, 'text', true, null, [], {}, [1, 'a'], { id: 7 }, ''], random);
        (slot.holder as Record<string | number, unknown>)[slot.key] = value;
        return `${file}: ${String(slot.key)} := ${JSON.stringify(value)}`;
      });
    },
  },
  {
    name: 'delete a key or an item',
    apply: (files, random) => {
      const file = pickFile(files, random);
      return editJson(files, file, (doc) => {
        const slots = slotsOf(doc);
        if (slots.length === 0) return `${file}: nothing to delete`;
        const slot = pick(slots, random);
        if (Array.isArray(slot.holder)) slot.holder.splice(Number(slot.key), 1);
        else delete slot.holder[slot.key as string];
        return `${file}: deleted ${String(slot.key)}`;
      });
    },
  },
  {
    name: 'duplicate an id with other contents',
    apply: (files, random) => {
      const from = pickFile(files, random);
      let copy: Record<string, unknown> | undefined;
      try {
        copy = structuredClone(pick(resourcesOf(JSON.parse(files.get(from) ?? '')), random));
      } catch {
        return `${from}: not JSON, nothing duplicated`;
      }
      if (!copy) return `${from}: no resource`;
      if (random() < 0.5) copy.tags = { changed: 'yes' };
      files.set(`zz-duplicate-${files.size}.json`, JSON.stringify(copy));
      return `${String(copy.id)} duplicated from ${from}`;
    },
  },
  {
    name: 'huge string',
    apply: (files, random) => {
      const file = pickFile(files, random);
      return editJson(files, file, (doc) => {
        const strings = slotsOf(doc).filter(
          (s) => typeof (s.holder as Record<string | number, unknown>)[s.key] === 'string',
        );
        if (strings.length === 0) return `${file}: no string`;
        const slot = pick(strings, random);
        const huge = `${ACTING}${'x'.repeat(200_000 + Math.floor(random() * 800_000))}`;
        (slot.holder as Record<string | number, unknown>)[slot.key] = huge;
        return `${file}: ${String(slot.key)} is ${huge.length} characters`;
      });
    },
  },
  {
    name: 'remove a file',
    apply: (files, random) => {
      const file = pickFile(files, random);
      files.delete(file);
      return `${file} removed`;
    },
  },
];

function write(files: Files, dir: string): void {
  for (const [file, text] of files) writeFileSync(path.join(dir, file), text);
}

/** Pairs (holder, target) of the references table over the demo: what a verdict needs. */
async function neededReferences(): Promise<{ holder: string; target: string }[]> {
  const { inventory } = normalizeResources((await collectFiles(DEMO)).resources);
  return REFERENCES.flatMap((row) =>
    row
      .holders(inventory)
      .flatMap((holder: ResourceBase) =>
        row
          .refs(holder)
          .flatMap((target) => (target ? [{ holder: holder.id.toLowerCase(), target: target.toLowerCase() }] : [])),
      ),
  );
}

/** Which file holds a top-level resource with this id (compared as ARM does), if any. */
function fileOf(files: Files, id: string): string | undefined {
  for (const [file, text] of files) {
    try {
      if (resourcesOf(JSON.parse(text)).some((r) => String(r.id).toLowerCase() === id)) return file;
    } catch {
      // not JSON
    }
  }
  return undefined;
}

describe(`fuzz: mutations of the demo (FUZZ_SEED=${SEED})`, () => {
  it('never crashes, and never calls clean an input that lost what a verdict needs', async () => {
    const random = seededRandom(SEED);
    const needed = await neededReferences();
    expect(needed.length).toBeGreaterThan(10);
    const started = Date.now();
    let cases = 0;
    while (cases < MIN_CASES || Date.now() - started < BUDGET_MS) {
      cases++;
      const files = demoFiles();
      const done: string[] = [];
      const input = mkdtempSync(path.join(scratch, 'in-'));
      const out = mkdtempSync(path.join(scratch, 'out-'));
      const args = ['--input', input, '--out', out, '--fail-on', 'none', '--quiet'];
      // Every other case removes a resource a reference needs, and mutates only other files.
      let removedNeeded: string | undefined;
      if (cases % 2 === 0) {
        const { holder, target } = pick(needed, random);
        const holderFile = fileOf(files, holder.replace(/\/subnets\/[^/]+$/, ''));
        const targetId = target.replace(/\/subnets\/[^/]+$/, '');
        const targetFile = fileOf(files, targetId);
        if (targetFile && targetFile !== holderFile) {
          editJson(files, targetFile, (doc) => {
            const list = Array.isArray(doc) ? doc : (doc as { value?: unknown[] }).value;
            if (Array.isArray(list)) {
              const at = list.findIndex((r) => String((r as { id?: unknown }).id).toLowerCase() === targetId);
              list.splice(at, 1);
            } else files.delete(targetFile);
            return '';
          });
          if (files.has(targetFile) && fileOf(files, targetId)) files.delete(targetFile);
          removedNeeded = targetId;
          done.push(`removed ${targetId}, which ${holder} needs`);
          const untouched = new Set([holderFile]);
          for (let k = Math.floor(random() * 2); k > 0; k--) {
            const mutation = pick(
              MUTATIONS.filter((m) => m.name !== 'remove a file'),
              random,
            );
            const others = new Map([...files].filter(([f]) => !untouched.has(f)));
            done.push(`${mutation.name}: ${mutation.apply(others, random)}`);
            for (const [f, t] of others) files.set(f, t);
          }
        }
      }
      if (!removedNeeded)
        for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
          const mutation = pick(MUTATIONS, random);
          done.push(`${mutation.name}: ${mutation.apply(files, random)}`);
        }
      write(files, input);
      // Lightly, the logs: a cut or broken copy of one export.
      if (random() < 0.3) {
        const log = pick(readdirSync(LOGS), random);
        const text = readFileSync(path.join(LOGS, log), 'utf8');
        const broken =
          random() < 0.5
            ? text.slice(0, Math.floor(random() * text.length))
            : text.replace(/\n/g, (m) => (random() < 0.05 ? `\n${ACTING},,"unclosed\n` : m));
        writeFileSync(path.join(input, '..', `${path.basename(input)}.csv`), broken);
        args.push('--logs', path.join(input, '..', `${path.basename(input)}.csv`));
        done.push(`logs: a broken copy of ${log}`);
      }
      const what = `FUZZ_SEED=${SEED}, case ${cases}: ${done.join('; ')}`;
      let run: Awaited<ReturnType<typeof runCli>>;
      try {
        run = await runCli(args);
      } catch (error) {
        throw new Error(`${what}: the command threw ${String(error)}`);
      }
      expect([EXIT.clean, EXIT.findings, EXIT.incomplete], `${what}\n${run.stderr}`).toContain(run.code);
      JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
      if (removedNeeded)
        expect(run.code, `${what}: exit ${run.code}, not incomplete\n${run.stderr}`).toBe(EXIT.incomplete);
      rmSync(input, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
    expect(cases).toBeGreaterThanOrEqual(MIN_CASES);
  }, 60_000);
});
