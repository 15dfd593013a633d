/** Fixture directories read as the CLI reads them, for tests of packages that may not do I/O themselves. */
import { collectFiles } from '../collect/files.ts';
import type { Inventory } from '../model/inventory.ts';
import { normalizeResources } from '../normalize/index.ts';

/** The inventory of a directory of ARM JSON files; throws on any read or input error (a fixture is clean). */
export async function fixtureInventory(directory: string): Promise<Inventory> {
  const collected = await collectFiles(directory);
  const { inventory, errors } = normalizeResources(collected.resources);
  const problems = [...collected.errors, ...errors];
  if (problems.length > 0) {
    throw new Error(`fixture ${directory} does not read cleanly: ${problems.map((e) => e.message).join('; ')}`);
  }
  return inventory;
}
