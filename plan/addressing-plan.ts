import { hostAddress, lengthOf } from "../config/addressing";
import type { TenantConfig } from "../config/schema";

/** Bytes a VXLAN header adds to each frame on the underlay (outer IPv4, UDP, VXLAN, inner Ethernet). */
export const VXLAN_OVERHEAD = 50;

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
