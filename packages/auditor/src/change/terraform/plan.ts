/**
 * A Terraform plan in JSON (`terraform show -json PLANFILE`; HashiCorp, "JSON Output Format": plan
 * representation, `format_version` 1.x) as a change set. Each managed `resource_changes[]` entry of an
 * azurerm type the audit reads becomes ARM operations: `create`, `update` and the two `replace` forms
 * put `after`; `delete` removes `before`; `no-op`, `read` and `forget` change nothing. Values
 * `after_unknown` marks are unknown values of the proposed state, named by their Terraform attribute.
 * A deposed object (`deposed`) is an old copy being destroyed, not the resource's proposed state. Pure.
 */
import type { RawResource } from '../../model/raw.ts';
import type { ChangeError, ChangeSet, JsonObject, ResourceChange, UnknownValue, UnreadableChange } from '../types.ts';
import { CLUSTER_MAPPINGS } from './clusters.ts';
import { FIREWALL_MAPPINGS } from './firewall.ts';
import { TfIds } from './ids.ts';
import type { TfContext, TfMapping } from './mapping.ts';
import { NETWORK_MAPPINGS } from './network.ts';
import { PUBLIC_IP_MAPPINGS } from './public-ips.ts';
import { splitAddress, TfReferences } from './references.ts';
import { TfObject } from './values.ts';

const MAPPINGS: Record<string, TfMapping> = {
  ...FIREWALL_MAPPINGS,
  ...NETWORK_MAPPINGS,
  ...PUBLIC_IP_MAPPINGS,
  ...CLUSTER_MAPPINGS,
};

/** The azurerm resource types the audit reads. */
export const TERRAFORM_TYPES: readonly string[] = Object.keys(MAPPINGS).sort();

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function isTerraformPlanJson(doc: unknown): doc is JsonObject {
  return isObject(doc) && typeof doc.format_version === 'string';
}

type Action = 'create' | 'update' | 'delete' | 'replace' | 'no-op' | 'read' | 'forget';

function actionOf(actions: unknown): Action | undefined {
  if (!Array.isArray(actions)) return undefined;
  const set = actions.map(String).sort().join(',');
  if (set === 'create,delete') return 'replace';
  if (['create', 'update', 'delete', 'no-op', 'read', 'forget'].includes(set)) return set as Action;
  return undefined;
}

interface Entry {
  address: string;
  type: string;
  action: Action;
  mapping: TfMapping;
  after?: JsonObject;
  afterUnknown: unknown;
  before?: JsonObject;
  id?: string;
}

/** The azurerm provider's `subscription_id`, when the configuration gives it as a constant. */
function configuredSubscription(doc: JsonObject): string | undefined {
  const configuration = isObject(doc.configuration) ? doc.configuration : {};
  const providers = isObject(configuration.provider_config) ? configuration.provider_config : {};
  for (const provider of Object.values(providers)) {
    if (!isObject(provider) || provider.name !== 'azurerm' || provider.alias !== undefined) continue;
    const expressions = isObject(provider.expressions) ? provider.expressions : {};
    const subscription = isObject(expressions.subscription_id) ? expressions.subscription_id.constant_value : undefined;
    if (typeof subscription === 'string') return subscription;
  }
  return undefined;
}

function contextFor(entries: Entry[], references: TfReferences, ids: TfIds, address: () => string): TfContext {
  const idOfAddress = (target: string): string | undefined => {
    const exact = entries.find((e) => e.address === target);
    if (exact) return exact.id;
    const bare = splitAddress(target);
    const instances = entries.filter((e) => {
      const other = splitAddress(e.address);
      return other.resource === bare.resource && other.module === bare.module;
    });
    return instances.length === 1 ? instances[0]?.id : undefined;
  };
  const resolved = (object: TfObject, name: string) =>
    references
      .idReferences(address(), object.path ? `${object.path}.${name}` : name)
      .map(idOfAddress)
      .filter((id): id is string => id !== undefined);
  return {
    ids,
    ref(object, name) {
      if (!object.isUnknown(name)) return object.str(name);
      const [id, ...others] = resolved(object, name);
      if (id && others.length === 0) return id;
      object.str(name);
      return undefined;
    },
    refs(object, name) {
      if (!object.isUnknown(name) && !isObject(object.value[name])) {
        const known = object.strings(name, { computed: true });
        const total = Array.isArray(object.value[name]) ? (object.value[name] as unknown[]).length : 0;
        if (known.length === total) return known;
        const found = resolved(object, name);
        if (found.length === total - known.length) return [...known, ...found];
        return object.strings(name);
      }
      const found = resolved(object, name);
      if (found.length > 0) return found;
      object.strings(name);
      return [];
    },
  };
}

