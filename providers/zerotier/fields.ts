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

export { canonical, typed } from "../shared/json-values";
