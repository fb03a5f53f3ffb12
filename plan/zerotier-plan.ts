import * as ipaddr from "ipaddr.js";
import { isHostOf } from "../config/addressing";
import type { StackConfig, TenantConfig, ZeroTierConfig } from "../config/schema";
import { ZEROTIER_INSTANCE, ZEROTIER_INTERFACE, ZEROTIER_PORT, ZEROTIER_ROUTE_DISTANCE } from "./fabric";
import { managementEntries } from "./management-path";
import { MODEL_PACKAGES } from "./router-models";
import { declaredNames, RulesError } from "./zerotier-rules";

/** The operators' ZeroTier network as Central should hold it. */
export interface ZeroTierNetworkPlan {
  name: string;
  description?: string;
  private: boolean;
  autoAssignIpv4: boolean;
  ipAssignmentPools: string[];
  /**
   * The network's own subnet, so that members reach each other over it, then the management
   * network and each tenant's prefix via a router that joins: `target via address`.
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
      routes: [network.cidr, ...managementRoute(config), ...tenantRoutes(config)],
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
 * The management network via the first router that carries the operators into it: without it,
 * operators (and Pulumi) on the network would have no way to the routers' and nodes' APIs.
 */
function managementRoute(config: StackConfig): string[] {
  const [entry] = managementEntries(config);
  return entry ? [`${config.management.cidr} via ${entry.ip}`] : [];
}

/**
 * Each tenant's prefix via the router its traffic should enter by: the tenant's VRRP master when it
 * joins, so that requests and replies take one path, else its next gateway that joins, else the
 * first router that joins (OSPF carries the rest).
 */
function tenantRoutes(config: StackConfig): string[] {
  const joined = config.zerotier?.routers ?? [];
  return config.tenants.flatMap((tenant) => {
    const entry = operatorsEntry(config, tenant);
    return entry ? [`${tenant.cidr} via ${joined.find((r) => r.router === entry)?.ip}`] : [];
  });
}

/** The router the operators' traffic to a tenant enters by, as the managed routes send it; undefined when no router joins. */
function operatorsEntry(config: StackConfig, tenant: TenantConfig): string | undefined {
  const joined = config.zerotier?.routers ?? [];
  const gateways = [...tenant.routers].sort((a, b) => b.priority - a.priority);
  return gateways.find((g) => joined.some((r) => r.router === g.router))?.router ?? joined[0]?.router;
}

const masterOf = (tenant: TenantConfig) => [...tenant.routers].sort((a, b) => b.priority - a.priority)[0].router;

/**
 * An allow one way between the operators and a tenant gets its replies through state, as between
 * tenants: the operators' traffic enters the tenant by its first gateway that joins, and the
 * tenant's leaves by its VRRP master; when those differ, the one that never saw the request drops
 * the replies as invalid.
 */
function oneWayOperatorAllows(config: StackConfig): string[] {
  const zt = config.zerotier;
  if (!zt || zt.routers.length === 0) return [];
  const network = zt.network;
  const problems: string[] = [];
  const report = (where: string, from: string, to: string, tenant: TenantConfig, entry: string) =>
    problems.push(
      `budgetcloud:${where}: ${from} may reach ${to}, which does not allow it back, and the operators' traffic to ${tenant.name} enters by ${entry} while ${tenant.name}'s leaves by its VRRP master ${masterOf(tenant)}: the router that never saw a request drops its replies; allow ${from} on ${to}, or have ${masterOf(tenant)} join ${network.name}`,
    );
  config.tenants.forEach((tenant, t) => {
    const entry = operatorsEntry(config, tenant) as string;
    if (entry === masterOf(tenant)) return;
    const toOperators = tenant.allow.indexOf(network.name);
    const fromOperators = network.allow.indexOf(tenant.name);
    if (toOperators >= 0 && fromOperators < 0)
      report(`tenants[${t}].allow[${toOperators}]`, tenant.name, network.name, tenant, entry);
    if (fromOperators >= 0 && toOperators < 0)
      report(`zerotier.network.allow[${fromOperators}]`, network.name, tenant.name, tenant, entry);
  });
  return problems;
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
  const numberOf = (address: string) =>
    ipaddr.IPv4.parse(address)
      .toByteArray()
      .reduce((n, byte) => n * 256 + byte, 0);
  if (numberOf(network.pool.end) < numberOf(network.pool.start))
    problems.push(
      `${key("network.pool.end")}: ${network.pool.end} comes before the pool's start ${network.pool.start}; a pool runs from its start up to its end`,
    );
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
  problems.push(...routersListedTwice(config), ...routersWithoutThePackage(config));
  // Central shows members by name, and each member is a resource named after it.
  zt.members.forEach((m, i) => {
    const first = zt.members.findIndex((other) => other.name === m.name);
    if (first < i)
      problems.push(
        `${key(`members[${i}].name`)}: ${m.name} is already the name of ${key(`members[${first}]`)}; give each member a name of its own`,
      );
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
  return [...problems, ...oneWayOperatorAllows(config)];
}

/** Routers that join though their model cannot install the ZeroTier package: `/zerotier` does not exist there. */
function routersWithoutThePackage(config: StackConfig): string[] {
  return (config.zerotier?.routers ?? []).flatMap((z, i) => {
    const r = config.routers.findIndex((router) => router.name === z.router);
    const model = config.routers[r]?.model;
    const packages = model === undefined ? undefined : MODEL_PACKAGES[model];
    if (!packages || packages.includes("zerotier")) return [];
    return [
      `${key(`routers[${i}].router`)}: ${z.router} is a ${model} (budgetcloud:routers[${r}].model), which has no ZeroTier package; MikroTik builds it for ARM and ARM64 routers only`,
    ];
  });
}

/** Routers the operators' network lists more than once. */
export function routersListedTwice(config: StackConfig): string[] {
  const routers = config.zerotier?.routers ?? [];
  return routers.flatMap((r, i) =>
    routers.findIndex((other) => other.router === r.router) < i
      ? [`${key(`routers[${i}].router`)}: ${r.router} is listed twice`]
      : [],
  );
}

const listed = (names: Record<string, unknown>) => Object.keys(names).join(", ") || "none";
