#!/usr/bin/env node
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  now: () => new Date(),
  stderrIsTty: Boolean(process.stderr.isTTY),
});
