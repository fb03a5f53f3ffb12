import { contains } from "../config/addressing";
import type { RouterConfig, StackConfig } from "../config/schema";
import { UNDERLAY_ADDRESS_LIST, VXLAN_PORT, ZEROTIER_PORT } from "./fabric";
import { managementEntries, operatorsOnZeroTier } from "./management-path";
import { monitoredTenants, planRouterSnmp, SNMP_PORT } from "./monitoring-plan";

/** A filter or NAT rule as planned: RouterOS fields by property name, matchers left out when any. */
export interface PlannedRule {
  action: string;
  protocol?: string;
  srcAddress?: string;
  dstAddress?: string;
  srcAddressList?: string;
  dstAddressList?: string;
  dstPort?: string;
  outInterface?: string;
  connectionState?: string[];
  comment?: string;
}

/** The API port budgetcloud reaches a router on. */
export function apiPort(config: StackConfig, router: RouterConfig): string {
  return String(router.port ?? (config.routerApi.plaintext ? 8728 : 8729));
}

/** The networks a firewall rule may name: each tenant, and the operators' ZeroTier network. */
export function namedNetworks(config: StackConfig): Map<string, string> {
  return new Map([
    ...config.tenants.map((t): [string, string] => [t.name, t.cidr]),
    ...(config.zerotier ? [[config.zerotier.network.name, config.zerotier.network.cidr] as [string, string]] : []),
  ]);
}

/** A network's name or a prefix, as the prefix. */
function prefixOf(config: StackConfig, networkOrPrefix: string): string {
  return networkOrPrefix.includes("/")
    ? networkOrPrefix
    : (namedNetworks(config).get(networkOrPrefix) ?? networkOrPrefix);
}

const replies: PlannedRule = {
  action: "accept",
  connectionState: ["established", "related"],
  comment: "established, related",
};
const invalid: PlannedRule = { action: "drop", connectionState: ["invalid"], comment: "invalid" };
const established: PlannedRule[] = [replies, invalid];
const dropAll: PlannedRule = { action: "drop", comment: "drop all" };

/**
 * What may cross a gateway or uplink router: replies; the underlay (loopback to loopback: VXLAN and
 * Ceph between hypervisors, OSPF-routed traffic between devices, which a gateway router carries as
 * any other hop of the ring does), matched by the address list of exactly the loopbacks, since no
 * prefix holds the loopbacks of an address plan that is not one block and nothing else; each
 * tenant, and the operators' ZeroTier network, to what it is allowed to reach; then the stack's own
 * forward rules, tenants with internet access out of the uplink, and nothing else.
 *
 * The underlay and the tenant accepts come before the drop of invalid packets: two tenants' VRRP
 * masters may be different routers, so a reply between them comes back through a router that never
 * saw the request, which conntrack calls invalid.
 */
export function forwardChain(config: StackConfig, router: RouterConfig): PlannedRule[] {
  const tenants = config.tenants.filter((t) => t.routers.some((g) => g.router === router.name));
  const rules: PlannedRule[] = [
    replies,
    {
      action: "accept",
      srcAddressList: UNDERLAY_ADDRESS_LIST,
      dstAddressList: UNDERLAY_ADDRESS_LIST,
      comment: "underlay, loopback to loopback",
    },
  ];
  // Every tenant's allows, not only those of the tenants this router is a gateway of: between two
  // tenants' gateways, and from the operators' entry to a tenant, traffic crosses routers that
  // are gateways of other tenants, whose forward chain would drop it.
  const operators = config.zerotier ? [{ ...config.zerotier.network, kind: "zerotier" }] : [];
  for (const source of [...config.tenants.map((t) => ({ ...t, kind: "tenant" })), ...operators]) {
    for (const allowed of source.allow) {
      rules.push({
        action: "accept",
        srcAddress: source.cidr,
        dstAddress: prefixOf(config, allowed),
        comment: `${source.kind} ${source.name} to ${allowed}`,
      });
    }
  }
  // The operators reach the management network through the routers that join their network.
  if (managementEntries(config).some((entry) => entry.router.name === router.name)) {
    for (const operators of operatorsOnZeroTier(config)) {
      rules.push({
        action: "accept",
        srcAddress: operators,
        dstAddress: config.management.cidr,
        comment: `operators ${operators} to management`,
      });
    }
  }
  // The poller asks the monitored VMs behind this router, and only on SNMP's port.
  const { monitoring } = config;
  if (monitoring) {
    for (const tenant of config.tenants.filter((t) => monitoredTenants(config).includes(t.name))) {
      rules.push({
        action: "accept",
        protocol: "udp",
        srcAddress: `${monitoring.poller}/32`,
        dstAddress: tenant.cidr,
        dstPort: String(SNMP_PORT),
        comment: `SNMP poller to tenant ${tenant.name}`,
      });
    }
  }
  rules.push(invalid);
  for (const rule of config.firewall.forward) {
    rules.push({
      action: "accept",
      srcAddress: prefixOf(config, rule.src),
      dstAddress: prefixOf(config, rule.dst),
      ...(rule.protocol ? { protocol: rule.protocol } : {}),
      ...(rule.dstPort ? { dstPort: rule.dstPort } : {}),
      comment: rule.comment ?? `${rule.src} to ${rule.dst}`,
    });
  }
  if (router.uplink) {
    for (const tenant of tenants.filter((t) => t.internet)) {
      rules.push({
        action: "accept",
        srcAddress: tenant.cidr,
        outInterface: router.uplink,
        comment: `tenant ${tenant.name} to the internet`,
      });
    }
  }
  return [...rules, dropAll];
}

