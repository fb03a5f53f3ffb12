import { type RouterConnection, RouterOsError } from "../../providers/routeros/client";
import { exportConfiguration } from "../../providers/routeros/configuration-export";
import { menus } from "../../providers/routeros/menus";
import { configurationChanges } from "../router-backup/configuration-changes";

/** The fields budgetcloud declares for each path, identity first: what a listing of the path shows. */
const declaredFields = new Map<string, string[]>();
for (const menu of Object.values(menus)) {
  const known = declaredFields.get(menu.path) ?? [];
  declaredFields.set(menu.path, [...new Set([...known, ...menu.identity, ...Object.keys(menu.fields), "comment"])]);
}

const quoted = (value: string) => (/^[\w./:*,-]+$/.test(value) ? value : JSON.stringify(value));

/**
 * What a router holds of each menu budgetcloud manages, as its prints show it to a user that may
 * only read: one line per item that is not dynamic, with the fields the declarations name.
 */
async function listing(connection: RouterConnection): Promise<string[]> {
  const lines: string[] = [];
  for (const [path, fields] of declaredFields) {
    const rows = await connection.run(path, "print").catch((error: unknown) => {
      // A package the router does not have has no such menu.
      if (error instanceof RouterOsError && error.reason.startsWith("no such command")) return [];
      throw error;
    });
    for (const row of rows.filter((r) => r.dynamic !== "true")) {
      const set = fields.filter((field) => row[field] !== undefined && row[field] !== "");
      lines.push(`${path} ${set.map((field) => `${field}=${quoted(row[field])}`).join(" ")}`);
    }
  }
  return lines;
}

/**
 * A router's part of `make lab-status`: its own `/export`, with what changed since the export
 * `make lab` kept (`kept`), where the user may write the file an export goes through; else, for a
 * user that only reads (a least-privilege stack's), what each managed menu prints.
 */
export async function routerSection(
  connection: RouterConnection,
  kept?: { file: string; script: string },
): Promise<string[]> {
  const { name } = connection.endpoint;
  let script: string;
  try {
    script = await exportConfiguration(connection);
  } catch (error) {
    if (!(error instanceof RouterOsError && error.reason.startsWith("not enough permissions"))) throw error;
    return [
      `# ${name}: as its menus print it (the user ${connection.endpoint.username} may not write the file /export goes through)`,
      ...(await listing(connection)),
      "",
    ];
  }
  const lines = [`# ${name}, ${connection.endpoint.host}:${connection.endpoint.port ?? ""}`, script];
  if (kept) {
    const changes = configurationChanges(kept.script, script);
    const since = `since the export make lab kept before its last up (${kept.file})`;
    lines.push(
      changes.length === 0 ? `# ${name}: nothing changed ${since}` : `# ${name}: changed ${since}:`,
      ...changes,
      "",
    );
  }
  return lines;
}
