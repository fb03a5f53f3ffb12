import { commonKinds, fieldKinds } from "../shared/field-kinds";
import type { ValueField } from "../shared/field-values";

/** How a list's items are written in Central's JSON, each read back as the stack writes it. */
export type ItemForm =
  /** `192.168.192.10-192.168.192.250` ↔ `{ ipRangeStart, ipRangeEnd }` */
  | "range"
  /** `10.0.0.0/24` or `10.0.0.0/24 via 192.168.192.1` ↔ `{ target, via }` */
  | "route"
  /** a capability's name ↔ its id, through the network's `capabilitiesByName` */
  | "capability"
  /** `name=value` (a value's enum name, or a number) ↔ `[id, value]`, through `tagsByName` */
  | "tag";

export interface FieldOptions {
  /** Where Central holds the value in its objects, as `config.name`. */
  at?: string;
  /** What Central holds when the stack leaves the field out, canonical. */
  default?: string;
  required?: boolean;
  /** Set by Central, never sent: an output only. */
  readOnly?: boolean;
  /** Names the object: a new value is a new object. */
  replaceOnChange?: boolean;
  /** Part of the object's path only (a member's network), never in its body. */
  location?: boolean;
  items?: ItemForm;
}

export interface Field extends ValueField, FieldOptions {
  kind: "text" | "int" | "bool" | "list" | "set";
}

export const { text, int, bool, list } = commonKinds<FieldOptions>();
/** A list whose order means nothing (capabilities, tags): compared sorted. */
export const set = fieldKinds<FieldOptions>()("set");

/** The one form a value is compared in: lists as JSON arrays of the stack's strings. */
export function canonical(field: Field, value: unknown): string {
  // A declaration's default is written canonical already: a list's as its JSON.
  const items = () => (typeof value === "string" ? (JSON.parse(value) as unknown[]) : (value as unknown[])).map(String);
  switch (field.kind) {
    case "bool":
      return String(value === true || value === "true");
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
export function typed(field: Field, value: string): unknown {
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
