import type { Field } from "./fields";

/**
 * A RouterOS menu as data: where it lives, how one of its items is told apart from the others, and
 * the fields budgetcloud manages. The generic engine does the rest, so a new RouterOS resource is a
 * declaration like the ones in `menus/`, not new create/read/update/delete code.
 */
export interface Menu {
  /** The Pulumi type name of the resource, as `IpAddress`. */
  type: string;
  path: string;
  /**
   * Fields that identify an item among its menu's, used to find it on the router (set-only menus,
   * adoption) and to refuse a second item that a router would refuse too. Empty: only `.id` does.
   */
  identity: readonly string[];
  /** Items that exist from the factory, as ethernet ports: found by identity, never added or removed. */
  setOnly?: boolean;
  /**
   * The menu is one set of settings, as /snmp: its one row has no `.id`, and commands name no item.
   * Implies setOnly.
   */
  settings?: boolean;
  /**
   * The package the menu comes with (`zerotier`, on ARM routers only). A router without it has no
   * such path, so one read of a router leaves the menu out and prints it only when asked.
   */
  package?: string;
  /**
   * The field that may hold the address Pulumi reaches the router's API at (its `host`): an item
   * holding it is never changed but for its comment, replaced or removed by a run, which would cut
   * the run off the router halfway.
   */
  apiAddress?: string;
  fields: Record<string, Field>;
}

/** A declaration that keeps its field names and options as types, for the resource's arguments. */
export interface TypedMenu<F extends Record<string, Field>> extends Menu {
  identity: readonly (keyof F & string)[];
  fields: F;
}

export function menu<const F extends Record<string, Field>>(declaration: TypedMenu<F>): TypedMenu<F> {
  return declaration;
}
