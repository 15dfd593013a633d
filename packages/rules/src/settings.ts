import type { CatalogEntry } from './catalog/types.ts';

/** What the rules' checks read from the audit's settings. */
export interface RulesSettings {
  /** Replaces the built-in catalog (tests use small inline catalogs). */
  catalog?: readonly CatalogEntry[];
}
