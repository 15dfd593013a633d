import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectFiles,
  decodeInput,
  decodeText,
  type FileSystemAccess,
  InputDirectoryError,
  jsonErrorLocation,
  lineAndColumn,
  locateJsonError,
  NODE_FILE_SYSTEM,
  parseResourceDocument,
} from './files.ts';

const FW_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/fw1';
const RT = (name: string) => ({
  id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/${name}`,
  name,
  type: 'Microsoft.Network/routeTables',
  properties: { routes: [] },
});

describe('parseResourceDocument', () => {
  it('reads a single resource with an empty pointer', () => {
    const { resources, errors } = parseResourceDocument(JSON.stringify(RT('a')), 'rt.json');
    expect(errors).toEqual([]);
    expect(resources).toEqual([{ body: RT('a'), origin: { file: 'rt.json', pointer: '' } }]);
  });

  it('reads an array of resources with /i pointers', () => {
    const { resources } = parseResourceDocument(JSON.stringify([RT('a'), RT('b')]), 'x/rts.json');
    expect(resources.map((r) => r.origin)).toEqual([
      { file: 'x/rts.json', pointer: '/0' },
      { file: 'x/rts.json', pointer: '/1' },
    ]);
    expect(resources[1]?.body.name).toBe('b');
  });

  it('reads a list response with /value/i pointers', () => {
    const { resources, errors } = parseResourceDocument(
      JSON.stringify({ value: [RT('a'), RT('b'), RT('c')] }),
      'l.json',
    );
    expect(errors).toEqual([]);
    expect(resources.map((r) => r.origin.pointer)).toEqual(['/value/0', '/value/1', '/value/2']);
  });

  it('takes an object with id and type as a resource even when it has a value field', () => {
    const body = { ...RT('v'), value: [1, 2] };
    const { resources } = parseResourceDocument(JSON.stringify(body), 'v.json');
    expect(resources).toHaveLength(1);
    expect(resources[0]?.origin.pointer).toBe('');
  });

  it('reports a list whose nextLink says pages are missing, and still reads the items', () => {
    const { resources, errors } = parseResourceDocument(
      JSON.stringify({ value: [RT('a')], nextLink: 'https://management.azure.com/…&$skiptoken=x' }),
      'paged.json',
    );
    expect(resources).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.file).toBe('paged.json');
    expect(errors[0]?.message).toMatch(/nextLink/);
  });

  it('ignores a UTF-8 byte order mark', () => {
    const { resources, errors } = parseResourceDocument(`\uFEFF${JSON.stringify(RT('bom'))}`, 'bom.json');
    expect(errors).toEqual([]);
    expect(resources[0]?.body.name).toBe('bom');
  });

  it('reports a JSON value that holds no resources', () => {
    for (const text of ['42', '"text"', 'null', 'true']) {
      const { resources, errors } = parseResourceDocument(text, 'scalar.json');
      expect(resources).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.file).toBe('scalar.json');
      expect(errors[0]?.message).toMatch(/^it holds /);
    }
  });

  it('reports array items that are not objects, and keeps the others', () => {
    const { resources, errors } = parseResourceDocument(JSON.stringify([RT('a'), 7, null, RT('b')]), 'mixed.json');
    expect(resources.map((r) => r.origin.pointer)).toEqual(['/0', '/3']);
    expect(errors.map((e) => e.message)).toEqual([
      'the item at /1 is a number, not a resource object',
      'the item at /2 is null, not a resource object',
    ]);
  });

  it('names file, line and column of malformed JSON', () => {
    const text = '{\n  "id": "x",\n  "type": "y",\n}\n';
    const { resources, errors } = parseResourceDocument(text, 'bad.json');
    expect(resources).toEqual([]);
    expect(errors).toEqual([
      {
        file: 'bad.json',
        line: 4,
        column: 1,
        message: 'not valid JSON: Expected double-quoted property name',
      },
    ]);
  });

  it('finds the position when the engine gives none (unexpected token, unexpected end)', () => {
    // V8: "Unexpected token '}', "{"a": tru}" is not valid JSON" — no position in the message.
    const token = parseResourceDocument('{\n  "a": tru}', 't.json').errors[0];
    expect(token).toMatchObject({ file: 't.json', line: 2, column: 11 });
    // V8: "Unexpected end of JSON input".
    const end = parseResourceDocument('[\n  {"a": 1},\n  {"b": [1, 2', 'e.json').errors[0];
    expect(end).toMatchObject({ file: 'e.json', line: 3, column: 14 });
    const empty = parseResourceDocument('', 'empty.json').errors[0];
    expect(empty).toMatchObject({ file: 'empty.json', line: 1, column: 1 });
  });

  it('counts lines and columns after a byte order mark from the first character after it', () => {
    const error = parseResourceDocument('\uFEFF{"a": 1,}', 'b.json').errors[0];
    expect(error).toMatchObject({ line: 1, column: 9 });
  });
});

describe('jsonErrorLocation', () => {
  const text = '{\n  "a": 1,\n  }';
  it('reads "(line L column C)" from the message', () => {
    expect(jsonErrorLocation(text, new SyntaxError('Expected x in JSON at position 14 (line 3 column 3)'))).toEqual({
      line: 3,
      column: 3,
      reason: 'Expected x',
    });
  });

  it('computes line and column from "at position N" (older engines)', () => {
    expect(jsonErrorLocation(text, new SyntaxError('Unexpected token } in JSON at position 14'))).toEqual({
      line: 3,
      column: 3,
      reason: 'Unexpected token }',
    });
  });

  it('scans the text when the message has no position', () => {
    expect(jsonErrorLocation(text, new SyntaxError('Unexpected token'))).toMatchObject({ line: 3, column: 3 });
  });
});

describe('locateJsonError', () => {
  it('returns -1 for valid JSON', () => {
    for (const ok of ['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"]} ', '0', '"s"']) {
      expect(locateJsonError(ok)).toBe(-1);
    }
  });

  it('agrees with the engine wherever the engine names a position', () => {
    const broken = [
      '{"a": 1,}',
      '{"a" 1}',
      '[1, 2,, 3]',
      '{"a": "x\ny"}',
      '{"a": 01}',
      '{"a": 1} x',
      '{\n  "b": [\n    1,\n    2\n  ],\n  "c": }',
      '{"a": "\\q"}',
      '[1.]',
      "{'a': 1}",
    ];
    for (const text of broken) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (e) {
        message = (e as Error).message;
      }
      const m = /at position (\d+)/.exec(message);
      if (m) expect(locateJsonError(text), `${JSON.stringify(text)}: ${message}`).toBe(Number(m[1]));
      else expect(locateJsonError(text)).toBeGreaterThanOrEqual(0);
    }
  });

  it('points past the end for truncated input', () => {
    expect(locateJsonError('{"a": [1')).toBe(8);
    expect(locateJsonError('"abc')).toBe(4);
  });
});

describe('decodeText', () => {
  it('reads UTF-8 (with or without BOM) and BOM-marked UTF-16 in both byte orders, dropping the BOM', () => {
    const text = '{"name": "é"}';
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeText(Buffer.from(`\uFEFF${text}`, 'utf8'))).toBe(text);
    expect(decodeText(Buffer.from(`\uFEFF${text}`, 'utf16le'))).toBe(text);
    const be = Buffer.from(`\uFEFF${text}`, 'utf16le').swap16();
    expect(decodeText(be)).toBe(text);
  });
});

describe('lineAndColumn', () => {
  it('is 1-based and counts \\n as the line end', () => {
    expect(lineAndColumn('ab\ncd\r\nef', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd\r\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('ab\ncd\r\nef', 7)).toEqual({ line: 3, column: 1 });
  });
});

describe('collectFiles', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aro-aks-audit-collect-'));
    const write = async (rel: string, text: string) => {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), text);
    };
    await write(
      'good.json',
      JSON.stringify({ id: FW_ID, name: 'fw1', type: 'Microsoft.Network/azureFirewalls', properties: {} }, null, 2),
    );
    await write('bad.json', '{\n  "id": "/x",\n  "type": "Microsoft.Network/routeTables"\n  "name": "x"\n}\n');
    await write('list.json', JSON.stringify({ value: [RT('l0'), RT('l1')] }));
    await write('array.json', JSON.stringify([RT('a0'), RT('a1'), RT('a2')]));
    await write('bom.json', `\uFEFF${JSON.stringify(RT('bom'))}`);
    // Windows PowerShell 5.1 redirection: UTF-16LE with a byte order mark.
    await writeFile(path.join(dir, 'utf16.json'), Buffer.from(`\uFEFF${JSON.stringify(RT('utf16'))}`, 'utf16le'));
    await write('number.json', '42\n');
    await write('nested/deeper/z.json', JSON.stringify(RT('nested')));
    await write('nested/A.JSON', JSON.stringify(RT('upper-ext')));
    await write('nested/readme.txt', 'not json');
    await write('.hidden/skipped.json', JSON.stringify(RT('hidden')));
    await write('.dotfile.json', JSON.stringify(RT('dotfile')));
    await write('node_modules/pkg/skipped.json', JSON.stringify(RT('node-modules')));
    await symlink(path.join(dir, 'nested'), path.join(dir, 'link-to-folder'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads every *.json recursively in sorted order, skipping dot names and node_modules', async () => {
    const collected = await collectFiles(dir);
    expect(collected.sourcesRead).toEqual([
      'array.json',
      'bad.json',
      'bom.json',
      'good.json',
      'list.json',
      'nested/A.JSON',
      'nested/deeper/z.json',
      'number.json',
      'utf16.json',
    ]);
  });

  it('keeps every good resource, with file and pointer', async () => {
    const { resources } = await collectFiles(dir);
    expect(resources.map((r) => [r.origin.file, r.origin.pointer, r.body.name])).toEqual([
      ['array.json', '/0', 'a0'],
      ['array.json', '/1', 'a1'],
      ['array.json', '/2', 'a2'],
      ['bom.json', '', 'bom'],
      ['good.json', '', 'fw1'],
      ['list.json', '/value/0', 'l0'],
      ['list.json', '/value/1', 'l1'],
      ['nested/A.JSON', '', 'upper-ext'],
      ['nested/deeper/z.json', '', 'nested'],
      ['utf16.json', '', 'utf16'],
    ]);
  });

  it('reports the malformed file with line and column, and the scalar file, and nothing else', async () => {
    const { errors } = await collectFiles(dir);
    expect(errors).toHaveLength(2);
    // The missing comma is noticed at the next property name: line 4, column 3.
    expect(errors[0]).toMatchObject({ file: 'bad.json', line: 4, column: 3 });
    expect(errors[0]?.message).toBe("not valid JSON: Expected ',' or '}' after property value");
    expect(errors[1]).toMatchObject({ file: 'number.json' });
    expect(errors[1]?.line).toBeUndefined();
  });

  it('throws InputDirectoryError for a directory that does not exist or is a file', async () => {
    await expect(collectFiles(path.join(dir, 'missing'))).rejects.toBeInstanceOf(InputDirectoryError);
    await expect(collectFiles(path.join(dir, 'missing'))).rejects.toThrow(/does not exist/);
    await expect(collectFiles(path.join(dir, 'good.json'))).rejects.toThrow(/not a directory/);
  });

  // Permission bits do not stop root (CI runs as root), so the failures are injected through the reader.
  const failingOn = (suffix: string, call: 'readdir' | 'readFile'): FileSystemAccess => ({
    ...NODE_FILE_SYSTEM,
    [call]: async (target: string) => {
      if (target.endsWith(suffix))
        throw Object.assign(new Error(`EACCES: permission denied, open '${target}'`), { code: 'EACCES' });
      return NODE_FILE_SYSTEM[call](target);
    },
  });

  it('reports a sub-folder it cannot read, and reads the rest', async () => {
    const { errors, resources } = await collectFiles(dir, failingOn(`${path.sep}nested`, 'readdir'));
    expect(
      errors.some((e) => e.file === 'nested' && /cannot read this folder: permission denied/.test(e.message)),
    ).toBe(true);
    expect(resources.map((r) => r.origin.file)).not.toContain('nested/A.JSON');
    expect(resources.map((r) => r.origin.file)).toContain('good.json');
  });

  it('reports a file it cannot read, and reads the rest', async () => {
    const { errors, resources, sourcesRead } = await collectFiles(dir, failingOn('good.json', 'readFile'));
    expect(errors.some((e) => e.file === 'good.json' && /cannot read the file/.test(e.message))).toBe(true);
    expect(sourcesRead).not.toContain('good.json');
    expect(resources.length).toBeGreaterThan(0);
  });

  it('gives the same result twice (deterministic)', async () => {
    expect(await collectFiles(dir)).toEqual(await collectFiles(dir));
  });
  it('reads a file of more resources than a call takes as arguments (a whole tenant exported at once)', async () => {
    const big = await mkdtemp(path.join(os.tmpdir(), 'aro-aks-audit-collect-big-'));
    try {
      const value = Array.from({ length: 150_000 }, (_, i) => ({
        id: `/r/${i}`,
        type: 'Microsoft.Network/routeTables',
      }));
      await writeFile(path.join(big, 'tenant.json'), JSON.stringify({ value }));
      const { resources, errors } = await collectFiles(big);
      expect(errors).toEqual([]);
      expect(resources).toHaveLength(150_000);
    } finally {
      await rm(big, { recursive: true, force: true });
    }
  });
});

describe('hostile and careless input files', () => {
  const AZ_OUTPUT = path.resolve(import.meta.dirname, '../../../../fixtures/az-output');
  const messageOf = (file: string) =>
    parseResourceDocument(readFileSync(path.join(AZ_OUTPUT, file), 'utf8'), file).errors[0]?.message;

  it('finds the fault of 10,000 (and a million) unclosed `[` without recursion', () => {
    for (const depth of [10_000, 1_000_000]) {
      const text = '['.repeat(depth);
      expect(locateJsonError(text)).toBe(depth);
      expect(jsonErrorLocation(text, new SyntaxError('Unexpected end of JSON input'))).toMatchObject({
        line: 1,
        column: depth + 1,
      });
    }
    // Deep but valid, then one fault at the bottom.
    expect(locateJsonError(`${'['.repeat(50_000)}1${']'.repeat(50_000)}`)).toBe(-1);
    expect(locateJsonError(`${'[{"a":'.repeat(20_000)}x`)).toBe(6 * 20_000);
  });

  it('says a file cut short is cut short, at its end', () => {
    const { errors } = parseResourceDocument('['.repeat(10_000), 'deep.json');
    expect(errors).toEqual([
      {
        file: 'deep.json',
        line: 1,
        column: 10_001,
        message: 'not valid JSON: it ends before the JSON does (was the file cut short?)',
      },
    ]);
  });

  it('names the likely cause of az output that is not JSON, from the examples of the Azure CLI docs', () => {
    expect(messageOf('table.json')).toBe(
      'not valid JSON: this looks like `-o table` output (a header, then a line of dashes): run the command with `-o json`',
    );
    expect(messageOf('yaml.json')).toBe(
      'not valid JSON: this looks like `-o yaml` output: run the command with `-o json`',
    );
    expect(messageOf('tsv.json')).toBe(
      'not valid JSON: this looks like `-o tsv` output (tab-separated values, no keys): run the command with `-o json`',
    );
    expect(messageOf('jsonc.json')).toBe(
      'not valid JSON: it holds terminal colour codes (`-o jsonc` or `-o yamlc`, or a copy of a coloured terminal): run the command with `-o json`',
    );
    expect(messageOf('warning-line.json')).toBe(
      'not valid JSON: az printed a WARNING or ERROR line into the file: redirect only its standard output (`> file.json`, not `2>&1` or `&>`), or add `--only-show-errors`',
    );
  });

  it('names an empty file, two documents in one file, and NUL characters', () => {
    expect(parseResourceDocument('  \n', 'e.json').errors[0]?.message).toBe(
      'not valid JSON: the file is empty (did the command that wrote it fail, or print nothing?)',
    );
    expect(parseResourceDocument('[]\n[]\n', 'two.json').errors[0]).toMatchObject({
      line: 2,
      column: 1,
      message: 'not valid JSON: more follows the first JSON value (two outputs appended into one file?)',
    });
    expect(parseResourceDocument('{\u0000"\u0000', 'nul.json').errors[0]?.message).toMatch(/NUL characters/);
  });

  it('warns once per file whose bytes are not valid UTF-8, with the count and the first position', () => {
    const latin1 = Buffer.from('{\n  "name": "caf\xe9 \xe8",\n  "x": "\ufffd"\n}', 'latin1');
    // The ufffd above was written as one latin1 byte (0xfd); a U+FFFD written in UTF-8 is text, not a fault:
    const bytes = Buffer.concat([latin1.subarray(0, -5), Buffer.from('"\ufffd"\n}', 'utf8')]);
    const { text, invalid } = decodeInput(bytes);
    expect(text).toContain('caf\ufffd \ufffd');
    // `  "name": "caf` is 14 characters: the first invalid byte is the 15th.
    expect(invalid).toEqual({ encoding: 'UTF-8', count: 2, line: 2, column: 15 });
    expect(decodeInput(Buffer.from('{"name": "café \ufffd"}', 'utf8')).invalid).toBeUndefined();
    // An unpaired surrogate in UTF-16LE.
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('["', 'utf16le'),
      Buffer.from([0x00, 0xd8]),
      Buffer.from('"]', 'utf16le'),
    ]);
    expect(decodeInput(utf16).invalid).toEqual({ encoding: 'UTF-16LE', count: 1, line: 1, column: 3 });
  });
});

