import * as ipaddr from "ipaddr.js";

/** An IPv4 prefix in canonical form: the network address and its length, as `10.0.0.0/24`. */
export function isIpv4Prefix(text: string): boolean {
  const parsed = parseIpv4Cidr(text);
  if (!parsed) return false;
  const [address, length] = parsed;
  return ipaddr.IPv4.networkAddressFromCIDR(`${address}/${length}`).toString() === address.toString();
}

/** An interface address with its prefix length, as `192.168.141.2/30`. */
export function isIpv4Cidr(text: string): boolean {
  return parseIpv4Cidr(text) !== undefined;
}

export function isIpv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function parseIpv4Cidr(text: string): [ipaddr.IPv4, number] | undefined {
  if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(text)) return undefined;
  try {
    return ipaddr.IPv4.parseCIDR(text);
  } catch {
    return undefined;
  }
}

/** The prefix a CIDR (address or prefix) lies in, as `192.168.141.0/30`. */
export function networkOf(cidr: string): string {
  const [address, length] = ipaddr.IPv4.parseCIDR(cidr);
  return `${ipaddr.IPv4.networkAddressFromCIDR(`${address}/${length}`)}/${length}`;
}

/** Whether an address (without length) lies in a prefix. */
export function contains(prefix: string, address: string): boolean {
  return ipaddr.IPv4.parse(address).match(ipaddr.IPv4.parseCIDR(prefix));
}

/** Whether two prefixes share any address. */
export function overlaps(a: string, b: string): boolean {
  const [x, y] = [ipaddr.IPv4.parseCIDR(a), ipaddr.IPv4.parseCIDR(b)];
  return x[1] <= y[1] ? x[0].match(y[0], x[1]) : y[0].match(x[0], y[1]);
}

/** The address part of a CIDR: `192.168.141.2/30` → `192.168.141.2`. */
export const addressOf = (cidr: string) => cidr.split("/")[0];

/** Whether an address is a usable host of its prefix: neither its network nor its broadcast address. */
export function isHostOf(prefix: string, address: string): boolean {
  const [, length] = ipaddr.IPv4.parseCIDR(prefix);
  if (length >= 31) return contains(prefix, address);
  const network = ipaddr.IPv4.networkAddressFromCIDR(prefix).toString();
  const broadcast = ipaddr.IPv4.broadcastAddressFromCIDR(prefix).toString();
  return contains(prefix, address) && address !== network && address !== broadcast;
}

/** The n-th host address of a prefix, counting from 1. */
export function hostAddress(prefix: string, n: number): string {
  const octets = ipaddr.IPv4.networkAddressFromCIDR(prefix).toByteArray();
  const value = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) + n;
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join(".");
}

/** The prefix length of a CIDR. */
export const lengthOf = (cidr: string) => Number(cidr.split("/")[1]);
