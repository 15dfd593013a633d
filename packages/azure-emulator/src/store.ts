/**
 * The emulated tenant's resources, indexed the way ARM addresses them: by id (compared
 * case-insensitively), by subscription and resource group, by type, and by parent for child lists.
 */

export interface StoredResource {
  body: Record<string, unknown>;
  /** The id as written in the body. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  /** Lower-case full type, e.g. `microsoft.network/firewallpolicies/rulecollectiongroups`. */
  type: string;
}

const lower = (s: string) => s.toLowerCase();

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{t}/{n}[/{child}/{n}…]` → its parts. */
export function parseResourceId(
  id: string,
): { subscriptionId: string; resourceGroup: string; type: string; parentId?: string } | undefined {
  const parts = id.split('/').filter(Boolean);
  if (lower(parts[0] ?? '') !== 'subscriptions' || !parts[1]) return undefined;
  const subscriptionId = parts[1];
  const rgAt = parts.findIndex((p) => lower(p) === 'resourcegroups');
  const resourceGroup = rgAt >= 0 ? (parts[rgAt + 1] ?? '') : '';
  const providersAt = parts.findIndex((p) => lower(p) === 'providers');
  if (providersAt < 0) return { subscriptionId, resourceGroup, type: '' };
  const namespace = parts[providersAt + 1] ?? '';
  const rest = parts.slice(providersAt + 2);
  const typeSegments: string[] = [];
  for (let i = 0; i < rest.length; i += 2) typeSegments.push(rest[i] ?? '');
  const type = lower([namespace, ...typeSegments].join('/'));
  const parentId = rest.length > 2 ? `/${parts.slice(0, providersAt + 2 + rest.length - 2).join('/')}` : undefined;
  return { subscriptionId, resourceGroup, type, ...(parentId && { parentId }) };
}

export class ResourceStore {
  private readonly byId = new Map<string, StoredResource>();

  constructor(bodies: Record<string, unknown>[]) {
    for (const body of bodies) this.add(body);
  }

  add(body: Record<string, unknown>): void {
    const id = typeof body.id === 'string' ? body.id : undefined;
    if (!id) return;
    const parsed = parseResourceId(id);
    if (!parsed) return;
    const type = typeof body.type === 'string' ? lower(body.type) : parsed.type;
    this.byId.set(lower(id), {
      body,
      id,
      subscriptionId: parsed.subscriptionId,
      resourceGroup: parsed.resourceGroup,
      type,
    });
  }

  get all(): StoredResource[] {
    return [...this.byId.values()];
  }

  get(id: string): StoredResource | undefined {
    return this.byId.get(lower(id.replace(/\/+$/, '')));
  }

  /** Every subscription that holds a resource. */
  subscriptions(): string[] {
    return [...new Set(this.all.map((r) => lower(r.subscriptionId)))].sort();
  }

  /** Top-level resources of a type in a subscription (and resource group, when given). */
  list(subscriptionId: string, type: string, resourceGroup?: string): StoredResource[] {
    return this.all.filter(
      (r) =>
        r.type === lower(type) &&
        lower(r.subscriptionId) === lower(subscriptionId) &&
        (resourceGroup === undefined || lower(r.resourceGroup) === lower(resourceGroup)),
    );
  }

  /**
   * Children of a resource: stored resources directly under `{parentId}/{segment}/`, and the
   * sub-resources embedded in the parent's `properties[segment]` (a VNet's subnets), as ARM serves both.
   */
  children(parentId: string, segment: string): Record<string, unknown>[] {
    const prefix = `${lower(parentId)}/${lower(segment)}/`;
    const found = new Map<string, Record<string, unknown>>();
    for (const r of this.all) {
      const key = lower(r.id);
      if (key.startsWith(prefix) && !key.slice(prefix.length).includes('/')) found.set(key, r.body);
    }
    for (const child of this.embedded(parentId, segment)) {
      const key = lower(String(child.id));
      if (!found.has(key)) found.set(key, child);
    }
    return [...found.values()];
  }

  /** A sub-resource embedded in its parent's body (`…/virtualNetworks/v/subnets/s`). */
  embeddedById(id: string): Record<string, unknown> | undefined {
    const parts = id.replace(/\/+$/, '').split('/');
    if (parts.length < 3) return undefined;
    const segment = parts[parts.length - 2] ?? '';
    const parentId = parts.slice(0, -2).join('/');
    return this.embedded(parentId, segment).find((c) => lower(String(c.id)) === lower(id.replace(/\/+$/, '')));
  }

  private embedded(parentId: string, segment: string): Record<string, unknown>[] {
    const parent = this.get(parentId)?.body;
    if (!parent) return [];
    const bag = (parent.properties ?? parent) as Record<string, unknown>;
    const key = Object.keys(bag).find((k) => lower(k) === lower(segment));
    const value = key ? bag[key] : undefined;
    return Array.isArray(value)
      ? value.filter(
          (v): v is Record<string, unknown> => typeof v === 'object' && v !== null && typeof v.id === 'string',
        )
      : [];
  }
}
