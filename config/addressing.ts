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
