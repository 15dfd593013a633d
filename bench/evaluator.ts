/**
 * Evaluator benchmark: the required-endpoint-blocked check (catalog resolution, route analysis and
 * firewall evaluation of every cluster x required endpoint) over generated policies of 1k to 10k
 * rules and 100 AKS clusters. The baseline, measured in the same run, is the floor of any evaluator
 * without an index: one pass over every rule per traffic class that only reads each rule's action.
 */
import { CHECKS } from '../packages/rules/src/index.ts';
import { benchAudit, generateEnvironment } from './generate.ts';

const CLUSTERS = 100;
const RUNS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export function benchEvaluator(print: (line: string) => void): void {
  print(`evaluator: required-endpoint-blocked over ${CLUSTERS} AKS clusters, median of ${RUNS} runs`);
  print('rules   classes  evaluator ms  linear-scan floor ms  evaluator/floor  verdicts');
  let previous: number | undefined;
  for (const ruleCount of [1000, 2000, 5000, 10000]) {
    const inventory = generateEnvironment(ruleCount, CLUSTERS);
    const check = CHECKS['required-endpoint-blocked'];
    let coverage = 0;
    let classes = 0;
    const evaluator = median(
      Array.from({ length: RUNS }, () =>
        time(() => {
          const result = benchAudit([check], inventory, {});
          coverage = result.coverage.filter((c) => c.verdict === 'allowed').length;
          classes = result.coverage.length;
        }),
      ),
    );
    const rules = inventory.ruleCollectionGroups.flatMap((g) =>
      g.collections.flatMap((c) => c.rules.map(() => c.action)),
    );
    const floor = median(
      Array.from({ length: RUNS }, () =>
        time(() => {
          let allows = 0;
          for (let i = 0; i < classes; i++) for (const action of rules) if (action === 'Allow') allows++;
          return allows;
        }),
      ),
    );
    const growth = previous === undefined ? '' : ` (x${(evaluator / previous).toFixed(2)} vs previous size)`;
    print(
      `${String(ruleCount).padEnd(7)} ${String(classes).padEnd(8)} ${evaluator.toFixed(0).padStart(12)}  ${floor.toFixed(0).padStart(20)}  ${(evaluator / floor).toFixed(2).padStart(15)}  ${coverage}/${classes} allowed${growth}`,
    );
    previous = evaluator;
  }
}
