/** `pnpm bench`: every benchmark of the project, with the machine it ran on. */
import os from 'node:os';
import { benchLive } from './azure.ts';
import { benchEvaluator } from './evaluator.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);
const cpus = os.cpus();
print(
  `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`,
);
print('');
benchEvaluator(print);
print('');
await benchLive(print);
