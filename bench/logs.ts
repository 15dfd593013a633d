/**
 * Log ingestion benchmark: on one generated Log Analytics export, in the same run, in N rounds that
 * each run every measurement once (medians of the rounds; ratios against the same round's DuckDB) —
 *   `wc -l` (the floor: reading the bytes once),
 *   DuckDB with 2 threads doing the same GROUP BY (read_csv with explicit types, sources reduced to
 *   their cluster or /24 before grouping),
 *   the library path (readLogFileEvidence: parsing, aggregation, required-endpoint matching), on worker
 *   threads and on one thread,
 *   the whole CLI run (`aro-aks-audit --input fixtures/demo/arm --logs FILE`) as a child process.
 * Each measured run is its own process, so its peak RSS is its own. The groups and counts of DuckDB and
 * the library must be identical, or the benchmark fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeResources, type SourceGroup, sourceGroupsOf } from '../packages/auditor/src/index.ts';
import { collectFiles } from '../packages/auditor/src/io.ts';
import { requiredEndpointsFor } from '../packages/rules/src/index.ts';
import type { ChildResult, GroupDump } from './logs-child.ts';
import { type BenchTable, cachedLogExport } from './logs-generate.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'out', 'bench');
const DEMO = path.join(ROOT, 'fixtures', 'demo', 'arm');

export interface LogBenchOptions {
  rows: number;
  tables: BenchTable[];
  runs: number;
  seed: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

interface Sample {
  ms: number;
  maxRssMb?: number | undefined;
}

/** One thing measured: `run` is called once a round, `first` in the unmeasured round. */
interface Measure {
  name: string;
  run: (first: boolean) => Sample;
  note?: () => string;
}

interface Measured {
  name: string;
  /** The median of the rounds. */
  seconds: number;
  vsDuckDb: number;
  vsFloor: number;
  maxRssMb: number | undefined;
  note?: string | undefined;
}

/** Source groups and required FQDN patterns of the demo environment: what the CLI run derives too. */
async function demoSetup(): Promise<{ groups: SourceGroup[]; required: Record<string, string[]> }> {
  const { inventory } = normalizeResources((await collectFiles(DEMO)).resources);
  const groups = sourceGroupsOf(inventory);
  const required: Record<string, string[]> = {};
  for (const cluster of inventory.clusters) {
    const group = groups.find((g) => g.kind === 'cluster' && g.id === cluster.id);
    if (!group) continue;
    required[group.group] = requiredEndpointsFor(cluster).flatMap((endpoint) =>
      endpoint.required
        ? endpoint.destinations.flatMap((d) => (d.kind === 'fqdn' ? [(d as { pattern: string }).pattern] : []))
        : [],
    );
  }
  return { groups, required };
}

/** Node's compile cache for every child, as bin.js turns it on for the CLI. */
const COMPILE_CACHE = path.join(OUT, 'node-compile-cache');

function node(args: string[]): { stdout: string; stderr: string; status: number | null; ms: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, NODE_COMPILE_CACHE: COMPILE_CACHE },
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, ms: performance.now() - started };
}

