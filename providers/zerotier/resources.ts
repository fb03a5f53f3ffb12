import { declaredResources } from "../shared/declared-resource";
import { member, network } from "./objects";

export const { ZeroTierNetwork, ZeroTierMember } = declaredResources("zerotier", {
  /** A ZeroTier network in Central: its name, privacy, address pools, routes, DNS and rules. Never deleted while the stack protects it. */
  ZeroTierNetwork: network,
  /** A member of a network by its device's ZeroTier address, written before or after the device joins; capabilities and tags by name. */
  ZeroTierMember: member,
});
