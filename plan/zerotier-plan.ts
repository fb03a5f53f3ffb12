import { isHostOf } from "../config/addressing";
import type { StackConfig, ZeroTierConfig } from "../config/schema";
import { ZEROTIER_INSTANCE, ZEROTIER_INTERFACE, ZEROTIER_PORT, ZEROTIER_ROUTE_DISTANCE } from "./fabric";
import { declaredNames, RulesError } from "./zerotier-rules";

/** The operators' ZeroTier network as Central should hold it. */
export interface ZeroTierNetworkPlan {
  name: string;
  description?: string;
  private: boolean;
  autoAssignIpv4: boolean;
  ipAssignmentPools: string[];
  /**
   * The network's own subnet, so that members reach each other over it, then each tenant's prefix
   * via a router that joins: `target via address`.
   */
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

/** A router's side of the operators' network: its package's instance on, an interface joined, and its membership. */
export interface ZeroTierRouterPlan {
  instance: string;
  interface: string;
  port: number;
  routeDistance: number;
  /** The member Central holds for the router, whose ZeroTier address only the router knows. */
  member: Omit<ZeroTierMemberPlan, "nodeId">;
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
      routes: [network.cidr, ...tenantRoutes(config)],
      ...(network.dns ? { dnsDomain: network.dns.domain, dnsServers: network.dns.servers } : {}),
      rulesSource: network.rules,
    },
    members: zt.members.map(({ nodeId, ...m }) => ({ nodeId, ...memberPlan(m) })),
  };
}

/** What a router that joins the operators' network holds for it, or undefined when it does not join. */
export function planRouterZeroTier(config: StackConfig, router: string): ZeroTierRouterPlan | undefined {
  const joins = config.zerotier?.routers.find((r) => r.router === router);
  if (!joins) return undefined;
  return {
    instance: ZEROTIER_INSTANCE,
    interface: ZEROTIER_INTERFACE,
    port: ZEROTIER_PORT,
    routeDistance: ZEROTIER_ROUTE_DISTANCE,
    member: memberPlan({
      name: router,
      description: "router, managed by budgetcloud",
      ip: joins.ip,
      capabilities: joins.capabilities,
      tags: joins.tags,
      authorized: true,
      activeBridge: false,
      ssoExempt: true,
    }),
  };
}

function memberPlan(m: Omit<ZeroTierConfig["members"][number], "nodeId">): Omit<ZeroTierMemberPlan, "nodeId"> {
  return {
    name: m.name,
    ...(m.description === undefined ? {} : { description: m.description }),
    authorized: m.authorized,
    ipAssignments: m.ip ? [m.ip] : [],
    noAutoAssignIps: m.ip !== undefined,
    activeBridge: m.activeBridge,
    ssoExempt: m.ssoExempt,
    capabilities: m.capabilities,
    tags: m.tags,
  };
}

/**
 * Each tenant's prefix via the router its traffic should enter by: the tenant's VRRP master when it
 * joins, so that requests and replies take one path, else its next gateway that joins, else the
 * first router that joins (OSPF carries the rest).
 */
function tenantRoutes(config: StackConfig): string[] {
  const joined = config.zerotier?.routers ?? [];
  if (joined.length === 0) return [];
  const addressOf = (router: string) => joined.find((r) => r.router === router)?.ip;
  return config.tenants.map((tenant) => {
    const gateways = [...tenant.routers].sort((a, b) => b.priority - a.priority);
    const via = gateways.map((g) => addressOf(g.router)).find((ip) => ip !== undefined) ?? joined[0].ip;
    return `${tenant.cidr} via ${via}`;
  });
}

/**
 * What the ZeroTier part of a stack can get wrong that no single key shows: rules that declare
 * their names wrongly, capabilities and tags the rules do not declare, addresses outside the
 * network or its pool, and members and routers that share an address or a device.
 */
export function zerotierProblems(config: StackConfig): string[] {
  const zt = config.zerotier;
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
  const joining = [
    ...zt.members.map((m, i) => ({ ...m, at: `members[${i}]` })),
    ...zt.routers.map((r, i) => ({ ...r, name: r.router, nodeId: undefined, at: `routers[${i}]` })),
  ];
  zt.routers.forEach((r, i) => {
    if (zt.routers.findIndex((other) => other.router === r.router) < i)
      problems.push(`${key(`routers[${i}].router`)}: ${r.router} is listed twice`);
  });
  const firstWith = new Map<string, string>();
  for (const m of joining) {
    const at = (field: string) => key(`${m.at}.${field}`);
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
    if (!names) continue;
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
  }
  return problems;
}

const listed = (names: Record<string, unknown>) => Object.keys(names).join(", ") || "none";
