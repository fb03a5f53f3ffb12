import type { ConfigTree, Item } from "../tree";
import { INTERFACE_MENU, type MenuBehaviour } from "./behaviour";
import { fileMenus } from "./files";
import { interfaceMenus } from "./interfaces";
import { ipMenus } from "./ip";
import { routingMenus } from "./routing";
import { snmpMenus } from "./snmp";
import { systemMenus } from "./system";
import { userMenus } from "./users";
import { zerotierMenus } from "./zerotier";

export * from "./behaviour";
export { FILE_READ_ARGUMENTS } from "./files";

/** Every menu with a declared behaviour, by path. */
export const MENUS: Readonly<Record<string, MenuBehaviour>> = {
  ...fileMenus,
  ...interfaceMenus,
  ...ipMenus,
  ...routingMenus,
  ...snmpMenus,
  ...systemMenus,
  ...userMenus,
  ...zerotierMenus,
};

/** The menus whose items are interfaces. */
export const INTERFACE_TYPE_MENUS = Object.keys(MENUS).filter((menu) => MENUS[menu].interfaceType !== undefined);

/** Every interface item, in id order, with the menu that holds it. */
export function interfaceItems(tree: ConfigTree): { menu: string; item: Item }[] {
  return INTERFACE_TYPE_MENUS.flatMap((menu) => tree.items(menu).map((item) => ({ menu, item }))).sort(
    (a, b) => Number.parseInt(a.item.id.slice(1), 16) - Number.parseInt(b.item.id.slice(1), 16),
  );
}

/**
 * RouterOS links items by id, so a renamed item keeps its dependants: rewrites the fields that
 * referred to `menu`'s item by its old name.
 */
export function renameReferences(tree: ConfigTree, menu: string, from: string, to: string): void {
  const targets = INTERFACE_TYPE_MENUS.includes(menu) ? [menu, INTERFACE_MENU] : [menu];
  for (const [referrer, behaviour] of Object.entries(MENUS)) {
    for (const [field, reference] of Object.entries(behaviour.references ?? {})) {
      if (!targets.includes(reference.target)) continue;
      for (const item of tree.items(referrer)) {
        const value = item.fields[field];
        if (value === undefined) continue;
        const negation = reference.negatable && value.startsWith("!") ? "!" : "";
        const names = value.slice(negation.length).split(",");
        if (!names.includes(from)) continue;
        const renamed = names.map((name) => (name === from ? to : name)).join(",");
        tree.update(referrer, item.id, { [field]: `${negation}${renamed}` });
      }
    }
  }
}

/** The items of `target` (or any interface) called `name`. */
export function itemsNamed(tree: ConfigTree, target: string, name: string | undefined): Item[] {
  const candidates = target === INTERFACE_MENU ? interfaceItems(tree).map((i) => i.item) : tree.items(target);
  return candidates.filter((item) => item.fields.name === name);
}

/** A menu without a declaration prints what was set, and `disabled` where its items can be disabled. */
export function behaviourOf(menu: string, canDisable: boolean): MenuBehaviour {
  return MENUS[menu] ?? (canDisable ? { flags: ["disabled"], defaults: { disabled: "false" } } : {});
}
