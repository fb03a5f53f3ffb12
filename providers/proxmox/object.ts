import type { Field } from "./fields";

/** The requests of an object that answer with a task (a UPID) that must be waited for. */
export type Operation = "create" | "update" | "delete";

/**
 * A Proxmox VE object as data: where its collection and its items live, which parameter names one,
 * how it is read and the fields budgetcloud manages. The generic engine does the rest, so a new PVE
 * resource is a declaration like the ones in `objects/`, not new create/read/update/delete code.
 *
 * Paths are templates: `{node}` is filled from the location field of that name, the id parameter's
 * `{…}` from the object's id. Create is a POST to the collection, update a PUT and delete a DELETE
 * of the item.
 */
export interface PveObject {
  /** The Pulumi type name of the resource, as `CephPool`. */
  type: string;
  collection: string;
  item: string;
  /** The field that names an object among its collection's: its Pulumi id. */
  id: string;
  /**
   * Where one object's state is read, when the collection's list does not carry it in the form the
   * object is written in (a Ceph pool's list gives its CRUSH rule as a number). Unset: the list.
   */
  read?: string;
  /** Parameters of that read. */
  readParams?: Readonly<Record<string, string>>;
  /** The field the collection's list names an object by, when it is not the id parameter. */
  listedAs?: string;
  /** Operations that answer with a task to wait for instead of being done when they return. */
  tasks?: readonly Operation[];
  /** Parameters every create (or update) carries whatever the stack says: a storage's `type`. */
  constants?: Partial<Record<"create" | "update", Readonly<Record<string, string>>>>;
  /** A field that goes back to its default is unset with the `delete` parameter of the update. */
  unsetWithDelete?: boolean;
  /** Parameters of every delete. */
  deleteParams?: Readonly<Record<string, string>>;
  /**
   * Changes PVE stages until this request applies them (SDN): sent after a delete, because an
   * update of the apply resource runs before the deletes of the same `pulumi up`.
   */
  appliedBy?: { method: "PUT"; path: string };
  /**
   * Each write sends `appliedBy` itself, its path filled like the item's (a node's network reload:
   * one node's, so no one apply resource of the stack can stand for it).
   */
  appliedByEachWrite?: boolean;
  /**
   * The object is the system's own, there before budgetcloud (a node's NIC): a create sets the
   * stack's fields on it, and a delete puts every field back to what PVE holds when none is set;
   * neither makes nor removes the object. Its update takes the `delete` parameter.
   */
  preexisting?: boolean;
  /** What the object is called in a refusal to delete it while the stack protects storage. */
  protectedAs?: string;
  fields: Record<string, Field>;
}

/** A declaration that keeps its field names and options as types, for the resource's arguments. */
export interface TypedPveObject<F extends Record<string, Field>> extends PveObject {
  id: keyof F & string;
  fields: F;
}

export function pveObject<const F extends Record<string, Field>>(declaration: TypedPveObject<F>): TypedPveObject<F> {
  return declaration;
}
