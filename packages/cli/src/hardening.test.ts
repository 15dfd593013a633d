import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { runCli } from './test-io.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const demo = path.join(repo, 'fixtures/demo/arm');
const scratch = () => mkdtempSync(path.join(tmpdir(), 'aro-aks-audit-hardening-'));
const demoCopy = () => {
  const input = scratch();
  cpSync(demo, input, { recursive: true });
  return input;
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is tested.
const ACTING = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('--out is checked before the audit starts (usage error, exit 2)', () => {
  const refused = async (out: string, input = demo) => {
    const started = Date.now();
    const { code, stderr } = await runCli(['--input', input, '--out', out, '--fail-on', 'none']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(EXIT.usage);
    // Nothing was read: the check came first.
    expect(stderr).not.toContain('reading ');
    return stderr;
  };

  it('refuses an existing file', async () => {
    const file = path.join(scratch(), 'out');
    writeFileSync(file, 'x');
    expect(await refused(file)).toBe(`error: --out ${file}: it exists and is not a folder\n`);
  });

  it('refuses a folder under a file', async () => {
    const file = path.join(scratch(), 'file');
    writeFileSync(file, 'x');
    expect(await refused(path.join(file, 'reports'))).toBe(
      `error: --out ${path.join(file, 'reports')}: ${file} is not a folder\n`,
    );
  });

  it('refuses /proc/x in bounded time, where a recursive mkdir loops', async () => {
    expect(await refused('/proc/x')).toBe(
      'error: --out /proc/x: cannot create /proc/x: the file system does not allow creating it\n',
    );
  });

  it('refuses a folder it cannot write into', async () => {
    expect(await refused('/proc')).toMatch(/^error: --out \/proc: cannot write into it: /);
  });

  it('refuses --out equal to --input, inside it, or inside it through a symbolic link', async () => {
    const input = demoCopy();
    const before = readdirSync(input).sort();
    expect(await refused(input, input)).toMatch(/is the --input folder: the reports would overwrite input files/);
    expect(await refused(path.join(input, 'reports'), input)).toMatch(
      new RegExp(`is inside --input ${input}: the reports would overwrite input files and be read as input`),
    );
    const link = path.join(scratch(), 'link');
    symlinkSync(input, link);
    expect(await refused(path.join(link, 'reports'), input)).toMatch(/is inside --input/);
    expect(readdirSync(input).sort()).toEqual(before);
  });

  it('what-if refuses /proc/x and --out inside --input the same way, before reading', async () => {
    const change = path.join(
      repo,
      'fixtures/what-if/tag-cleanup',
      readdirSync(path.join(repo, 'fixtures/what-if/tag-cleanup')).find((f) => f.endsWith('.json')) ?? '',
    );
    const proc = await runCli(['what-if', '--input', demo, '--change', change, '--out', '/proc/x']);
    expect(proc.code).toBe(EXIT.usage);
    expect(proc.stderr).toBe(
      'error: --out /proc/x: cannot create /proc/x: the file system does not allow creating it\n',
    );
    const input = demoCopy();
    const inside = await runCli(['what-if', '--input', input, '--change', change, '--out', path.join(input, 'r')]);
    expect(inside.code).toBe(EXIT.usage);
    expect(inside.stderr).toMatch(/is inside --input/);
  });

  it('takes a new folder several levels down, and --out beside --input', async () => {
    const input = demoCopy();
    const out = path.join(path.dirname(input), `${path.basename(input)}-reports`, 'a', 'b');
    const { code } = await runCli(['--input', input, '--out', out, '--fail-on', 'none', '-q', '--format', 'json']);
    expect(code).toBe(EXIT.clean);
    expect(readdirSync(out)).toEqual(['findings.json']);
  });
});

describe('an internal error (exit 4)', () => {
  it('writes the reports it still can, says what failed in one line, and prints the stack only with --debug', async () => {
    const out = scratch();
    mkdirSync(path.join(out, 'report.html')); // a folder where the report goes: this write fails
    const args = ['--input', demo, '--out', out, '--fail-on', 'none', '--format', 'json,html,csv'];
    const { code, stderr } = await runCli(args);
    expect(code).toBe(EXIT.internal);
    const errors = stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toEqual([
      `error: internal error writing ${path.join(out, 'report.html')}: Error: EISDIR: illegal operation on a directory, open '${path.join(out, 'report.html')}' (aro-aks-audit 0.1.0; --debug prints the stack)`,
    ]);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(out).sort()).toEqual(['findings.csv', 'findings.json', 'report.html']);
    expect(JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')).schemaVersion).toBe(1);
    const debug = await runCli([...args, '--debug']);
    expect(debug.code).toBe(EXIT.internal);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('is not the exit code of a finding (1) when the audit itself throws', async () => {
    const { code, stderr } = await runCli(['--input', demo, '--out', scratch(), '-q'], {
      now: () => {
        throw new RangeError('clock broken');
      },
    });
    expect(code).toBe(EXIT.internal);
    expect(stderr).toBe(
      'error: internal error during the audit: RangeError: clock broken (aro-aks-audit 0.1.0; --debug prints the stack)\n',
    );
  });
});

describe('hostile input through the command', () => {
  it('reads a file of 10,000 nested [ as a file cut short: incomplete (3), not a crash', async () => {
    const input = demoCopy();
    writeFileSync(path.join(input, 'deep.json'), '['.repeat(10_000));
    const { code, stderr } = await runCli(['--input', input, '--out', scratch(), '--fail-on', 'none', '-q']);
    expect(code).toBe(EXIT.incomplete);
    expect(stderr).toBe(
      'warning: deep.json:1:10001: not valid JSON: it ends before the JSON does (was the file cut short?)\n',
    );
  });

  it('refuses a resource nested 20,000 levels deep, naming it, and audits the rest', async () => {
    const input = demoCopy();
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    const body = {
      id: '/subscriptions/3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-deep',
      type: 'Microsoft.Network/routeTables',
      properties: { routes: deep },
    };
    writeFileSync(
      path.join(input, 'deep.json'),
      `{"id":"${body.id}","type":"${body.type}","properties":{"routes":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
    );
    const { code, stderr } = await runCli(['--input', input, '--out', scratch(), '--fail-on', 'none', '-q']);
    expect(code).toBe(EXIT.incomplete);
    expect(stderr).toBe(
      'warning: deep.json: the resource at the top is nested more than 64 levels deep (ARM resources nest about ten): not read\n',
    );
  });

  it('reports one bad file as one collection-incomplete finding, however many of its fields are wrong', async () => {
    const input = demoCopy();
    const id =
      '/subscriptions/3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-x';
    writeFileSync(
      path.join(input, 'rt-x.json'),
      JSON.stringify({ id, type: 'Microsoft.Network/routeTables', properties: { routes: [1, 2, 3] } }),
    );
    const out = scratch();
    const { code } = await runCli(['--input', input, '--out', out, '--fail-on', 'none', '-q', '--format', 'json']);
    expect(code).toBe(EXIT.incomplete);
    const result = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    const unknown = result.findings.filter(
      (f: { checkId: string; status: string }) => f.checkId === 'collection-incomplete' && f.status === 'unknown',
    );
    expect(unknown.map((f: { subject: string; evidence: unknown[] }) => [f.subject, f.evidence.length])).toEqual([
      ['rt-x.json', 3],
    ]);
    expect(result.errors).toHaveLength(3);
  });

  it('shows terminal escapes and bidi controls of file names as \\uXXXX on stderr', async () => {
    const input = demoCopy();
    writeFileSync(path.join(input, 'evil\x1b]0;pwned\x07\u202egnp.json'), '{');
    const { stderr } = await runCli(['--input', input, '--out', scratch(), '--fail-on', 'none', '-q']);
    expect(stderr).not.toMatch(ACTING);
    expect(stderr).toContain('warning: evil\\u001B]0;pwned\\u0007\\u202Egnp.json:1:2: not valid JSON');
  });

  it('warns once per file whose bytes are not valid UTF-8, and the audit stays complete', async () => {
    const input = demoCopy();
    const file = path.join(input, 'vnet-hub.json');
    const text = readFileSync(file, 'utf8').replace('"tags": {', '"tags": {"owner": "caf\u00e9 \u00e9quipe",');
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const { code, stderr } = await runCli(['--input', input, '--out', scratch(), '--fail-on', 'none', '-q']);
    expect(code).toBe(EXIT.clean);
    const warnings = stderr.split('\n').filter(Boolean);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^warning: vnet-hub\.json:\d+:\d+: 2 byte sequences are not valid UTF-8 \(the first here\) and were read as U\+FFFD/,
    );
  });
});

describe('missing references make the audit incomplete (exit 3), each named in errors', () => {
  const SUB = '/subscriptions/3f2a9c51-8d4e-4b7a-9f0e-6c1d2e3a4b5c';
  /** Drops the resources with these ids (top-level items of any file form) from a copy of the demo. */
  const withoutIds = (input: string, doomed: string[]) => {
    const gone = new Set(doomed.map((id) => id.toLowerCase()));
    for (const file of readdirSync(input).filter((f) => f.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(path.join(input, file), 'utf8'));
      const keep = (r: { id?: string }) => !gone.has(String(r.id).toLowerCase());
      const next = Array.isArray(doc)
        ? doc.filter(keep)
        : Array.isArray(doc.value)
          ? { ...doc, value: doc.value.filter(keep) }
          : keep(doc)
            ? doc
            : [];
      writeFileSync(path.join(input, file), JSON.stringify(next));
    }
    return input;
  };
  const audit = async (input: string) => {
    const out = scratch();
    const { code } = await runCli(['--input', input, '--out', out, '--fail-on', 'none', '-q', '--format', 'json']);
    const result = JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8'));
    const unknown = result.findings
      .filter(
        (f: { checkId: string; status: string }) => f.checkId === 'collection-incomplete' && f.status === 'unknown',
      )
      .map((f: { resourceId: string }) => f.resourceId);
    return { code, result, unknown, sources: result.errors.map((e: { source: string }) => e.source) };
  };

  it.each([
    [
      'a cluster whose subnets are not in the input',
      [`${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks-prod`],
      `${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks-prod/subnets/snet-aks-nodes`,
    ],
    [
      "a subnet's route table",
      [`${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.Network/routeTables/rt-aks-prod`],
      `${SUB}/resourceGroups/rg-aks-prod/providers/Microsoft.Network/routeTables/rt-aks-prod`,
    ],
    [
      'an IP group',
      [`${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/ipGroups/ipg-aks-nodes`],
      `${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/ipGroups/ipg-aks-nodes`,
    ],
  ])('%s', async (_, doomed, named) => {
    const { code, result, unknown, sources } = await audit(withoutIds(demoCopy(), doomed));
    expect(code).toBe(EXIT.incomplete);
    expect(result.incomplete).toBe(true);
    expect(sources.map((s: string) => s.toLowerCase())).toContain(named.toLowerCase());
    expect(unknown.map((s: string) => s.toLowerCase())).toContain(named.toLowerCase());
  });

  it("a policy's rule collection groups", async () => {
    const input = demoCopy();
    rmSync(path.join(input, 'rcg-afwp-base.json'));
    const { code, sources } = await audit(input);
    expect(code).toBe(EXIT.incomplete);
    expect(sources).toContain(
      `${SUB}/resourceGroups/rg-hub-network/providers/Microsoft.Network/firewallPolicies/afwp-base/ruleCollectionGroups/rcg-platform-aks`,
    );
  });

  it('firewallPolicy: "oops"', async () => {
    const input = demoCopy();
    const file = path.join(input, 'afw-hub.json');
    const firewall = JSON.parse(readFileSync(file, 'utf8'));
    firewall.properties.firewallPolicy = { id: 'oops' };
    writeFileSync(file, JSON.stringify(firewall));
    const { code, result } = await audit(input);
    expect(code).toBe(EXIT.incomplete);
    expect(result.errors).toContainEqual({
      source: 'oops',
      message:
        "firewall afw-hub names it (firewallPolicy), and it is not in the input: the firewall's rules are in its policy",
    });
  });

  it('an input holding only clusters', async () => {
    const input = scratch();
    cpSync(path.join(demo, 'aks-clusters.json'), path.join(input, 'aks-clusters.json'));
    const { code, result } = await audit(input);
    expect(code).toBe(EXIT.incomplete);
    expect(result.errors).toContainEqual({
      source: 'input',
      message:
        'the input holds no Azure Firewall: no egress can be judged against a firewall; add the firewalls (az network firewall list)',
    });
  });
});

describe('input that would have made a verdict up', () => {
  const findingsOf = (out: string) =>
    JSON.parse(readFileSync(path.join(out, 'findings.json'), 'utf8')) as {
      errors: { source: string; message: string }[];
      findings: { checkId: string; status: string; resourceId: string }[];
    };

  it('a firewall without properties is unreadable: incomplete, and nothing is called blocked through it', async () => {
    const input = demoCopy();
    const file = path.join(input, 'afw-hub.json');
    const { id, name, type, location, tags } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ id, name, type, location, tags }));
    const out = scratch();
    const { code } = await runCli(['--input', input, '--out', out, '--fail-on', 'none', '-q', '--format', 'json']);
    expect(code).toBe(EXIT.incomplete);
    const result = findingsOf(out);
    expect(result.errors.map((e) => [e.source, e.message.split(':')[0]])).toContainEqual(['afw-hub.json', id]);
    expect(result.findings.filter((f) => f.checkId === 'required-endpoint-blocked' && f.status === 'fail')).toEqual([]);
  });

  it('one id with two different contents (a stale second export) names both files: incomplete', async () => {
    const input = demoCopy();
    const groups = JSON.parse(readFileSync(path.join(input, 'rcg-afwp-base.json'), 'utf8'));
    groups.value[0].properties.ruleCollections.pop();
    writeFileSync(path.join(input, 'rcg-afwp-base.stale.json'), JSON.stringify(groups));
    const out = scratch();
    const { code } = await runCli(['--input', input, '--out', out, '--fail-on', 'none', '-q', '--format', 'json']);
    expect(code).toBe(EXIT.incomplete);
    expect(findingsOf(out).errors).toContainEqual({
      source: 'rcg-afwp-base.json',
      message: expect.stringMatching(
        /rcg-platform-aks is given 2 times with different contents \(rcg-afwp-base\.json at \/value\/0; rcg-afwp-base\.stale\.json at \/value\/0\)/,
      ),
    });
  });

  it('the same resource exported twice, identically, stays complete', async () => {
    const input = demoCopy();
    cpSync(path.join(input, 'ipg-aks-nodes.json'), path.join(input, 'ipg-aks-nodes.copy.json'));
    const { code } = await runCli([
      '--input',
      input,
      '--out',
      scratch(),
      '--fail-on',
      'none',
      '-q',
      '--format',
      'json',
    ]);
    expect(code).toBe(EXIT.clean);
  });
});

describe('subcommands print names shown, not obeyed', () => {
  it('fix prints a cluster named with escapes and bidi controls as \\uXXXX, in both formats', async () => {
    const input = demoCopy();
    const file = path.join(input, 'aks-clusters.json');
    // In the JSON text, the escape is written as JSON writes it: the name read holds ESC itself.
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('aks-prod-eastus', 'aks-prod\u202e\\u001b[2J'));
    for (const format of ['cli', 'json']) {
      const { code, stdout } = await runCli([
        'fix',
        '--input',
        input,
        '--cluster',
        'aks-prod\u202e\u001b[2J',
        '--format',
        format,
      ]);
      expect(code).toBe(EXIT.clean);
      expect(stdout).not.toMatch(ACTING);
      expect(stdout).toContain(format === 'cli' ? 'aks-prod\\u202E\\u001B[2J' : 'aks-prod\\u202E\\u001b[2J');
      if (format === 'json') expect(JSON.stringify(JSON.parse(stdout))).toContain('aks-prod\u202e\\u001b[2J');
    }
  });
});