export function parseTerraformPlan(
  doc: JsonObject,
  source: string,
  today: readonly RawResource[],
): ChangeSet | UnreadableChange {
  const version = String(doc.format_version);
  if (!/^1\./.test(version))
    return { error: `${source}: Terraform JSON format_version ${version}; this version reads 1.x` };
  if (!Array.isArray(doc.resource_changes))
    return {
      error: `${source}: a Terraform JSON document without resource_changes (a state?): give the plan, \`terraform show -json PLANFILE\``,
    };
  const errors: ChangeError[] = [];
  const notes: string[] = [];
  const ignored: string[] = [];
  const entries: Entry[] = [];
  doc.resource_changes.forEach((item, i) => {
    if (!isObject(item) || item.mode === 'data') return;
    const address = typeof item.address === 'string' ? item.address : `resource_changes[${i}]`;
    const change = isObject(item.change) ? item.change : {};
    const action = actionOf(change.actions);
    const type = String(item.type ?? '');
    if (!action) {
      errors.push({
        source: `${source} ${address}`,
        message: `unknown actions ${JSON.stringify(change.actions)}: not applied`,
      });
      return;
    }
    if (action === 'no-op' || action === 'read') return;
    if (item.deposed !== undefined) {
      notes.push(
        `${address}: a deposed object (deposed ${String(item.deposed)}) is ${action === 'delete' ? 'destroyed' : 'changed'}; the resource's current object is what the audit reads`,
      );
      return;
    }
    const mapping = MAPPINGS[type];
    if (!mapping) {
      ignored.push(`${address} (${action})`);
      return;
    }
    entries.push({
      address,
      type,
      action,
      mapping,
      ...(isObject(change.after) && { after: change.after }),
      afterUnknown: change.after_unknown,
      ...(isObject(change.before) && { before: change.before }),
    });
  });
  if (ignored.length > 0)
    notes.push(
      `${ignored.length} changed resource${ignored.length === 1 ? ' is' : 's are'} of types the audit does not read: ${ignored.join(', ')}`,
    );

  const ids = new TfIds(today, configuredSubscription(doc));
  const references = new TfReferences(doc.configuration);
  let current = '';
  const context = contextFor(entries, references, ids, () => current);
  const valuesOf = (entry: Entry) =>
    entry.action === 'delete' || entry.action === 'forget'
      ? new TfObject(entry.before ?? {}, undefined)
      : new TfObject(entry.after ?? {}, entry.afterUnknown);
  // Ids first, until no more can be told: a resource may be named by another the same plan creates.
  for (let progress = true; progress; ) {
    progress = false;
    for (const entry of entries) {
      if (entry.id) continue;
      current = entry.address;
      const id = entry.mapping.id(valuesOf(entry), context);
      if (typeof id === 'string') {
        entry.id = id;
        progress = true;
      }
    }
  }
  const changes = entries.flatMap((entry): ResourceChange[] => {
    current = entry.address;
    const where = `${source} ${entry.address}`;
    const values = valuesOf(entry);
    const id = entry.id ?? entry.mapping.id(values, context);
    if (typeof id !== 'string') {
      const unknown = [...new Set(values.unknowns)].map((path) => `${entry.address}.${path}`);
      const why =
        unknown.length > 0
          ? `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} known only after apply`
          : id.error;
      errors.push({
        source: where,
        message: `${entry.address}: which resource it is cannot be told (${why}): not applied`,
      });
      return [];
    }
    const change: ResourceChange = {
      resourceId: id,
      changeType: entry.action,
      source: where,
      operations: [],
      unknowns: [],
      notes: [],
    };
    if (entry.action === 'forget') {
      change.notes.push('removed from the Terraform state only (a `removed` block): the resource stays in Azure');
      return [change];
    }
    change.operations =
      entry.action === 'delete'
        ? (entry.mapping.remove?.(values, id, context) ?? [{ op: 'delete', id, type: entry.mapping.armType }])
        : entry.mapping.put(values, id, context);
    for (const op of change.operations)
      if (op.op === 'associate')
        change.notes.push(
          `${op.associated ? 'associates' : 'dissociates'} ${op.child.id} ${op.associated ? 'with' : 'from'} ${op.parent.id}`,
        );
    if (entry.action === 'delete') return [change];
    change.unknowns = [...new Set(values.unknowns)].map((path): UnknownValue => {
      const owner = entry.mapping.unknownOf?.(path, values, id);
      return {
        resourceId: owner?.resourceId ?? id,
        attribute: `${entry.address}.${path}`,
        cause: 'is known only after apply',
        ...(owner?.route !== undefined && { route: owner.route }),
      };
    });
    return [change];
  });
  return { format: 'terraform-plan', source, changes, notes, errors };
}
