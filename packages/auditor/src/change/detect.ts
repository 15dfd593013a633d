/**
 * A change document recognised by its content, not its name: an ARM what-if result (REST or Azure CLI
 * shape) or a Terraform plan in JSON. A directory of ARM JSON is read by the file collector and turned
 * into a change set by `directoryChangeSet`. Pure: the caller reads and parses the file.
 */
import type { RawResource } from '../model/raw.ts';
import { isArmWhatIfResult, parseArmWhatIf } from './arm-what-if.ts';
import { isTerraformPlanJson, parseTerraformPlan } from './terraform/plan.ts';
import type { ChangeSet, UnreadableChange } from './types.ts';

/**
 * The change set a parsed JSON document describes. `today`: the raw resources of the state the change
 * is compared with (a Terraform resource the plan creates takes its subscription from them).
 */
export function parseChangeDocument(
  doc: unknown,
  source: string,
  today: readonly RawResource[],
): ChangeSet | UnreadableChange {
  if (isTerraformPlanJson(doc)) return parseTerraformPlan(doc, source, today);
  if (isArmWhatIfResult(doc)) return parseArmWhatIf(doc, source);
  return {
    error: `${source}: not a change this command reads: expected an ARM what-if result ({"status", "changes": […]} as \`az deployment … what-if --no-pretty-print\` prints it, or the REST {"status", "properties": {"changes": […]}}) or a Terraform plan in JSON (\`terraform show -json PLANFILE\`, with "format_version" and "resource_changes")`,
  };
}
