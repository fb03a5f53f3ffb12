import type { Row } from "./client";
import { canonical } from "./fields";
import type { Menu } from "./menu";
import { rowValues } from "./values";

/**
 * A router's managed menus in the shape of RouterOS's `/export`: one section per menu, one line per
 * item, only the fields that differ from their defaults. Built from the declarations, so it shows
 * what budgetcloud manages and reads the same on a real router as on an emulator.
 */
export function exportText(menus: readonly Menu[], rows: (path: string) => Row[], version: string): string {
  const lines: string[] = [];
  for (const menu of menus) {
    const items = rows(menu.path).filter((row) => row.dynamic !== "true");
    const body = items.flatMap((row) => {
      const values = rowValues(menu, row, version);
      const words = Object.entries(menu.fields)
        .filter(([name, field]) => {
          const value = values.get(name);
          // Like /export without show-sensitive: secrets stay on the router.
          if (value === undefined || field.secret || (field.readOnly && !menu.identity.includes(name))) return false;
          return field.default === undefined ? value !== "" : value !== canonical(field, field.default);
        })
        .filter(([name]) => !(menu.setOnly && menu.identity.includes(name)))
        .map(([name]) => `${name}=${quoted(values.get(name) ?? "")}`);
      if (menu.setOnly) {
        // A factory item shows once something with a known default was changed on it.
        const changed = Object.entries(menu.fields).some(([name, field]) => {
          const value = values.get(name);
          return field.default !== undefined && value !== undefined && value !== canonical(field, field.default);
        });
        if (!changed) return [];
        if (menu.settings) return [`set ${words.join(" ")}`];
        const finder = menu.identity.map((name) => `${name}=${quoted(values.get(name) ?? "")}`).join(" ");
        return [`set [ find ${finder} ] ${words.join(" ")}`];
      }
      return [`add ${words.join(" ")}`];
    });
    if (body.length > 0) lines.push(`/${menu.path.slice(1).split("/").join(" ")}`, ...body);
  }
  return lines.join("\n");
}

/** RouterOS quotes a value with spaces or special characters, as `/export` does. */
function quoted(value: string): string {
  return /^[A-Za-z0-9_.:/,*+-]+$/.test(value) ? value : `"${value.replace(/(["\\$])/g, "\\$1")}"`;
}
