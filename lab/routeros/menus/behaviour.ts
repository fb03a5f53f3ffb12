import type { UserAccount, UserGroup } from "../accounts";
import type { CommandFailure } from "../errors";
import { failures } from "../errors";
import type { RouterModel } from "../models";
import type { ConfigTree, Item } from "../tree";

/**
 * What the command tree cannot say about a menu: how its items print (field order, defaults,
 * flags), what they refer to, what must be unique, what a factory-fresh router already has. One
 * declaration per menu; a menu without one gets the generic behaviour (print what was set).
 */

/** What a menu's computed fields may look at. */
export interface RouterView {
  /** The lab's name for the router (its stack name, as MTK-1). */
  readonly name: string;
  readonly tree: ConfigTree;
  readonly model: RouterModel;
  readonly version: string;
  uptimeSeconds(): number;
  /** The lab's accounts, which the router has out of the box (factory admin unless told otherwise). */
  readonly users: readonly UserAccount[];
  /** User groups the lab declares besides the factory's. */
  readonly groups: readonly UserGroup[];
  /** Whether an item of `target` (or any interface) called `name` is there and enabled. */
  isActive(target: string, name: string | undefined): boolean;
}

export interface Reference {
  /** The menu whose item names this field holds (INTERFACE_MENU: any interface). */
  target: string;
  /** A comma-separated list of names (each must exist). */
  list?: boolean;
  /** A `!` before the name matches everything but it (firewall matchers). */
  negatable?: boolean;
  /** Names RouterOS always has, listed or not (the main VRF). */
  builtIn?: readonly string[];
  missing: (argument: string) => CommandFailure;
}

export interface Uniqueness {
  fields: readonly string[];
  /** Compare against every interface rather than this menu's items only. */
  acrossInterfaces?: boolean;
  failure: () => CommandFailure;
}

export interface MenuBehaviour {
  /** Print order. "*" stands for the fields that were set and are not named in the list. */
  print?: readonly string[];
  /** Printed after the fields: read-only state such as running or invalid. */
  flags?: readonly string[];
  /** Values printed for fields nobody set; flags take theirs from here unless computed. */
  defaults?: Readonly<Record<string, string>>;
  /** Fields an add must give. */
  required?: readonly string[];
  references?: Readonly<Record<string, Reference>>;
  unique?: readonly Uniqueness[];
  /** Items of this menu are interfaces: listed in /interface with this type, sharing its ids and names. */
  interfaceType?: string;
  /** An added interface with no name gets the first free `<autoName>N`. */
  autoName?: string;
  /** Fields whose value may stand for an item's id in `numbers` and `.id` (RouterOS: "addressing by name"). */
  namedBy?: readonly string[];
  /** Fields RouterOS takes and never shows again, not even to /export (a user's password). */
  neverPrinted?: readonly string[];
  /** Fields worked out from the item and the rest of the router, shown on print and never stored. */
  computed?: (item: Item, router: RouterView) => Record<string, string>;
  /** Items a factory-fresh router has. */
  factory?: (router: RouterView) => Record<string, string>[];
  /** The menu is a view of every interface (/interface): it lists and sets the items of the interface menus. */
  interfaceView?: boolean;
}

/** /interface lists every interface, so a reference to it means "any interface". */
export const INTERFACE_MENU = "interface";
/** Where the lab keeps RouterOS 7's built-in `lo`, which only /interface shows. */
export const BUILT_IN_LOOPBACK_MENU = "interface/built-in-loopback";

/** The routing table every router has, which RouterOS 7 shows as the VRF `main`. */
export const vrf: Reference = { target: "ip/vrf", builtIn: ["main"], missing: failures.noMatchingValue };
