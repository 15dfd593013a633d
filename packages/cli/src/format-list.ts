import { InvalidArgumentError } from 'commander';

/** `--format a,b`: the formats named, each one of `known`, or a usage error naming the unknown ones. */
export function parseFormatList<F extends string>(value: string, known: readonly F[]): F[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase());
  const unknown = formats.filter((f) => !(known as readonly string[]).includes(f));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown format ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return formats as F[];
}
