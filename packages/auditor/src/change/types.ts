/**
 * A proposed change, whatever document described it (an ARM what-if result, a Terraform plan, a
 * directory of ARM JSON), as operations on the raw resources the normalizer reads. Parsing a
 * document into a ChangeSet and applying it are pure; reading the document is the caller's.
 */

export type JsonObject = Record<string, unknown>;

/** Replaces (or creates) a resource with `resource`, a body in the ARM REST shape. */
export interface PutOperation {
  op: 'put';
  resource: JsonObject;
  /**
   * What the new body does not carry but the current one keeps: Terraform manages some parts of a
   * resource as resources of their own (classic rule collections, node pools, peerings), so an update
   * of the parent leaves them as they are. `whole`: the property's current value when the new body
   * lacks it; `other-items`: the current list's items whose `name` the new list does not have;
   * `item-fields`: for each item of the new list, the `fields` of the current item of the same name
   * that the new item lacks (a `null` field is set, to nothing).
   */
  keep?: { property: string; mode: 'whole' | 'other-items' | 'item-fields'; fields?: string[] }[];
}

/** Removes a resource (or a sub-resource held inside its parent, such as a route). */
export interface DeleteOperation {
  op: 'delete';
  id: string;
  type: string;
}

/**
 * Sets or clears an association kept on both sides in ARM: the child's reference (`subnet.routeTable`)
 * and the parent's list (`routeTable.subnets`). Terraform's `*_association` resources.
 */
export interface AssociateOperation {
  op: 'associate';
  child: { id: string; type: string; field: string };
  parent: { id: string; type: string; list: string };
  associated: boolean;
}

export type ChangeOperation = PutOperation | DeleteOperation | AssociateOperation;

/**
 * A value of the proposed state that is not known before the change is made: a Terraform value
 * "known after apply", or an ARM template expression what-if could not evaluate. The verdicts that
 * need it become unknown and name it.
 */
export interface UnknownValue {
  /** The resource whose value it is (for a route: its route table). */
  resourceId: string;
  /** Names the value as the change document does, e.g. `azurerm_route.x.next_hop_in_ip_address`. */
  attribute: string;
  /** Why it is not known, e.g. `is known only after apply`. */
  cause: string;
  /** The route (by name) of the route table `resourceId` that the value belongs to; `*`: the whole list of routes. */
  route?: string;
}

/** One resource the change touches, as listed in `whatif.json`. */
export interface ResourceChange {
  /** ARM id of the resource (for a Terraform resource whose id is not known yet, the id derived for it). */
  resourceId: string;
  /** As the document says it: `Create`, `Modify`, `Delete`, `NoChange`, … (ARM) or `create`, `update`, `delete`, `replace`, `no-op` (Terraform). */
  changeType: string;
  /** Where the change was read: the document and the change's place in it (JSON pointer or Terraform address). */
  source: string;
  operations: ChangeOperation[];
  unknowns: UnknownValue[];
  /** What a reviewer should know about how the change was applied. */
  notes: string[];
}

/** A change document that could be read, in part or whole. */
export interface ChangeSet {
  /** `arm-what-if`, `terraform-plan` or `arm-directory`. */
  format: ChangeFormat;
  /** The document (file or directory) as the user named it. */
  source: string;
  changes: ResourceChange[];
  /** Notes about the document as a whole (diagnostics, potential changes not applied, ignored resources). */
  notes: string[];
  /**
   * What could not be applied (an entry without an id, a change without its proposed state): the
   * proposed state is then partial, so the comparison is incomplete.
   */
  errors: ChangeError[];
}

export type ChangeFormat = 'arm-what-if' | 'terraform-plan' | 'arm-directory';

export interface ChangeError {
  source: string;
  message: string;
}

/** A document that is not a change at all, or a what-if that failed: no proposed state can be built from it. */
export interface UnreadableChange {
  error: string;
}
