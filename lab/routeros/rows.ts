import { behaviourOf, INTERFACE_MENU, MENUS, type RouterView } from "./menus";
import type { CommandTree } from "./spec";
import type { Item, TreeSnapshot } from "./tree";

/** What the rest of the emulator knows about the router it serves. */
export interface RouterContext extends RouterView {
  readonly spec: CommandTree;
  /** The logged-in user lacks the policy that scripts need (a knob for tests). */
  refusesScripts(): boolean;
  /** What the router held out of the box: what /export leaves out. */
  factory(): TreeSnapshot;
}

/** An item together with the menu that stores it (for /interface, the interface's own menu). */
export interface Entry {
  menu: string;
  item: Item;
}

export type Row = Record<string, string>;

/**
 * How an item prints over the API: `.id`, the fields in the menu's order with defaults filled in,
 * the computed state flags, then the comment. Argument names are those of the emulated version.
 */
export function renderRow(router: RouterContext, menu: string, entry: Entry): Row {
  if (MENUS[menu]?.interfaceView) return renderInterface(router, entry);
  const { spec } = router;
  const behaviour = behaviourOf(menu, spec.hasCommand(menu, "disable"));
  const { item } = entry;
  const computed = behaviour.computed?.(item, router) ?? {};
  const flags = behaviour.flags ?? [];
  const print = behaviour.print ?? ["*"];
  const listed = new Set([...print, ...flags].map((name) => spec.nameInVersion(menu, name)));
  const settable = new Set([...spec.argumentsOf(menu, "add"), ...spec.argumentsOf(menu, "set")]);
  const row: Row = { ".id": item.id };
  const put = (canonical: string) => {
    const name = spec.nameInVersion(menu, canonical);
    const value = computed[name] ?? item.fields[name] ?? behaviour.defaults?.[canonical];
    if (value !== undefined) row[name] = value;
  };
  for (const column of print) {
    if (column !== "*") put(column);
    else {
      for (const [name, value] of Object.entries(item.fields)) {
        const shown = !listed.has(name) && name !== "comment" && !behaviour.neverPrinted?.includes(name);
        if (shown && settable.has(name)) row[name] = value;
      }
    }
  }
  for (const flag of flags) put(flag);
  if (item.fields.comment !== undefined) row.comment = item.fields.comment;
  return row;
}

/** /interface shows every interface with the columns all types share. */
function renderInterface(router: RouterContext, entry: Entry): Row {
  const own = renderRow(router, entry.menu, entry);
  const view = MENUS[INTERFACE_MENU];
  const source: Row = {
    ...own,
    type: MENUS[entry.menu]?.interfaceType ?? "",
    mtu: own.mtu ?? "1500",
    "actual-mtu": own["actual-mtu"] ?? own.mtu ?? "1500",
    "link-downs": "0",
  };
  const maxL2mtu = entry.item.fields["max-l2mtu"];
  if (maxL2mtu !== undefined) source["max-l2mtu"] = maxL2mtu;
  const row: Row = { ".id": entry.item.id };
  for (const column of [...(view.print ?? []), ...(view.flags ?? []), "comment"]) {
    if (source[column] !== undefined) row[column] = source[column];
  }
  return row;
}
