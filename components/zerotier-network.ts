import * as pulumi from "@pulumi/pulumi";
import type { ZeroTierPlan } from "../plan/zerotier-plan";
import * as zerotier from "../providers/zerotier/resources";

export interface ZeroTierNetworkArgs {
  plan: ZeroTierPlan;
}

/**
 * The operators' VPN: a ZeroTier network in Central, from a checked plan, and its members, each
 * by its device's ZeroTier address, with capabilities and tags by the names the network's rules give.
 */
export class ZeroTierNetwork extends pulumi.ComponentResource {
  readonly networkId: pulumi.Output<string>;
  /** When each member's device last checked in (0: never), by member. */
  readonly lastSeen: pulumi.Output<Record<string, number>>;

  constructor(name: string, args: ZeroTierNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("budgetcloud:network:ZeroTierNetwork", name, {}, opts);
    const { plan } = args;
    const network = new zerotier.ZeroTierNetwork(`${name}-network`, plan.network, { parent: this });
    const members = plan.members.map(
      (member) =>
        [
          member.name,
          new zerotier.ZeroTierMember(`${name}-${member.name}`, { network: network.id, ...member }, { parent: this }),
        ] as const,
    );
    this.networkId = network.id;
    this.lastSeen = pulumi
      .all(members.map(([memberName, m]) => m.lastSeen.apply((seen) => [memberName, seen] as const)))
      .apply((seen) => Object.fromEntries(seen) as Record<string, number>);
    this.registerOutputs({ networkId: this.networkId, lastSeen: this.lastSeen });
  }
}
