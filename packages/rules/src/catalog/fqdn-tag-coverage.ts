import { type Cluster, type FqdnPattern, fqdnContainment, type Match, parseFqdnPattern } from '@aro-aks-audit/auditor';
import { FQDN_TAGS } from './fqdn-tags.ts';
import { CATALOG } from './index.ts';
import { type ClusterFacts, resolvedFqdnPatterns } from './resolve.ts';
import type { CatalogEntry, FqdnTagDefinition } from './types.ts';

/**
 * What an FQDN tag in an application rule holds of a target, for one cluster: `all` when a catalog
 * entry the tag is documented to cover holds the target, `none` when the target is a known gap of
 * the tag, and `unknown` otherwise — the tag's contents are not published, so an endpoint the
 * documentation does not say it covers is never claimed as allowed.
 */
export function fqdnTagContainmentFor(
  cluster: Cluster,
  facts: ClusterFacts,
  catalog: readonly CatalogEntry[] = CATALOG,
  tags: readonly FqdnTagDefinition[] = FQDN_TAGS,
): (tag: string, target: FqdnPattern) => Match {
  const covered = new Map<string, { patterns: FqdnPattern[]; gaps: FqdnPattern[] }>();
  for (const definition of tags) {
    const entries = catalog.filter((e) => definition.covers.includes(e.id));
    covered.set(definition.tag.toLowerCase(), {
      patterns: entries.flatMap((e) => resolvedFqdnPatterns(e, cluster, facts)).flatMap(parsed),
      gaps: definition.knownGaps.flatMap((g) => parsed(g.pattern)),
    });
  }
  return (tag, target) => {
    const definition = covered.get(tag.toLowerCase());
    if (!definition) return 'unknown';
    if (definition.patterns.some((p) => fqdnContainment(p, target) === 'all')) return 'all';
    if (definition.gaps.some((g) => fqdnContainment(g, target) === 'all')) return 'none';
    return 'unknown';
  };
}

function parsed(pattern: string): FqdnPattern[] {
  const result = parseFqdnPattern(pattern);
  return result.kind === 'invalid' ? [] : [result];
}