describe('entries that are not regular files', () => {
  let dir = '';
  const reads: string[] = [];
  const recording: FileSystemAccess = {
    ...NODE_FILE_SYSTEM,
    readFile: async (file) => {
      reads.push(path.basename(file));
      return NODE_FILE_SYSTEM.readFile(file);
    },
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aro-aks-audit-entries-'));
    await writeFile(path.join(dir, 'good.json'), JSON.stringify(RT('good')));
    await writeFile(path.join(dir, 'latin1.json'), Buffer.from(JSON.stringify(RT('caf\xe9')), 'latin1'));
    await symlink(path.join(dir, 'gone.json'), path.join(dir, 'dangling.json'));
    await symlink(path.join(dir, 'loop-b.json'), path.join(dir, 'loop-a.json'));
    await symlink(path.join(dir, 'loop-a.json'), path.join(dir, 'loop-b.json'));
    await symlink('/dev/zero', path.join(dir, 'zero.json'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    await symlink(path.join(dir, 'pipe.json'), path.join(dir, 'link-to-pipe.json'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('names each *.json entry it cannot read, opens none of them, and reads the rest', async () => {
    reads.length = 0;
    const { errors, warnings, resources, sourcesRead } = await collectFiles(dir, recording);
    expect(errors).toEqual([
      { file: 'dangling.json', message: 'a symbolic link whose target does not exist: not read' },
      { file: 'link-to-pipe.json', message: 'a named pipe (FIFO), not a file: not read' },
      { file: 'loop-a.json', message: 'a symbolic link that loops (it leads back to itself): not read' },
      { file: 'loop-b.json', message: 'a symbolic link that loops (it leads back to itself): not read' },
      { file: 'pipe.json', message: 'a named pipe (FIFO), not a file: not read' },
      { file: 'zero.json', message: 'a character device, not a file: not read' },
    ]);
    expect(reads).toEqual(['good.json', 'latin1.json']);
    expect(sourcesRead).toEqual(['good.json', 'latin1.json']);
    expect(resources.map((r) => r.body.name)).toEqual(['good', 'caf\ufffd']);
    expect(warnings).toEqual([
      {
        file: 'latin1.json',
        line: 1,
        // The id comes first: `{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/caf` is 85 characters.
        column: 86,
        message:
          '2 byte sequences are not valid UTF-8 (the first here) and were read as U+FFFD: a name or address holding one does not match what Azure holds; save the file as UTF-8',
      },
    ]);
  });

  it('refuses to read a FIFO or a device that replaced a file after the listing, without blocking', async () => {
    await expect(NODE_FILE_SYSTEM.readFile(path.join(dir, 'pipe.json'))).rejects.toThrow(
      'it is a named pipe (FIFO), not a file',
    );
    await expect(NODE_FILE_SYSTEM.readFile('/dev/zero')).rejects.toThrow('it is a character device, not a file');
  });
});
