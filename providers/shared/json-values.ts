/**
 * Values of JSON APIs (ZeroTier Central, LibreNMS) as budgetcloud compares them: one canonical
 * text per value, lists as JSON arrays of the stack's strings, booleans whether the API writes
 * them as true or as 1.
 */

/** What the comparison needs of a field: its kind. */
export interface JsonField {
  kind: "text" | "int" | "bool" | "list" | "set";
}

/** The one form a value is compared in: lists as JSON arrays of the stack's strings. */
export function canonical(field: JsonField, value: unknown): string {
  // A declaration's default is written canonical already: a list's as its JSON.
  const items = () => (typeof value === "string" ? (JSON.parse(value) as unknown[]) : (value as unknown[])).map(String);
  switch (field.kind) {
    case "bool":
      return String(value === true || value === "true" || value === 1 || value === "1");
    case "int":
      return String(Number(value));
    case "list":
      return JSON.stringify(items());
    case "set":
      return JSON.stringify(items().sort());
    default:
      return String(value);
  }
}

/** A canonical value in the type the stack writes the field in. */
export function typed(field: JsonField, value: string): unknown {
  switch (field.kind) {
    case "bool":
      return value === "true";
    case "int":
      return Number(value);
    case "list":
    case "set":
      return JSON.parse(value);
    default:
      return value;
  }
}
