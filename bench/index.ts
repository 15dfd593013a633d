/**
 * `npm run bench` (`./run bench`): every benchmark of the project, with the machine it ran on.
 *   --only evaluator|logs|live|report|scale   run one benchmark (default: all)
 *   --rows N                rows of the generated log export (default 1,000,000; the figure: 5,000,000)
 *   --tables app,net        which tables to generate and read (default app: AZFWApplicationRule)
 *   --runs N                rounds, each running every measurement once; medians are printed (default 3)
 *   --seed N                generator seed (default 42)
 *   --rules N, --clusters N the scale benchmark's tenant (default 50,000 rules, 1,000 clusters)
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { benchLive } from './azure.ts';
import { benchEvaluator } from './evaluator.ts';
import { benchLogs } from './logs.ts';
import type { BenchTable } from './logs-generate.ts';
import { benchReport } from './report.ts';
import { benchScale } from './scale.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    rows: { type: 'string', default: '1000000' },
    tables: { type: 'string', default: 'app' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '42' },
    rules: { type: 'string', default: '50000' },
    clusters: { type: 'string', default: '1000' },
  },
});
const TABLES: Record<string, BenchTable> = { app: 'AZFWApplicationRule', net: 'AZFWNetworkRule' };
const tables = (values.tables ?? 'app').split(',').map((name) => {
  const table = TABLES[name.trim()];
  if (!table) throw new Error(`--tables: ${name} is not one of ${Object.keys(TABLES).join(', ')}`);
  return table;
});
const positive = (text: string | undefined, flag: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag}: not a positive whole number: ${text}`);
  return value;
};

const print = (line: string) => process.stdout.write(`${line}\n`);
const cpus = os.cpus();
print(
  `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
);
print('');
if (values.only === undefined || values.only === 'evaluator') {
  benchEvaluator(print);
  print('');
}
if (values.only === undefined || values.only === 'live') {
  await benchLive(print);
  print('');
}
if (values.only === undefined || values.only === 'report') {
  benchReport(print);
  print('');
}
if (values.only === undefined || values.only === 'logs') {
  await benchLogs(print, {
    rows: positive(values.rows, '--rows'),
    tables,
    runs: positive(values.runs, '--runs'),
    seed: positive(values.seed, '--seed'),
  });
}
if (values.only === undefined || values.only === 'scale') {
  print('');
  benchScale(print, {
    rules: positive(values.rules, '--rules'),
    clusters: positive(values.clusters, '--clusters'),
    runs: positive(values.runs, '--runs'),
    seed: positive(values.seed, '--seed'),
  });
}
