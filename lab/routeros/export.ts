import { INTERFACE_MENU, INTERFACE_TYPE_MENUS, MENUS } from "./menus";
import { isSensitive } from "./sensitive";
import type { CommandTree } from "./spec";
import type { Item, TreeSnapshot } from "./tree";
import { formatDateTime } from "./value-syntax";

/** Menus that hold files and state rather than configuration: /export leaves them out. */
const NOT_CONFIGURATION = new Set(["file", "system/resource"]);

export interface ExportOptions {
  /** The menu it was run in ("" for the root): that menu and the menus under it. */
  under: string;
  /** `show-sensitive`: passwords and keys written out, as RouterOS 7 does only when asked. */
  showSensitive: boolean;
  /** The first line's timestamp. */
  now: Date;
  version: string;
  boardName: string;
}

/**
 * The router's whole configuration as `/export` writes it: a section per menu holding anything that
 * is not factory, an `add` per item someone added and a `set` per factory item someone changed,
 * booleans as yes/no, secrets left out unless asked for. A menu comes after the menus its items
 * refer to, so the script loads back on a reset router.
 */
export function exportScript(
  tree: { items(menu: string): readonly Item[]; snapshot(): TreeSnapshot },
  factory: TreeSnapshot,
  spec: CommandTree,
  options: ExportOptions,
): string {
  const lines = [`# ${formatDateTime(options.now)} by RouterOS ${options.version}`, `# model = ${options.boardName}`];
  for (const menu of dependencyOrder(Object.keys(tree.snapshot().tables))) {
    if (NOT_CONFIGURATION.has(menu) || !isUnder(menu, options.under)) continue;
    const factoryItems = factory.tables[menu] ?? [];
    const body = tree.items(menu).flatMap((item) => {
      const original = factoryItems.find((f) => f.id === item.id);
      const neverPrinted = MENUS[menu]?.neverPrinted ?? [];
      const shown = Object.entries(item.fields).filter(
        ([name, value]) =>
          (options.showSensitive || !isSensitive(name)) &&
          !neverPrinted.includes(name) &&
          original?.fields[name] !== value,
      );
      if (!original) return [`add ${words(shown)}`.trimEnd()];
      if (shown.length === 0) return [];
      return [`set ${finder(spec, menu, original)}${words(shown)}`];
    });
    if (body.length > 0) lines.push(`/${menu.split("/").join(" ")}`, ...body);
  }
  return `${lines.join("\n")}\n`;
}

function isUnder(menu: string, root: string): boolean {
  return root === "" || menu === root || menu.startsWith(`${root}/`);
}

/** How /export picks a factory item: by its default name, its name, or not at all in a settings menu. */
function finder(spec: CommandTree, menu: string, item: Item): string {
  if (spec.isSingleItem(menu)) return "";
  if (item.fields["default-name"] !== undefined) return `[ find default-name=${quoted(item.fields["default-name"])} ] `;
  if (item.fields.name !== undefined) return `${quoted(item.fields.name)} `;
  return `${item.id} `;
}

function words(fields: readonly [string, string][]): string {
  return fields.map(([name, value]) => `${name}=${quoted(exported(name, value))}`).join(" ");
}

/** /export writes booleans as yes and no; names and comments stay as they were typed. */
function exported(name: string, value: string): string {
  if (name === "name" || name === "comment") return value;
  return value === "true" ? "yes" : value === "false" ? "no" : value;
}

function quoted(value: string): string {
  return /^[A-Za-z0-9_.:/,*+-]+$/.test(value) ? value : `"${value.replace(/(["\\$])/g, "\\$1")}"`;
}

/** Menus in name order, each moved after the menus it refers to (any interface: every interface menu). */
function dependencyOrder(menus: readonly string[]): string[] {
  const sorted = [...menus].sort();
  const targetsOf = (menu: string) =>
    Object.values(MENUS[menu]?.references ?? {}).flatMap((reference) =>
      reference.target === INTERFACE_MENU ? INTERFACE_TYPE_MENUS : [reference.target],
    );
  const placed: string[] = [];
  const visit = (menu: string, path: readonly string[]) => {
    if (placed.includes(menu) || path.includes(menu)) return;
    for (const target of targetsOf(menu)) if (sorted.includes(target)) visit(target, [...path, menu]);
    placed.push(menu);
  };
  for (const menu of sorted) visit(menu, []);
  return placed;
}
