/** Fixture directories read as the CLI reads them, for tests of packages that may not do I/O themselves. */

import type { Inventory } from '@aro-aks-audit/auditor';
import { normalizeResources } from '@aro-aks-audit/auditor';
import { collectFiles } from '@aro-aks-audit/auditor/io';

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
