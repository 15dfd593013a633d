import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './demo.test-support.ts';
import { runCli } from './test-io.ts';

const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');

/** The code block of README's Usage section. */
function usageBlock(): string {
  const block = /^## Usage\n\n```\n([\s\S]*?)\n```/m.exec(readme)?.[1];
  if (!block) throw new Error('README: no code block under "## Usage"');
  return block;
}

/** The Usage block's lines per command ('audit' for the command without a word), continuation lines joined. */
function usageByCommand(): Map<string, string> {
  const out = new Map<string, string>();
  let command: string | undefined;
  for (const line of usageBlock().split('\n')) {
    const head = /^aro-aks-audit (\S+)/.exec(line);
    if (head) command = head[1]?.startsWith('-') ? 'audit' : head[1];
    if (line.startsWith('aro-aks-audit --help')) command = undefined;
    if (command) out.set(command, `${out.get(command) ?? ''} ${line}`);
  }
  return out;
}

const longOptions = (text: string) => new Set(text.match(/--[a-z][a-z-]*/g) ?? []);
const SCOPE_REFERENCE = /\[the scope and cloud options above(?:, but ([^\]]+))?\]/;

/** The long options a command's `--help` lists. */
async function helpOptions(command: string): Promise<Set<string>> {
  const { stdout } = await runCli(command === 'audit' ? ['--help'] : [command, '--help']);
  const options = new Set([...stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1] ?? ''));
  options.delete('--help');
  options.delete('--version');
  return options;
}

describe("README's Usage and each command's --help list the same options", () => {
  const usage = usageByCommand();
  /** The options of the live audit's line, which "[the scope and cloud options above]" stands for. */
  const scope = longOptions(/^aro-aks-audit --subscription .*(?:\n {14}.*)*/m.exec(usageBlock())?.[0] ?? '');

  it('has a Usage entry for every command', async () => {
    const { stdout } = await runCli(['--help']);
    const commandList = stdout.slice(stdout.indexOf('\nCommands:\n'));
    const commands = [...commandList.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect([...usage.keys()].sort()).toEqual(['audit', ...commands].sort());
    expect(scope.has('--subscription') && scope.has('--since')).toBe(true);
  });

  it.each(['audit', 'snapshot', 'endpoints', 'fix', 'explain', 'what-if'])('%s', async (command) => {
    const text = usage.get(command) ?? '';
    const reference = SCOPE_REFERENCE.exec(text);
    const written = longOptions(text.replace(SCOPE_REFERENCE, ''));
    const excepted = longOptions(reference?.[1] ?? '');
    const documented = new Set([...written, ...(reference ? [...scope].filter((o) => !excepted.has(o)) : [])]);
    const help = await helpOptions(command);
    expect(
      [...help].filter((o) => !documented.has(o)),
      `${command}: in --help, not in README's Usage`,
    ).toEqual([]);
    expect(
      [...written].filter((o) => !help.has(o)),
      `${command}: in README's Usage, not in --help`,
    ).toEqual([]);
  });
});
