/** Argument values as RouterOS reads them and prints them back over the API. */

/** Set accepts yes/no and true/false; print always answers true/false. */
export function parseBoolean(value: string): "true" | "false" | undefined {
  if (value === "yes" || value === "true") return "true";
  if (value === "no" || value === "false") return "false";
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
  return { address: `${ip}/${length}`, network: formatIpv4(Math.floor(value / size) * size) };
}

/** RouterOS ids: `*` and upper-case hex. */
export const formatId = (id: number) => `*${id.toString(16).toUpperCase()}`;

export function parseId(text: string): number | undefined {
  return /^\*[0-9a-fA-F]+$/.test(text) ? Number.parseInt(text.slice(1), 16) : undefined;
}
