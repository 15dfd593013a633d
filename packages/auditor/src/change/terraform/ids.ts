/**
 * ARM ids for Terraform resources. A resource Terraform already manages carries its id in `before`
 * and `after`; one the plan creates has none until apply (`after_unknown.id`), so its id is built the
 * way ARM builds it — `/subscriptions/{s}/resourceGroups/{rg}/providers/{type}/{name}` — taking the
 * spelling of a resource of the same type, group and name in today's state when there is one (the
 * resource was created outside Terraform, or is re-created), and the subscription from today's
 * resources in that resource group, or from the azurerm provider configuration.
 */
import type { RawResource } from '../../model/raw.ts';
import { fieldOf } from '../raw-store.ts';

const RESOURCE_GROUP = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)/i;

export class TfIds {
  private readonly byName = new Map<string, string>();
  private readonly subscriptionsByGroup = new Map<string, Set<string>>();
  private readonly subscriptions = new Set<string>();
  private readonly configured: string | undefined;

  /** `today`: the state the plan is compared with; `subscription`: the provider's `subscription_id`, when the plan shows it. */
  constructor(today: readonly RawResource[], subscription?: string) {
    this.configured = subscription;
    for (const { body } of today) {
      const id = fieldOf(body, 'id');
      const type = fieldOf(body, 'type');
      if (!id) continue;
      const match = RESOURCE_GROUP.exec(id);
      if (!match) continue;
      const [, sub = '', group = ''] = match;
      this.subscriptions.add(sub);
      const subs = this.subscriptionsByGroup.get(group.toLowerCase()) ?? new Set();
      subs.add(sub);
      this.subscriptionsByGroup.set(group.toLowerCase(), subs);
      if (type) this.byName.set(this.key(type, group, id.split('/').at(-1) ?? ''), id);
    }
  }

  private key(type: string, group: string, name: string): string {
    return `${type}|${group}|${name}`.toLowerCase();
  }

  /** The subscription a resource group belongs to, when today's state or the provider tells it unambiguously. */
  subscriptionOf(group: string): string | undefined {
    const subs = [...(this.subscriptionsByGroup.get(group.toLowerCase()) ?? [])];
    if (subs.length === 1) return subs[0];
    if (subs.length > 1) return undefined;
    if (this.configured) return this.configured;
    const all = [...this.subscriptions];
    return all.length === 1 ? all[0] : undefined;
  }

  /** The id of the top-level resource `type`/`name` in `group`, or why it cannot be told. */
  topLevel(type: string, group: string | undefined, name: string | undefined): string | { error: string } {
    if (!group || !name) return { error: 'its name or resource group is not known' };
    const known = this.byName.get(this.key(type, group, name));
    if (known) return known;
    const subscription = this.subscriptionOf(group);
    if (!subscription)
      return {
        error: `the subscription of resource group ${group} cannot be told from the input (no resource of the input is in it, and the input spans several subscriptions)`,
      };
    return `/subscriptions/${subscription}/resourceGroups/${group}/providers/${type}/${name}`;
  }
}

/** `…/routeTables/rt` + `routes` + `r` → `…/routeTables/rt/routes/r`. */
export function childId(parentId: string, segment: string, name: string): string {
  return `${parentId.replace(/\/+$/, '')}/${segment}/${name}`;
}
