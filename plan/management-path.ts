import { addressOf, contains, overlaps } from "../config/addressing";
import type { HypervisorConfig, RouterConfig, StackConfig } from "../config/schema";

/**
 * The operators' prefixes on their ZeroTier network: Pulumi and the operators run there, and reach
 * the management network through a router that joins it.
 */
export function operatorsOnZeroTier(config: StackConfig): string[] {
  const network = config.zerotier?.network;
  return network ? config.management.operators.filter((prefix) => overlaps(prefix, network.cidr)) : [];
}

/** The router's port on the management network, the one its address there is on. */
export function managementInterface(config: StackConfig, router: RouterConfig) {
  return router.interfaces.find((i) => i.address && contains(config.management.cidr, addressOf(i.address)));
}

/**
 * The routers that carry the operators from their ZeroTier network into the management network:
 * those that join it and have a port on the management network, each with its ZeroTier address.
 */
export function managementEntries(config: StackConfig): { router: RouterConfig; ip: string; port: string }[] {
  if (operatorsOnZeroTier(config).length === 0) return [];
  return (config.zerotier?.routers ?? []).flatMap((joined) => {
    const router = config.routers.find((r) => r.name === joined.router);
    const port = router && managementInterface(config, router);
    return router && port ? [{ router, ip: joined.ip, port: port.name }] : [];
  });
}

/** A node's address on the management network: undefined when the stack places it on none (it is polled at its loopback). */
export function hypervisorManagementAddress(config: StackConfig, node: HypervisorConfig): string | undefined {
  return node.managementAddress ?? (contains(config.management.cidr, node.host) ? node.host : undefined);
}
