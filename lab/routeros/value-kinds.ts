import { type CommandFailure, failures } from "./errors";
import { readPolicy } from "./policies";
import {
  formatTime,
  parseBoolean,
  parseInteger,
  parseIpAddress,
  parseIpv4Address,
  parseIpv4Interface,
  parseIpv4Prefix,
  parseIpv4Range,
  parseMacAddress,
  parseTime,
} from "./value-syntax";

/**
 * What kind of value an argument takes, and how RouterOS reads one: the form it stores (and
 * prints), or the trap it refuses the value with. Kinds are data, declared per menu in
 * `argument-kinds.ts` or read from the command tree's descriptions, and run by `readValue` alone.
 */
export type ValueKind =
  | { kind: "text" }
  /** yes/no or true/false, printed true/false. */
  | { kind: "boolean" }
  /**
   * A RouterOS 7 flag: set by its bare name (`=passive=`, or yes/true) and unset by `!passive`
   * (or no/false). Print shows it only while it is set, as `passive=true`.
   */
  | { kind: "flag" }
  | {
      kind: "integer";
      min: number;
      max: number;
      /** A field of the item that lowers `max` (an ethernet port's max-l2mtu, from the model). */
      maxField?: string;
      /** Printed in hexadecimal, as bridge priorities are (`0x8000`). */
      hex?: boolean;
    }
  /** A time, printed in RouterOS's units (`1m30s`); the bounds are in milliseconds. */
  | { kind: "time"; min?: number; max?: number }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "ipv4" }
  /** IPv4 or IPv6. */
  | { kind: "ip" }
  /** `A.B.C.D/M`, or an address for a /32; host bits are cleared. */
  | { kind: "ipv4-prefix" }
  /** An interface address (`/ip/address`): the host bits are kept, a bare address is a /32. */
  | { kind: "ipv4-interface" }
  /** A firewall address matcher: an address, a prefix or a range `A.B.C.D-A.B.C.D`. */
  | { kind: "ipv4-match" }
  | { kind: "ipv4-range" }
  | { kind: "mac" }
  /** Ports as firewall matchers take them: `22`, `8000-8080`, `22,80,443`. */
  | { kind: "ports" }
  /** The name of one of the menu's properties (`unset`'s value-name). */
  | { kind: "property" }
  /** A user group's policies (`policies.ts`): an add names what it grants, a set what it changes. */
  | { kind: "policy" };

/** How a value of a kind may be written besides the kind's own form. */
export interface Spelling {
  /** Words taken as they are (`auto` for a bridge's MTU, `none` for a port's horizon). */
  words?: readonly string[];
  /** A comma-separated list of values of the kind. */
  list?: boolean;
  /** A leading `!` negates the value (firewall matchers). */
  negatable?: boolean;
  /** An empty value clears the field, as it does for firewall matchers. */
  clearable?: boolean;
}

export type ArgumentKind = ValueKind & Spelling;

/** What reading a value may look at besides the value. */
export interface ReadContext {
  /** The argument's name as the command gave it, for the trap. */
  argument: string;
  /** The fields of the item being set (none for an add). */
  item?: Readonly<Record<string, string>>;
  /** The menu's properties, for `property` values. */
  properties: ReadonlySet<string>;
}

/**
 * The value RouterOS stores for `value`, undefined for one that unsets the field (a flag turned
 * off, a matcher cleared), or the failure RouterOS traps with.
 */
export function readValue(kind: ArgumentKind, value: string, context: ReadContext): string | undefined {
  if (kind.kind === "flag") return readFlag(value, context.argument);
  if (kind.kind === "policy") return readPolicy(value, context.item?.[context.argument], context.argument);
  if (value === "" && kind.clearable) return undefined;
  // An empty list is a value of its own: `redistribute=""` redistributes nothing.
  if (value === "" && kind.list) return "";
  const negated = kind.negatable === true && value.startsWith("!");
  const body = negated ? value.slice(1) : value;
  const elements = kind.list ? body.split(",") : [body];
  const read = elements.map((element) =>
    kind.words?.includes(element) ? element : readSingle(kind, element, context),
  );
  return `${negated ? "!" : ""}${read.join(",")}`;
}

function readFlag(value: string, argument: string): string | undefined {
  if (value === "") return "true";
  const parsed = parseBoolean(value);
  if (parsed === undefined) throw failures.noMatchingValue(argument);
  return parsed === "true" ? "true" : undefined;
}