function child(engine: string, file: string, table: BenchTable, setupFile: string, dump?: string): ChildResult {
  const run = node([
    path.join(ROOT, 'bench', 'logs-child.ts'),
    engine,
    file,
    table,
    setupFile,
    ...(dump ? [dump] : []),
  ]);
  if (run.status !== 0) throw new Error(`${engine} run failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

/** Keys and values of two dumps, or the first differences. */
function compareGroups(expected: GroupDump, actual: GroupDump): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const other = actual[key];
    if (!other) problems.push(`missing in the library: ${key.replaceAll('\u0001', ' | ')} ${value.join(' ')}`);
    else if (other.join() !== value.join()) {
      problems.push(
        `different: ${key.replaceAll('\u0001', ' | ')}: DuckDB ${value.join(' ')}, library ${other.join(' ')}`,
      );
    }
    if (problems.length >= 10) return problems;
  }
  for (const key of Object.keys(actual)) {
    if (!(key in expected)) problems.push(`only in the library: ${key.replaceAll('\u0001', ' | ')}`);
    if (problems.length >= 10) break;
  }
  return problems;
}

export async function benchLogs(print: (line: string) => void, options: LogBenchOptions): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const setup = await demoSetup();
  for (const table of options.tables) {
    const file = await cachedLogExport(OUT, table, options.rows, options.seed, print);
    const bytes = statSync(file).size;
    const setupFile = path.join(OUT, `setup-${process.pid}.json`);
    const singleFile = path.join(OUT, `setup-${process.pid}-single.json`);
    const duckDump = path.join(OUT, `duckdb-${process.pid}.json`);
    const libraryDump = path.join(OUT, `library-${process.pid}.json`);
    // The run's scratch files go, whether it passes or fails.
    process.once('exit', () => {
      for (const scratch of [duckDump, libraryDump, setupFile, singleFile]) rmSync(scratch, { force: true });
    });
    writeFileSync(setupFile, JSON.stringify(setup));
    writeFileSync(singleFile, JSON.stringify({ ...setup, workers: 1 }));
    print(
      `logs: ${table}, ${options.rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB, median of ${options.runs} rounds after one unmeasured (${path.relative(ROOT, file)})`,
    );
    let duckRows = 0;
    let libraryRows = 0;
    let requiredNote = '';
    const outDir = path.join(OUT, `cli-${process.pid}`);
    const measures: Measure[] = [
      {
        name: 'wc -l (floor)',
        run: () => {
          const started = performance.now();
          const run = spawnSync('wc', ['-l', file]);
          if (run.status !== 0) throw new Error('wc -l failed');
          return { ms: performance.now() - started };
        },
      },
      {
        name: 'DuckDB, 2 threads',
        run: (first) => {
          const r = child('duckdb', file, table, setupFile, first ? duckDump : undefined);
          duckRows = r.rows;
          return r;
        },
      },
      {
        name: 'library, worker threads',
        run: (first) => {
          const r = child('library', file, table, setupFile, first ? libraryDump : undefined);
          libraryRows = r.rows;
          requiredNote = `${r.groups} groups; required-endpoint hits ${r.requiredHits}, denied ${r.requiredDenied}`;
          return r;
        },
        note: () => requiredNote,
      },
      { name: 'library, one thread', run: () => child('library', file, table, singleFile) },
      {
        name: 'CLI: aro-aks-audit --logs',
        run: () => {
          const run = node([
            // As bin.js's shebang, ./run and the Dockerfile start it.
            '--max-semi-space-size=2',
            '--import',
            path.join(ROOT, 'bench', 'report-rss.ts'),
            path.join(ROOT, 'packages', 'cli', 'src', 'bin.js'),
            '--input',
            DEMO,
            '--logs',
            file,
            '--out',
            outDir,
            '--fail-on',
            'none',
          ]);
          const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(run.stderr);
          if (run.status !== 0 || !rss)
            throw new Error(`CLI run failed (exit ${run.status}):\n${run.stderr.slice(-4000)}`);
          return { ms: run.ms, maxRssMb: Number(rss[1]) / 1024 };
        },
        note: () => 'whole process: start, ARM input, logs, checks, reports',
      },
    ];
    // Rounds, each running every measurement once: on a shared machine the speed drifts by tens of
    // percent over minutes, and a drift then slows every measurement of a round alike, where three
    // runs of one measurement in a row would carry it alone. Round 0 is not measured: it fills the page
    // cache and Node's compile cache (which the children share through NODE_COMPILE_CACHE), as any
    // later run of the CLI finds them.
    const rounds: Sample[][] = [];
    for (let round = 0; round <= options.runs; round++) {
      const samples = measures.map((measure) => measure.run(round === 0));
      if (round > 0) rounds.push(samples);
    }
    rmSync(outDir, { recursive: true, force: true });
    const DUCKDB = 1;
    const results: Measured[] = measures.map((measure, m) => {
      const samples = rounds.map((samples) => samples[m] as Sample);
      return {
        name: measure.name,
        seconds: median(samples.map((sample) => sample.ms)) / 1000,
        // Against the same round's DuckDB and wc -l: the median of the rounds' ratios.
        vsDuckDb: median(rounds.map((samples) => (samples[m] as Sample).ms / (samples[DUCKDB] as Sample).ms)),
        vsFloor: median(rounds.map((samples) => (samples[m] as Sample).ms / (samples[0] as Sample).ms)),
        maxRssMb: samples.every((sample) => sample.maxRssMb !== undefined)
          ? Math.max(...samples.map((sample) => sample.maxRssMb ?? 0))
          : undefined,
        note: measure.note?.(),
      };
    });

    // Same groups, same counts, or the figures mean nothing.
    const problems = compareGroups(
      JSON.parse(readFileSync(duckDump, 'utf8')) as GroupDump,
      JSON.parse(readFileSync(libraryDump, 'utf8')) as GroupDump,
    );
    if (problems.length > 0 || duckRows !== libraryRows || duckRows !== options.rows) {
      throw new Error(
        `DuckDB and the library disagree (rows: DuckDB ${duckRows}, library ${libraryRows}, generated ${options.rows}):\n${problems.join('\n')}`,
      );
    }
    print('  what                        seconds   rows/s     MB/s   peak RSS   vs DuckDB   vs wc -l');
    for (const r of results) {
      const rss = r.maxRssMb === undefined ? '' : `${r.maxRssMb.toFixed(0)} MiB`;
      print(
        `  ${r.name.padEnd(27)} ${r.seconds.toFixed(2).padStart(7)} ${(options.rows / r.seconds / 1e6).toFixed(2).padStart(7)}M ${(bytes / r.seconds / 1e6).toFixed(0).padStart(7)} ${rss.padStart(10)} ${`${r.vsDuckDb.toFixed(2)}x`.padStart(11)} ${`${r.vsFloor.toFixed(1)}x`.padStart(10)}${r.note ? `  ${r.note}` : ''}`,
      );
    }
    print(
      `  check: DuckDB and the library agree on ${duckRows.toLocaleString('en-US')} rows and every group's count, first and last time`,
    );
    print('');
  }
}