/**
 * What may reach a router itself: replies, the stack's own input rules, the management network,
 * the SNMP poller on SNMP's port, the operators on the API, the fabric's protocols (OSPF, VRRP, VXLAN, and ZeroTier's peers on a
 * router that joins), ICMP, and nothing else.
 */
export function inputChain(config: StackConfig, router: RouterConfig): PlannedRule[] {
  const port = apiPort(config, router);
  const snmp = planRouterSnmp(config, router.name);
  return [
    ...established,
    ...config.firewall.input.map(
      (rule): PlannedRule => ({
        action: rule.action,
        srcAddress: prefixOf(config, rule.src),
        ...(rule.protocol ? { protocol: rule.protocol } : {}),
        ...(rule.dstPort ? { dstPort: rule.dstPort } : {}),
        comment: rule.comment ?? `${rule.action} from ${rule.src}`,
      }),
    ),
    ...(snmp
      ? [
          {
            action: "accept",
            protocol: "udp",
            srcAddress: `${snmp.poller}/32`,
            dstPort: String(SNMP_PORT),
            comment: "SNMP poller",
          },
        ]
      : []),
    { action: "accept", srcAddress: config.management.cidr, comment: "management network" },
    ...config.management.operators.map(
      (operators): PlannedRule => ({
        action: "accept",
        srcAddress: operators,
        protocol: "tcp",
        dstPort: `22,${port}`,
        comment: `operators ${operators}`,
      }),
    ),
    { action: "accept", protocol: "ospf", comment: "OSPF" },
    { action: "accept", protocol: "vrrp", comment: "VRRP" },
    { action: "accept", protocol: "udp", dstPort: String(VXLAN_PORT), comment: "VXLAN" },
    ...(config.zerotier?.routers.some((r) => r.router === router.name)
      ? [{ action: "accept", protocol: "udp", dstPort: String(ZEROTIER_PORT), comment: "ZeroTier" }]
      : []),
    { action: "accept", protocol: "icmp", comment: "ICMP" },
    dropAll,
  ];
}

/** A src-NAT rule, and the key its resource is named by: a rule added before it renames nothing. */
export interface NatPlan {
  key: string;
  rule: PlannedRule;
}

/** A NAT rule's key: its comment, or else the source it translates, in letters a resource name keeps. */
export function natKey(rule: StackConfig["nat"][number]): string {
  return (rule.comment ?? rule.src).toLowerCase().replace(/[^a-z0-9.]+/g, "-");
}

/**
 * src-NAT out of the uplink, on routers that have one; and the operators into the management
 * network, on the routers that carry them there: the devices there answer the router's address on
 * their own network, so replies come back through the router that saw the request, not through
 * whichever router their routes to the operators' network point at, whose state knows nothing of it.
 */
export function srcNat(config: StackConfig, router: RouterConfig): NatPlan[] {
  const { uplink } = router;
  const entry = managementEntries(config).find((e) => e.router.name === router.name);
  const toManagement = (entry ? operatorsOnZeroTier(config) : []).map((operators) => {
    const comment = `operators ${operators} to management`;
    return {
      key: natKey({ src: operators, comment }),
      rule: {
        action: "masquerade",
        srcAddress: operators,
        dstAddress: config.management.cidr,
        outInterface: entry?.port,
        comment,
      },
    };
  });
  const outOfUplink = uplink
    ? config.nat.map((rule) => ({
        key: natKey(rule),
        rule: {
          action: "masquerade",
          srcAddress: rule.src,
          outInterface: uplink,
          ...(rule.comment ? { comment: rule.comment } : {}),
        },
      }))
    : [];
  return [...outOfUplink, ...toManagement];
}

/** A new connection, as the lockout check sends it through a planned chain. */
export interface Probe {
  srcAddress: string;
  protocol: string;
  dstPort: string;
}

/** The first rule a new connection matches, or undefined when it falls through every rule. */
export function firstMatch(rules: PlannedRule[], probe: Probe): PlannedRule | undefined {
  return rules.find((rule) => {
    if (rule.connectionState && !rule.connectionState.includes("new")) return false;
    if (rule.srcAddress && !contains(rule.srcAddress, probe.srcAddress)) return false;
    if (rule.protocol && rule.protocol !== probe.protocol) return false;
    if (rule.dstPort && !portsInclude(rule.dstPort, Number(probe.dstPort))) return false;
    return !rule.dstAddress && !rule.outInterface;
  });
}

function portsInclude(ports: string, port: number): boolean {
  return ports.split(",").some((range) => {
    const [low, high] = range.split("-").map(Number);
    return port >= low && port <= (high ?? low);
  });
}
