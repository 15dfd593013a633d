#!/usr/bin/env -S node --max-semi-space-size=2
// --max-semi-space-size=2: V8's young generation otherwise grows to tens of MB per isolate on a large
// machine; capped, a 5M-row log run peaks about 12 % lower at the same speed (README, Performance).
// ./run, the Dockerfile and the log benchmark start the CLI with the same flag.
//
// Plain JavaScript, so that nothing is type-stripped before Node's compile cache is on: Node strips
// TypeScript in a WebAssembly module that costs ~20 MB per thread, and a source found in the cache is
// not stripped again. The directory goes to the environment too, for the log worker threads.
import module from 'node:module';

const cache = module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE);
if (cache?.directory) process.env.NODE_COMPILE_CACHE = cache.directory;

const { main } = await import('./main.ts');

// main() reports its own errors (exit 4 for an internal one); this catch is for one that escapes it.
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  now: () => new Date(),
  stderrIsTty: Boolean(process.stderr.isTTY),
}).catch((error) => {
  process.stderr.write(`error: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  return 4;
});
