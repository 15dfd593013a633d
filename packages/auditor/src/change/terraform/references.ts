/**
 * What an attribute's expression refers to, from the plan's `configuration` (HashiCorp, "JSON Output
 * Format", configuration and expression representations: each expression lists its `references`, such
 * as `azurerm_subnet.aks.id`). An id that is unknown because the plan creates the resource it names is
 * thereby tied to that resource, whose id can be derived. Only references to a managed resource's `id`
 * count; a module output, a data source or a computed expression stays unknown.
 */
import type { JsonObject } from '../types.ts';

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `module.a["x"].module.b[0].azurerm_subnet.s[1]` → module path `module.a.module.b` and resource `azurerm_subnet.s`. */
export function splitAddress(address: string): { module: string; resource: string } {
  const bare = address.replace(/\[[^\]]*\]/g, '');
  const parts = bare.split('.');
  const modules: string[] = [];
  while (parts[0] === 'module' && parts.length > 2) modules.push(`module.${parts.splice(0, 2)[1]}`);
  return { module: modules.join('.'), resource: parts.join('.') };
}

/** `default_node_pool[0].vnet_subnet_id` → `['default_node_pool', 0, 'vnet_subnet_id']`. */
function steps(path: string): (string | number)[] {
  return path.split('.').flatMap((part) => {
    const [name = '', ...indexes] = part.split('[');
    return [name, ...indexes.map((i) => Number(i.replace(']', '')))];
  });
}

const RESOURCE_REFERENCE = /^([a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)(\[[^\]]+\])?\.id$/;

export class TfReferences {
  /** Resource configurations by module path and module-local address. */
  private readonly resources = new Map<string, JsonObject>();

  constructor(configuration: unknown) {
    const root = isObject(configuration) ? configuration.root_module : undefined;
    this.index(root, '');
  }

  private index(module: unknown, path: string): void {
    if (!isObject(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(resource) || typeof resource.address !== 'string') continue;
      // Addresses in a module's configuration may be written module-local or absolute.
      this.resources.set(`${path}|${splitAddress(resource.address).resource}`, resource);
    }
    const calls = isObject(module.module_calls) ? module.module_calls : {};
    for (const [name, call] of Object.entries(calls))
      if (isObject(call)) this.index(call.module, path ? `${path}.module.${name}` : `module.${name}`);
  }

  /**
   * The addresses (module path included, instance keys left out) of the resources whose `id` the
   * expression of `path` in resource `address` names.
   */
  idReferences(address: string, path: string): string[] {
    const { module, resource } = splitAddress(address);
    let node: unknown = this.resources.get(`${module}|${resource}`)?.expressions;
    for (const step of steps(path)) {
      if (typeof step === 'number') node = Array.isArray(node) ? (node.length === 1 ? node[0] : node[step]) : node;
      else node = isObject(node) ? node[step] : undefined;
    }
    const references = isObject(node) && Array.isArray(node.references) ? node.references : [];
    return references.flatMap((reference) => {
      const match = typeof reference === 'string' ? RESOURCE_REFERENCE.exec(reference) : null;
      const target = match?.[1];
      if (!target || target.startsWith('data.')) return [];
      return [module ? `${module}.${target}${match[2] ?? ''}` : `${target}${match[2] ?? ''}`];
    });
  }
}
