import { AKS_ENTRIES } from './aks.ts';
import { ARC_ENTRIES } from './arc.ts';
import { ARO_ENTRIES } from './aro.ts';
import type { CatalogEntry } from './types.ts';

/** The whole required-egress catalog: AKS, ARO and Arc, every cloud and feature, current and legacy. */
export const CATALOG: readonly CatalogEntry[] = [...AKS_ENTRIES, ...ARO_ENTRIES, ...ARC_ENTRIES];
