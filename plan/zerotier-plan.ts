import { isHostOf } from "../config/addressing";
import type { StackConfig, ZeroTierConfig } from "../config/schema";
import { declaredNames, RulesError } from "./zerotier-rules";

/** The operators' ZeroTier network as Central should hold it. */
export interface ZeroTierNetworkPlan {
  name: string;
  description?: string;
  private: boolean;
  autoAssignIpv4: boolean;
  ipAssignmentPools: string[];
  /** The network's own subnet, so that members reach each other over it. */
  routes: string[];
  dnsDomain?: string;
  dnsServers?: string[];
  rulesSource: string;
}

export interface ZeroTierMemberPlan {
  name: string;
  nodeId: string;
  description?: string;
  authorized: boolean;
  /** A fixed address, with Central's auto-assignment off for it; none lets Central assign one. */
  ipAssignments: string[];
  noAutoAssignIps: boolean;
  activeBridge: boolean;
  ssoExempt: boolean;
  capabilities: string[];
  tags: string[];
}

export interface ZeroTierPlan {
  endpoint: string;
  network: ZeroTierNetworkPlan;
  members: ZeroTierMemberPlan[];
}

const key = (path: string) => `budgetcloud:zerotier.${path}`;

export function planZeroTier(config: StackConfig): ZeroTierPlan | undefined {
  const zt = config.zerotier;
  if (!zt) return undefined;
  const { network } = zt;
  return {
    endpoint: zt.endpoint,
    network: {
      name: network.name,
      ...(network.description === undefined ? {} : { description: network.description }),
      private: network.private,
      autoAssignIpv4: true,
      ipAssignmentPools: [`${network.pool.start}-${network.pool.end}`],
      routes: [network.cidr],
      ...(network.dns ? { dnsDomain: network.dns.domain, dnsServers: network.dns.servers } : {}),
      rulesSource: network.rules,
    },
    members: zt.members.map((m) => ({
      name: m.name,
      nodeId: m.nodeId,
      ...(m.description === undefined ? {} : { description: m.description }),
      authorized: m.authorized,
      ipAssignments: m.ip ? [m.ip] : [],
      noAutoAssignIps: m.ip !== undefined,
      activeBridge: m.activeBridge,
      ssoExempt: m.ssoExempt,
      capabilities: m.capabilities,
      tags: m.tags,
    })),
  };
}

/**
 * What the ZeroTier part of a stack can get wrong that no single key shows: rules that declare
 * their names wrongly, capabilities and tags the rules do not declare, addresses outside the
 * network or its pool, and members that share an address or a device.
 */
export function zerotierProblems(zt: ZeroTierConfig | undefined): string[] {
  if (!zt) return [];
  const problems: string[] = [];
  const { network } = zt;
  for (const end of ["start", "end"] as const) {
    if (!isHostOf(network.cidr, network.pool[end]))
      problems.push(`${key(`network.pool.${end}`)}: ${network.pool[end]} is not a host of ${network.cidr}`);
  }
  let names: ReturnType<typeof declaredNames> | undefined;
  try {
    names = declaredNames(network.rules);
  } catch (error) {
    if (!(error instanceof RulesError)) throw error;
    problems.push(`${key("network.rules")}: ${error.message}`);
  }
  const firstWith = new Map<string, string>();
  zt.members.forEach((m, i) => {
    const at = (field: string) => key(`members[${i}].${field}`);
    for (const [field, value] of [
      ["nodeId", m.nodeId],
      ["ip", m.ip],
    ] as const) {
      if (value === undefined) continue;
      const earlier = firstWith.get(`${field}:${value}`);
      if (earlier) problems.push(`${at(field)}: ${value} is already ${earlier}'s`);
      else firstWith.set(`${field}:${value}`, m.name);
    }
    if (m.ip && !isHostOf(network.cidr, m.ip)) problems.push(`${at("ip")}: ${m.ip} is not a host of ${network.cidr}`);
    if (!names) return;
    const declared = names;
    m.capabilities.forEach((capability, c) => {
      if (!(capability in declared.capabilitiesByName))
        problems.push(
          `${at(`capabilities[${c}]`)}: ${capability} is not a capability of ${key("network.rules")} (it declares ${listed(declared.capabilitiesByName)})`,
        );
    });
    m.tags.forEach((tag, t) => {
      const [name, value] = tag.split("=");
      const declaredTag = declared.tagsByName[name];
      if (!declaredTag)
        problems.push(
          `${at(`tags[${t}]`)}: ${name} is not a tag of ${key("network.rules")} (it declares ${listed(declared.tagsByName)})`,
        );
      else if (!(value in declaredTag.enums) && !/^\d+$/.test(value))
        problems.push(
          `${at(`tags[${t}]`)}: ${value} is neither a number nor an enum of tag ${name} (${listed(declaredTag.enums)})`,
        );
    });
  });
  return problems;
}

const listed = (names: Record<string, unknown>) => Object.keys(names).join(", ") || "none";
