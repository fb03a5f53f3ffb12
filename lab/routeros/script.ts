import { failures } from "./errors";
import type { Row } from "./rows";

/** How a script reaches the router's commands: a print's rows, or one value of a settings menu. */
export interface ScriptHost {
  print(menu: string): Row[];
  /** A settings menu: its print is one row without an id, which `print as-value` gives as one keyed array. */
  isSingleItem(menu: string): boolean;
  get(menu: string, valueName: string): string;
}

// The emulator runs one kind of script, the one budgetcloud reads a whole router with:
//   :put [:serialize to=json value={"key"=[/path/print as-value];"version"=[/system/resource/get version]}]
// Anything else is refused as not emulated rather than half-interpreted.
const SERIALIZE = /^:put \[:serialize to=json value=\{(.*)\}\]$/s;
const ENTRY = /^"([^"]+)"=\[(\/[a-z0-9/-]+)\/(print as-value|get ([a-z0-9-]+))\]$/;

/** Runs a script the way `/execute as-string` does, returning what it printed. */
export function runScript(script: string, host: ScriptHost): string {
  const body = SERIALIZE.exec(script.trim());
  if (!body) throw failures.notEmulated("this script");
  const value: Record<string, unknown> = {};
  for (const entry of body[1].split(";")) {
    const parts = ENTRY.exec(entry.trim());
    if (!parts) throw failures.notEmulated(`script entry ${entry}`);
    const [, key, path, , valueName] = parts;
    const menu = path.slice(1);
    if (valueName !== undefined) value[key] = host.get(menu, valueName);
    else if (host.isSingleItem(menu)) value[key] = typed(host.print(menu)[0] ?? {});
    else value[key] = host.print(menu).map(typed);
  }
  return `${JSON.stringify(value)}\n`;
}

/** `print as-value` gives typed values: booleans and numbers are not text in the serialized JSON. */
function typed(row: Row): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([name, text]) => {
      if (text === "true" || text === "false") return [name, text === "true"];
      if (/^-?\d+$/.test(text) && name !== ".id") return [name, Number(text)];
      return [name, text];
    }),
  );
}