function readSingle(
  kind: Exclude<ValueKind, { kind: "flag" | "policy" }>,
  value: string,
  context: ReadContext,
): string {
  const { argument } = context;
  const readOrFail = <T>(read: T | undefined, failure: () => CommandFailure): T => {
    if (read === undefined) throw failure();
    return read;
  };
  const invalid = () => failures.invalidValue(argument);
  switch (kind.kind) {
    case "text":
      return value;
    case "boolean":
      return readOrFail(parseBoolean(value), () => failures.noMatchingValue(argument));
    case "enum":
      return readOrFail(kind.values.includes(value) ? value : undefined, () => failures.noMatchingValue(argument));
    case "property":
      return readOrFail(context.properties.has(value) ? value : undefined, () => failures.noMatchingValue(argument));
    case "integer":
      return readInteger(kind, value, context);
    case "time": {
      const milliseconds = readOrFail(parseTime(value), invalid);
      const { min = 0, max } = kind;
      if (milliseconds < min || (max !== undefined && milliseconds > max)) {
        // A time with no upper bound names none, as the command tree writes it ("00:00:00.200..").
        throw failures.outOfRange(argument, `${formatTime(min)}..${max === undefined ? "" : formatTime(max)}`);
      }
      return formatTime(milliseconds);
    }
    case "ipv4":
      return readOrFail(parseIpv4Address(value), invalid);
    case "ip":
      return readOrFail(parseIpAddress(value), invalid);
    case "ipv4-prefix":
      return readOrFail(parseIpv4Prefix(value, true), invalid);
    case "ipv4-interface":
      return readOrFail(parseIpv4Interface(value)?.address, invalid);
    case "ipv4-match":
      return readOrFail(value.includes("-") ? parseIpv4Range(value) : parseIpv4Prefix(value), invalid);
    case "ipv4-range":
      return readOrFail(parseIpv4Range(value), invalid);
    case "mac":
      return readOrFail(parseMacAddress(value), invalid);
    case "ports":
      return value
        .split(",")
        .map((range) => readPortRange(range, argument))
        .join(",");
  }
}

function readInteger(kind: Extract<ValueKind, { kind: "integer" }>, value: string, context: ReadContext): string {
  const number = parseInteger(value);
  if (number === undefined) throw failures.invalidValue(context.argument);
  const cap = kind.maxField === undefined ? undefined : parseInteger(context.item?.[kind.maxField] ?? "");
  const max = cap === undefined ? kind.max : Math.min(kind.max, cap);
  // A port's max-l2mtu is the limit RouterOS reports for it, so the trap names that limit.
  if (number < kind.min || number > max) throw failures.outOfRange(context.argument, `${kind.min}..${max}`);
  return kind.hex ? `0x${number.toString(16)}` : String(number);
}

function readPortRange(range: string, argument: string): string {
  const bounds = range.split("-");
  const numbers = bounds.map((bound) => (/^\d+$/.test(bound) ? Number(bound) : undefined));
  if (bounds.length > 2 || numbers.some((n) => n === undefined)) throw failures.invalidValue(argument);
  if (numbers.some((n) => (n as number) > 65535)) throw failures.outOfRange(argument, "0..65535");
  return numbers.join("-");
}

/**
 * The kind the command tree's description of an argument names, where it names one: free text,
 * times with their bounds, addresses, prefixes, MAC addresses, number ranges and lists of words.
 */
export function kindFromDescription(description: string): ArgumentKind | undefined {
  if (description.startsWith("string value") || description === "script") return { kind: "text" };
  const [syntax, type] = description.split(/\s+\(/);
  if (description === "time interval" || type === "time interval)") {
    const [min, max] = syntax === "time interval" ? [] : syntax.split("..").map(parseTime);
    return { kind: "time", min, max };
  }
  if (type === "IP address)") return { kind: "ipv4" };
  if (type === "IP prefix)") return { kind: "ipv4-prefix" };
  if (type === "MAC address)") return { kind: "mac" };
  const range = /^(\d+)\.\.(\d+)$/.exec(description);
  if (range) return { kind: "integer", min: Number(range[1]), max: Number(range[2]) };
  const words = /^([a-z0-9-]+(?:\|[a-z0-9-]+)+)(\[,\w+\*\])?$/.exec(description);
  if (words) return { kind: "enum", values: words[1].split("|"), list: words[2] !== undefined };
  return undefined;
}
