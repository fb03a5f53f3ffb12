import type { Row } from "./client";

/** What one read of a router holds: its version and the rows of every menu budgetcloud manages. */
export interface Snapshot {
  version: string;
  menus: Map<string, Row[]>;
}

/**
 * A RouterOS script that prints every given menu and the version in one go, as JSON. Run through
 * `/execute as-string`, it replaces one `print` per menu with one command per router, which is what
 * keeps a refresh of a large fabric to a handful of commands.
 */
export function snapshotScript(paths: readonly string[]): string {
  const entries = [
    `"version"=[/system/resource/get version]`,
    ...paths.map((path) => `"${path}"=[${path}/print as-value]`),
  ];
  return `:put [:serialize to=json value={${entries.join(";")}}]`;
}

/** The script's JSON, with values back in the API's text forms (`true`, `1500`, `a,b`). */
export function parseSnapshot(json: string, paths: readonly string[]): Snapshot {
  const data = JSON.parse(json) as Record<string, unknown>;
  if (typeof data.version !== "string") throw new Error("the snapshot carries no version");
  const menus = new Map<string, Row[]>();
  for (const path of paths) {
    const rows = data[path];
    // A settings menu (/snmp) prints one row without an id, which serializes as an object.
    if (rows !== null && typeof rows === "object" && !Array.isArray(rows)) menus.set(path, [asRow(rows)]);
    else if (Array.isArray(rows)) menus.set(path, rows.map(asRow));
    else throw new Error(`the snapshot lacks ${path}`);
  }
  return { version: data.version, menus };
}

function asRow(value: unknown): Row {
  const row: Row = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === null || field === undefined) row[key] = "";
    else if (Array.isArray(field)) row[key] = field.map(String).join(",");
    else row[key] = String(field);
  }
  return row;
}
