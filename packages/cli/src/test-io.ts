import { type Io, main } from './main.ts';

/** Runs the command in-process and returns its exit code and output. */
export async function runCli(
  args: string[],
  extra: Partial<Io> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    isTty: false,
    now: () => new Date('2026-11-22T00:00:00Z'),
    ...extra,
  };
  const code = await main(args, io);
  return { code, ...out };
}
