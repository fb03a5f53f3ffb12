import { commonKinds, fieldKinds } from "../shared/field-kinds";
/**
 * How a Proxmox VE parameter is written, read back and compared. PVE answers in JSON but not in the
 * form it was given: booleans come back as 0/1, a target size of `500G` as bytes, a property string
 * such as a fabric node's interface (`name=ens1f0,ip=…`) with its keys reordered. Each field kind
 * owns the mapping to one canonical text, so that none of this shows as drift.
 */
export type FieldKind = "text" | "int" | "number" | "bool" | "list" | "set" | "size";

/** How a property string (`name=ens1f0,ip=192.168.121.2/30`) is taken apart: its keys in any order. */
export type PropertyFormat = Record<string, never>;

export interface Field {
  kind: FieldKind;
  /** What PVE holds when the parameter was never set: leaving it out of a stack means this. */
  default?: string;
  /** The stack must give it. */
  required?: boolean;
  /** Never shown in plain text: Pulumi keeps it encrypted in the state. */
  secret?: boolean;
  /** A change cannot be applied in place: the object is replaced. */
  replaceOnChange?: boolean;
  /** Where the object is reached (`{node}` in its paths), not part of it: only ever in a path. */
  location?: boolean;
  /** Fields PVE resets when this one is set: they are sent again with it. */
  resets?: readonly string[];
  /** The name a read answers the field under, when it is not the parameter's. */
  readAs?: string;
  /** Separator on the wire of a list or set; `,` unless given. */
  separator?: string;
  /**
   * A list or set PVE takes as an array parameter (the key once per value) and answers as a JSON
   * array, instead of one string: its values are whole, commas and all (property strings).
   */
  array?: boolean;
  /** The layout of a property string: the field's, or each value's of a list or set. */
  format?: PropertyFormat;
}

type FieldOptions = Omit<Field, "kind">;

const fieldOf = fieldKinds<FieldOptions>();

export const { text, int, bool, list, comment } = commonKinds<FieldOptions>();
export const number = fieldOf("number");
/** Values whose order does not, as a storage's content types. */
export const set = fieldOf("set");
/** A size in bytes, with an optional K, M, G or T: `500G`. */
export const size = fieldOf("size");

/** The node an object is reached through: `/nodes/{node}/…`. */
export const node = () => text({ required: true, location: true });

const sizeUnits: Record<string, number> = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };

/** Bytes in a PVE size: `500G`, `1.5T`, `1024`. */
function sizeBytes(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(value);
  return match ? Math.round(Number(match[1]) * sizeUnits[match[2]]) : undefined;
}

/** A property string's keys and values; a bare value is a key of its own. */
function parseProperty(value: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const part of value.split(",").filter((p) => p !== "")) {
    const at = part.indexOf("=");
    if (at < 0) entries.set(part, part);
    else entries.set(part.slice(0, at), part.slice(at + 1));
  }
  return entries;
}

/** The one form a value is compared in, whichever way it was written or printed. */
export function canonical(field: Field, value: unknown): string {
  const textValue = typeof value === "string" ? value : String(value);
  switch (field.kind) {
    case "bool":
      if ([true, 1, "1", "true", "yes", "on"].includes(value as string)) return "1";
      if ([false, 0, "0", "false", "no", "off"].includes(value as string)) return "0";
      return textValue;
    case "int":
    case "number":
      return textValue.trim() !== "" && Number.isFinite(Number(textValue)) ? String(Number(textValue)) : textValue;
    case "size":
      return String(sizeBytes(textValue) ?? textValue);
    case "list":
    case "set": {
      const { format } = field;
      const items = (Array.isArray(value) ? value.map(String) : textValue.split(/[\s,;]+/))
        .map((item) => item.trim())
        .filter((item) => item !== "")
        .map((item) => (format ? canonicalProperty(item) : item));
      return (field.kind === "set" ? items.sort() : items).join(itemSeparator(field));
    }
    default:
      return textValue;
  }
}

/** A property string with its keys sorted. */
function canonicalProperty(value: string): string {
  return [...parseProperty(value)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, val]) => `${key}=${val}`)
    .join(",");
}

/** What keeps a list's or set's values apart in its canonical form: a line break where they hold commas. */
export const itemSeparator = (field: Field) => (field.array ? "\n" : ",");

/** The value sent to PVE for one a stack gives (or a field's default); an array field's values one by one. */
export function wire(field: Field, value: unknown): string | string[] {
  if (field.kind === "bool") return canonical(field, value);
  if (Array.isArray(value)) return field.array ? value.map(String) : value.map(String).join(field.separator ?? ",");
  return String(value);
}
