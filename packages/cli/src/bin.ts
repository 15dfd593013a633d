#!/usr/bin/env -S node --max-semi-space-size=2
// --max-semi-space-size=2: V8's young generation otherwise grows to tens of MB per isolate on a large
// machine; capped, a 5M-row log run peaks about 12 % lower at the same speed (README, Performance).
// ./run, the Dockerfile and the log benchmark start the CLI with the same flag.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  now: () => new Date(),
  stderrIsTty: Boolean(process.stderr.isTTY),
});
