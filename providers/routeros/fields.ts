import * as ipaddr from "ipaddr.js";
import { commonKinds, fieldKinds } from "../shared/field-kinds";
/**
 * How a RouterOS field is written, read back and compared. The API carries every value as text and
 * prints it in its own canonical form (`yes` goes in, `true` comes out; `10s` may print as
 * `00:00:10`), so each field kind owns the mapping between what a stack says and what a router shows.
 */
export type FieldKind = "text" | "int" | "bool" | "duration" | "list" | "address";

/** A field name a RouterOS version before `until` knows under another name. */
export interface Rename {
  until: string;
  name: string;
}

/**
 * What taking a field out of the stack does on the router, for a field without a `default` (with
 * one, the default is put back):
 * - `unset`: RouterOS's `unset`, which puts back whatever the router's version holds by default;
 * - `factory`: an item the router comes with gets back the value it had before budgetcloud set it;
 * - `{ refuse }`: the stack must keep giving it, for the reason given.
 */
export type Removal = "unset" | "factory" | { refuse: string };

export interface Field {
  kind: FieldKind;
  /** What the router prints when the field was never set: leaving it out of a stack means this. */
  default?: string;
  /** What leaving it out means when it has no `default`; every writable field says one or the other. */
  onRemove?: Removal;
  /** The stack must give it. */
  required?: boolean;
  /**
   * Not an argument the router accepts: never sent. A stack may still give it to pick out an item
   * (an ethernet port's `default-name`); otherwise it is only read.
   */
  readOnly?: boolean;
  /** Read-only, and an output of the resource: what only the router knows, as its ZeroTier identity. */
  reported?: boolean;
  /** Never shown in plain text: Pulumi keeps it encrypted in the state. */
  secret?: boolean;
  /** A change cannot be applied in place: the item is replaced. */
  replaceOnChange?: boolean;
  /** The field appeared in this RouterOS version; older routers are never sent it. */
  since?: string;
  renames?: Rename[];
}

type FieldOptions = Omit<Field, "kind">;

const fieldOf = fieldKinds<FieldOptions>();

export const { text, int, bool, list, comment } = commonKinds<FieldOptions>();
export const duration = fieldOf("duration");
/** A firewall address matcher: an IPv4 address, prefix or range, `!` before it for every other. */
export const address = fieldOf("address");

// Shared fields, as most menus carry them.
export const disabled = () => bool({ default: "false" });
export const interfaceName = () => text({ replaceOnChange: true });

const durationUnits: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };

/** Seconds in a RouterOS duration: `1d2h3m4s`, `00:00:10`, `2w`, `500ms`, or bare seconds. */
export function durationSeconds(value: string): number | undefined {
  const clock = /^(?:(\d+)d)?(\d+):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(value);
  if (clock) {
    const [, days, h, m, s, frac] = clock;
    const fraction = frac ? Number(`0.${frac}`) : 0;
    return Number(days ?? 0) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(s) + fraction;
  }
  if (/^\d+$/.test(value)) return Number(value);
  const parts = value.match(/\d+(?:ms|w|d|h|m|s)/g);
  if (!parts || parts.join("") !== value) return undefined;
  return parts.reduce((total, part) => {
    const [, n, unit] = /^(\d+)(ms|w|d|h|m|s)$/.exec(part) as RegExpExecArray;
    return total + Number(n) * durationUnits[unit];
  }, 0);
}

/** The one form a value is compared in, whichever way it was written or printed. */
export function canonical(field: Field, value: unknown): string {
  const textValue = typeof value === "string" ? value : String(value);
  switch (field.kind) {
    case "bool":
      if (["yes", "true", "on"].includes(textValue)) return "true";
      if (["no", "false", "off"].includes(textValue)) return "false";
      return textValue;
    case "int":
      return /^-?\d+$/.test(textValue) ? String(Number(textValue)) : textValue;
    case "duration": {
      const seconds = durationSeconds(textValue);
      return seconds === undefined ? textValue : `${seconds}s`;
    }
    case "list":
      return (Array.isArray(value) ? value.map(String) : textValue.split(","))
        .map((item) => item.trim())
        .filter((item) => item !== "")
        .join(",");
    case "address":
      return canonicalAddress(textValue);
    default:
      return textValue;
  }
}

/**
 * An address matcher as RouterOS prints it: a prefix with its host bits cleared
 * (`192.168.1.7/24` is `192.168.1.0/24`), a /32 as the bare address; ranges and text that is no
 * prefix as they are.
 */
function canonicalAddress(text: string): string {
  const negation = text.startsWith("!") ? "!" : "";
  const body = text.slice(negation.length);
  if (!/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(body) || !ipaddr.IPv4.isValidFourPartDecimal(body.split("/")[0])) {
    return text;
  }
  const [address, length = "32"] = body.split("/");
  if (Number(length) > 32) return text;
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${address}/${length}`).toString();
  return `${negation}${length === "32" ? network : `${network}/${length}`}`;
}

/** The text sent to a router for a value. */
export function wire(field: Field, value: unknown): string {
  if (field.kind === "bool") return canonical(field, value) === "true" ? "yes" : "no";
  if (field.kind === "list" && Array.isArray(value)) return value.map(String).join(",");
  return String(value);
}

/** Whether a router running `version` knows this field, and under which name. */
export function nameOn(field: Field, name: string, version: string): string | undefined {
  if (field.since && compareVersions(version, field.since) < 0) return undefined;
  const rename = [...(field.renames ?? [])]
    .sort((a, b) => compareVersions(a.until, b.until))
    .find((r) => compareVersions(version, r.until) < 0);
  return rename ? rename.name : name;
}

/** Orders RouterOS versions by their numbers: `7.9` < `7.18` < `7.20.1`; `7.24 (stable)` is 7.24. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => (/^[\d.]+/.exec(v)?.[0] ?? "").split(".").filter(Boolean).map(Number);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
