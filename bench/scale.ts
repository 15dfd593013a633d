/**
 * Scale benchmark of the configuration side (issue 18 item 11): a generated tenant of `--rules` rules
 * across its policies and `--clusters` clusters (bench/scale-generate.ts, seeded, cached under
 * out/bench/) audited by the whole CLI, every report format, as a user runs it. In rounds (the first
 * unmeasured: it fills the page and compile caches), each measurement its own process:
 *   - the floor (bench/scale-floor.ts): read and parse every input file, write as much JSON;
 *   - the CLI writing every format but HTML, and the CLI writing HTML alone: wall time, CPU time (user +
 *     system) and peak RSS of the process, and each report's size. HTML is apart because its size
 *     follows the report's layout (pass findings summarised, issue 20), not the audit; a run that
 *     fails (exit 4) is printed as failed with its one-line reason.
 * Figures are medians of the rounds; a ratio is the median of each round's run / floor.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeTenant } from './scale-generate.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'out', 'bench');
const COMPILE_CACHE = path.join(OUT, 'node-compile-cache');

export interface ScaleBenchOptions {
  rules: number;
  clusters: number;
  runs: number;
  seed: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

interface Sample {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
}

/** Runs node with these arguments; wall time, and CPU time and peak RSS as the preload reports them. */
function measured(args: string[]): Sample & { status: number | null; stderr: string } {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    ['--max-semi-space-size=2', '--import', path.join(ROOT, 'bench', 'report-rss.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, NODE_COMPILE_CACHE: COMPILE_CACHE } },
  );
  const ms = performance.now() - started;
  const value = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(result.stderr)?.[1] ?? Number.NaN);
  return {
    ms,
    cpuMs: (value('BENCH_CPU_USER_US') + value('BENCH_CPU_SYSTEM_US')) / 1000,
    maxRssMb: value('BENCH_MAX_RSS_KB') / 1024,
    status: result.status,
    stderr: result.stderr,
  };
}

export function benchScale(print: (line: string) => void, options: ScaleBenchOptions): void {
  const shape = { rules: options.rules, clusters: options.clusters, hubs: 10, seed: options.seed };
  const dir = path.join(OUT, `scale-${shape.rules}-${shape.clusters}-${shape.seed}`);
  const input = path.join(dir, 'arm');
  if (!existsSync(input)) {
    const written = writeTenant(input, shape);
    print(`generated ${written.resources} resources in ${written.files} files, ${(written.bytes / 1e6).toFixed(0)} MB`);
  }
  const bytes = readdirSync(input).reduce((sum, f) => sum + statSync(path.join(input, f)).size, 0);
  print(
    `scale: ${shape.rules.toLocaleString('en-US')} rules in ${shape.hubs} child policies and their parent, ${shape.clusters.toLocaleString('en-US')} clusters, ${(bytes / 1e6).toFixed(0)} MB of ARM JSON; median of ${options.runs} rounds after one unmeasured (${path.relative(ROOT, input)})`,
  );
  const out = path.join(dir, 'out');
  const runs: Record<'floor' | 'reports' | 'html', Sample[]> = { floor: [], reports: [], html: [] };
  const failures: string[] = [];
  let sizes: [string, number][] = [];
  const cli = (format: string, reports: string) =>
    measured([
      path.join(ROOT, 'packages', 'cli', 'src', 'bin.js'),
      ...['--input', input, '--out', reports, '--format', format, '--fail-on', 'none', '--quiet'],
    ]);
  for (let round = 0; round <= options.runs; round++) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const floor = measured([path.join(ROOT, 'bench', 'scale-floor.ts'), input, path.join(out, 'floor.json')]);
    if (floor.status !== 0) throw new Error(`the floor failed:\n${floor.stderr}`);
    rmSync(path.join(out, 'floor.json'));
    const reports = cli('json,csv,sarif,md,ocsf', path.join(out, 'reports'));
    // 0 (clean) or 3 (incomplete) are results; anything else is a failed run.
    if (reports.status !== 0 && reports.status !== 3)
      throw new Error(`the audit failed (exit ${reports.status}):\n${reports.stderr}`);
    const html = cli('html', path.join(out, 'reports'));
    if (html.status !== 0 && html.status !== 3 && round === 0)
      failures.push(`HTML: exit ${html.status}: ${html.stderr.split('\n').find((l) => l.startsWith('error:')) ?? ''}`);
    sizes = readdirSync(path.join(out, 'reports')).map((f) => [f, statSync(path.join(out, 'reports', f)).size]);
    if (round === 0) continue;
    runs.floor.push(floor);
    runs.reports.push(reports);
    runs.html.push(html);
  }
  print('                            seconds  CPU seconds  peak RSS   vs floor');
  for (const [name, samples] of [
    ['floor (parse, write)', runs.floor],
    ['CLI, five formats (no HTML)', runs.reports],
    ['CLI, HTML alone', runs.html],
  ] as const) {
    const ratio = median(samples.map((s, i) => s.ms / (runs.floor[i]?.ms ?? Number.NaN)));
    print(
      `${name.padEnd(27)} ${(median(samples.map((s) => s.ms)) / 1000).toFixed(2).padStart(7)}  ${(median(samples.map((s) => s.cpuMs)) / 1000).toFixed(2).padStart(11)}  ${median(
        samples.map((s) => s.maxRssMb),
      )
        .toFixed(0)
        .padStart(4)} MiB  ${ratio.toFixed(2).padStart(9)}`,
    );
  }
  print(`reports: ${sizes.map(([f, b]) => `${f} ${(b / 1e6).toFixed(1)} MB`).join(', ')}`);
  for (const failure of failures) print(failure);
}
