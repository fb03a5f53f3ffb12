import { commonKinds, fieldKinds } from "../shared/field-kinds";
import type { ValueField } from "../shared/field-values";

export interface FieldOptions {
  /** The column LibreNMS holds the value in, as its answers show it (`authalgo`). */
  column?: string;
  /** The key an add takes the value as, where it differs from the column (`version` for `snmpver`). */
  addAs?: string;
  /** Sent when the object is added, never read back or changed after (`force_add`). */
  addOnly?: boolean;
  default?: string;
  required?: boolean;
  /** Set by LibreNMS, never sent: an output only. */
  readOnly?: boolean;
  secret?: boolean;
  /** Names the object: a new value is a new object. */
  replaceOnChange?: boolean;
  /** A list of LibreNMS ids, sent as numbers. */
  ids?: boolean;
}

export interface Field extends ValueField, FieldOptions {
  kind: "text" | "int" | "bool" | "list" | "set";
}

export const { text, int, bool, list } = commonKinds<FieldOptions>();
/** A list whose order means nothing (a group's devices): compared sorted. */
export const set = fieldKinds<FieldOptions>()("set");
