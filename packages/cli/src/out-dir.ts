/**
 * `--out`, checked before the audit starts (a usage error, exit 2): an audit of a large tenant must
 * not end in a stack trace because the reports cannot be written, nor write them where they do harm.
 *
 * - An existing path that is not a folder, a folder that cannot be written to (read-only, immutable,
 *   no permission), a path that cannot be created (`/proc/x`) are refused with the reason.
 * - `--out` equal to `--input` or inside it is refused: the reports would overwrite input files, and
 *   the next run would read them as input.
 * - Missing folders are created one at a time, each with its own mkdir: Node's recursive mkdir retries
 *   forever where a file system refuses to create anything and answers ENOENT (procfs).
 */
import { constants } from 'node:fs';
import { mkdir, open, realpath, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'ENOENT') return 'the file system does not allow creating it';
  if (code === 'ENOTDIR') return 'a part of the path is a file';
  return error instanceof Error ? error.message : String(error);
}

/** The deepest existing ancestor of `dir` (or `dir` itself) and the names below it that do not exist yet. */
async function existingPart(dir: string): Promise<{ existing: string; missing: string[] } | { error: string }> {
  const missing: string[] = [];
  let current = dir;
  for (;;) {
    try {
      const info = await stat(current);
      if (!info.isDirectory())
        return { error: current === dir ? 'it exists and is not a folder' : `${current} is not a folder` };
      return { existing: current, missing };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: a file further up; going up finds it and names it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return { error: `${current}: ${reason(error)}` };
    }
    const parent = path.dirname(current);
    if (parent === current) return { error: 'no part of the path exists' };
    missing.unshift(path.basename(current));
    current = parent;
  }
}

const isInside = (child: string, parent: string) => {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * Makes `--out` ready to write into, or says why it cannot be: creates what is missing and proves the
 * folder writable with a probe file. `inputs` are the `--input` folders it must stay out of.
 */
export async function prepareOutDir(
  out: string,
  inputs: readonly string[],
): Promise<{ error: string } | { dir: string }> {
  const dir = path.resolve(out);
  const found = await existingPart(dir);
  if ('error' in found) return { error: `--out ${out}: ${found.error}` };
  // Compared as real paths (symbolic links resolved), as the files would really be written.
  const realOut = path.join(await realpath(found.existing), ...found.missing);
  for (const input of inputs) {
    const realInput = await realpath(input).catch(() => path.resolve(input));
    if (isInside(realOut, realInput))
      return {
        error: `--out ${out} is ${realOut === realInput ? 'the --input folder' : `inside --input ${input}`}: the reports would overwrite input files and be read as input by the next run; choose another folder`,
      };
  }
  let current = found.existing;
  for (const name of found.missing) {
    current = path.join(current, name);
    try {
      await mkdir(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        return { error: `--out ${out}: cannot create ${current}: ${reason(error)}` };
    }
  }
  const probe = path.join(dir, `.aro-aks-audit-write-test-${process.pid}`);
  try {
    const handle = await open(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
    await handle.close();
    await unlink(probe);
  } catch (error) {
    return { error: `--out ${out}: cannot write into it: ${reason(error)}` };
  }
  return { dir };
}
