import * as ipaddr from "ipaddr.js";
import { addressOf, hostAddress, lengthOf } from "../config/addressing";
import type { StackConfig, TenantConfig } from "../config/schema";

/**
 * Each gateway router's own address on a tenant's segment: the lowest host addresses, in the
 * order the routers are listed, skipping the VRRP address they share.
 */
export function gatewayRouterAddresses(tenant: TenantConfig): string[] {
  const addresses: string[] = [];
  for (let n = 1; addresses.length < tenant.routers.length; n++) {
    const address = hostAddress(tenant.cidr, n);
    if (address !== tenant.gateway) addresses.push(address);
  }
  return addresses;
}

/** A tenant address with the tenant's prefix length, as an interface takes it. */
export const onSegment = (tenant: TenantConfig, address: string) => `${address}/${lengthOf(tenant.cidr)}`;

/** The smallest prefix that holds every address: their common leading bits. */
export function smallestPrefix(addresses: string[]): string {
  const [first, ...rest] = addresses.map((address) => ipaddr.IPv4.parse(address));
  let length = 32;
  while (rest.some((address) => !address.match(first, length))) length--;
  return `${ipaddr.IPv4.networkAddressFromCIDR(`${first}/${length}`)}/${length}`;
}

/** Every loopback of the fabric, the routers' and the hypervisors', as addresses. */
export function fabricLoopbacks(config: StackConfig): string[] {
  return [
    ...config.routers.map((r) => addressOf(r.interfaces.find((i) => i.loopback)?.address ?? "")),
    ...config.hypervisors.map((h) => addressOf(h.loopback)),
  ];
}
