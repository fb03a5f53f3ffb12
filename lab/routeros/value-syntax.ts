import * as ipaddr from "ipaddr.js";

/** Argument values as RouterOS reads them and prints them back over the API. */

/** Set accepts yes/no and true/false; print always answers true/false. */
export function parseBoolean(value: string): "true" | "false" | undefined {
  if (value === "yes" || value === "true") return "true";
  if (value === "no" || value === "false") return "false";
  return undefined;
}

/** A decimal or `0x` hexadecimal integer, as RouterOS's number arguments take them. */
export function parseInteger(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  return undefined;
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** A dotted-quad IPv4 address in the form RouterOS prints it (no leading zeros). */
export function parseIpv4Address(text: string): string | undefined {
  const value = parseIpv4(text);
  return value === undefined ? undefined : formatIpv4(value);
}

/** An IPv4 or IPv6 address (VXLAN endpoints take either), in the form RouterOS prints it. */
export function parseIpAddress(text: string): string | undefined {
  if (text.includes(":")) return ipaddr.IPv6.isValid(text) ? ipaddr.IPv6.parse(text).toString() : undefined;
  return parseIpv4Address(text);
}

export interface Ipv4Interface {
  /** "A.B.C.D/M"; an address given without a prefix length is a /32. */
  address: string;
  network: string;
}

/** Reads an `/ip/address` address the way RouterOS does, working out its network. */
export function parseIpv4Interface(text: string): Ipv4Interface | undefined {
  const [ip, prefix = "32", extra] = text.split("/");
  const value = parseIpv4(ip);
  const length = Number(prefix);
  if (value === undefined || extra !== undefined || !/^\d{1,2}$/.test(prefix) || length > 32) return undefined;
  const size = 2 ** (32 - length);
  return { address: `${formatIpv4(value)}/${length}`, network: formatIpv4(Math.floor(value / size) * size) };
}

/**
 * An IPv4 prefix as RouterOS stores one: the host bits cleared (`10.0.0.1/24` is `10.0.0.0/24`),
 * and a prefix of one address printed as the bare address unless `keepHostLength`.
 */
export function parseIpv4Prefix(text: string, keepHostLength = false): string | undefined {
  const parsed = parseIpv4Interface(text);
  if (!parsed) return undefined;
  const length = parsed.address.split("/")[1];
  return length === "32" && !keepHostLength ? parsed.network : `${parsed.network}/${length}`;
}

/** `A.B.C.D-A.B.C.D`, lowest first, as firewall matchers and NAT targets take a range of addresses. */
export function parseIpv4Range(text: string): string | undefined {
  const [from, to, extra] = text.split("-");
  const low = parseIpv4(from);
  const high = to === undefined ? low : parseIpv4(to);
  if (low === undefined || high === undefined || extra !== undefined || high < low) return undefined;
  return to === undefined ? formatIpv4(low) : `${formatIpv4(low)}-${formatIpv4(high)}`;
}

/** Six octets separated by `:`, `-` or `.`, as RouterOS prints them: upper case with colons. */
export function parseMacAddress(text: string): string | undefined {
  const octets = text.split(/[:.-]/);
  if (octets.length !== 6 || octets.some((o) => !/^[0-9a-fA-F]{1,2}$/.test(o))) return undefined;
  return octets.map((o) => o.toUpperCase().padStart(2, "0")).join(":");
}

const TIME_UNITS: readonly [string, number][] = [
  ["w", 604_800_000],
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
];

/**
 * Milliseconds in a RouterOS time: `1w2d3h4m5s`, `500ms`, `00:00:10` (with an optional day count
 * and fraction, as `1d00:00:10.5`), or bare seconds.
 */
export function parseTime(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const clock = /^(?:(\d+)d)?(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d{1,3}))?$/.exec(text);
  if (clock) {
    const [, days = "0", h, m, s, fraction = "0"] = clock;
    if (Number(m) > 59 || Number(s) > 59) return undefined;
    return (
      ((Number(days) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + Number(s) * 1000 + Number(fraction.padEnd(3, "0"))
    );
  }
  const parts = text.match(/\d+(?:ms|w|d|h|m|s)/g);
  if (!parts || parts.join("") !== text) return undefined;
  return parts.reduce((total, part) => {
    const [, count, unit] = /^(\d+)(ms|w|d|h|m|s)$/.exec(part) as RegExpExecArray;
    return total + Number(count) * (TIME_UNITS.find(([name]) => name === unit)?.[1] ?? 0);
  }, 0);
}

/** A time as RouterOS prints it: its units from weeks down, zeros left out (`1m30s`, `500ms`, `0s`). */
export function formatTime(milliseconds: number): string {
  let rest = milliseconds;
  let text = "";
  for (const [unit, size] of TIME_UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) text += `${count}${unit}`;
  }
  return text || "0s";
}

/** RouterOS ids: `*` and upper-case hex. */
/** A date and time as RouterOS 7 prints them: `2024-11-25 13:14:28`. */
export const formatDateTime = (date: Date) => date.toISOString().replace("T", " ").slice(0, 19);

export const formatId = (id: number) => `*${id.toString(16).toUpperCase()}`;

export function parseId(text: string): number | undefined {
  return /^\*[0-9a-fA-F]+$/.test(text) ? Number.parseInt(text.slice(1), 16) : undefined;
}
