import { addressOf, contains, isHostOf, lengthOf, networkOf, overlaps } from "../config/addressing";
import type { StackConfig } from "../config/schema";
import { gatewayRouterAddresses } from "./addressing-plan";
import { VXLAN_OVERHEAD, ZEROTIER_INTERFACE } from "./fabric";
import { apiPort, firstMatch, inputChain, namedNetworks, natKey, type PlannedRule } from "./firewall-plan";
import { monitoringProblems } from "./monitoring-plan";
import { vmidFor } from "./proxmox-plan";
import { zerotierProblems } from "./zerotier-plan";

const key = (path: string) => `budgetcloud:${path}`;

/**
 * Mistakes a stack can make that no single key shows: each is caught before any device is
 * contacted, and named by every config key involved.
 */
export function crossCheck(config: StackConfig): string[] {
  // The other checks follow names to what they name: they wait until every name resolves.
  const unknown = unknownNames(config);
  if (unknown.length > 0) return unknown;
  return [
    ...overlappingPrefixes(config),
    ...duplicateIdentifiers(config),
    ...addressesOutOfPlace(config),
    ...linkEnds(config),
    ...vxlanMtus(config),
    ...managementLockout(config),
    ...oneWayAllowsAcrossMasters(config),
    ...zerotierProblems(config),
    ...monitoringProblems(config),
  ];
}

function unknownNames(config: StackConfig): string[] {
  const problems: string[] = [];
  const routers = new Set(config.routers.map((r) => r.name));
  const hypervisors = new Set(config.hypervisors.map((h) => h.name));
  const tenants = new Set(config.tenants.map((t) => t.name));
  // What a firewall rule or an allow list may name: a tenant, or the operators' ZeroTier network.
  const networks = new Set(namedNetworks(config).keys());
  const unknownNetwork = (where: string, name: string) => {
    if (!name.includes("/") && !networks.has(name))
      problems.push(`${key(where)}: unknown ${config.zerotier ? "tenant or ZeroTier network" : "tenant"} ${name}`);
  };
  const devices = new Map<string, Set<string>>([
    ...config.routers.map((r): [string, Set<string>] => [r.name, new Set(r.interfaces.map((i) => i.name))]),
    ...config.hypervisors.map((h): [string, Set<string>] => [h.name, new Set(h.interfaces.map((i) => i.name))]),
  ]);
  config.tenants.forEach((tenant, t) => {
    tenant.routers.forEach((g, i) => {
      if (!routers.has(g.router))
        problems.push(`${key(`tenants[${t}].routers[${i}].router`)}: unknown router ${g.router}`);
    });
    for (const [i, name] of tenant.allow.entries()) unknownNetwork(`tenants[${t}].allow[${i}]`, name);
  });
  const clash = config.tenants.findIndex((t) => t.name === config.zerotier?.network.name);
  if (clash >= 0)
    problems.push(
      `${key("zerotier.network.name")}: ${config.zerotier?.network.name} is already the name of ${key(`tenants[${clash}]`)}`,
    );
  for (const [i, name] of (config.zerotier?.network.allow ?? []).entries())
    unknownNetwork(`zerotier.network.allow[${i}]`, name);
  config.zerotier?.routers.forEach((r, i) => {
    if (!routers.has(r.router)) problems.push(`${key(`zerotier.routers[${i}].router`)}: unknown router ${r.router}`);
  });
  // An OSPF interface is one of the router's own, or the ZeroTier interface of a router that joins.
  config.routers.forEach((router, r) => {
    const own = devices.get(router.name) ?? new Set();
    const joins = config.zerotier?.routers.some((z) => z.router === router.name);
    router.ospf.interfaces.forEach((ospf, o) => {
      if (own.has(ospf.interface) || (joins && ospf.interface === ZEROTIER_INTERFACE)) return;
      const hint =
        ospf.interface === ZEROTIER_INTERFACE ? `; list ${router.name} in ${key("zerotier.routers")} to join it` : "";
      problems.push(
        `${key(`routers[${r}].ospf.interfaces[${o}].interface`)}: ${router.name} has no interface ${ospf.interface}${hint}`,
      );
    });
  });
  config.vms.forEach((vm, v) => {
    if (!hypervisors.has(vm.node)) problems.push(`${key(`vms[${v}].node`)}: unknown hypervisor ${vm.node}`);
    if (!tenants.has(vm.tenant)) problems.push(`${key(`vms[${v}].tenant`)}: unknown tenant ${vm.tenant}`);
    if (!config.templates.some((t) => t.name === vm.template)) {
      problems.push(`${key(`vms[${v}].template`)}: unknown template ${vm.template}; declare it in ${key("templates")}`);
    }
  });
  config.links.forEach((link, l) => {
    for (const end of ["a", "b"] as const) {
      const [device, port] = link[end].split(":");
      const ports = devices.get(device);
      if (!ports) problems.push(`${key(`links[${l}].${end}`)}: unknown router or hypervisor ${device}`);
      else if (!ports.has(port)) problems.push(`${key(`links[${l}].${end}`)}: ${device} has no interface ${port}`);
    }
  });
  config.firewall.forward.forEach((rule, r) => {
    for (const side of ["src", "dst"] as const) unknownNetwork(`firewall.forward[${r}].${side}`, rule[side]);
  });
  for (const [r, rule] of config.firewall.input.entries()) unknownNetwork(`firewall.input[${r}].src`, rule.src);
  config.templates.forEach((template, t) => {
    if (!hypervisors.has(template.node)) {
      problems.push(`${key(`templates[${t}].node`)}: unknown hypervisor ${template.node}`);
    }
  });
  config.storage.rbd.forEach((rbd, r) => {
    rbd.nodes?.forEach((node, n) => {
      if (!hypervisors.has(node)) problems.push(`${key(`storage.rbd[${r}].nodes[${n}]`)}: unknown hypervisor ${node}`);
    });
  });
  return problems;
}

/** Every prefix the fabric routes, with the key that declares it. */
function declaredPrefixes(config: StackConfig): [string, string][] {
  return [
    [key("management.cidr"), config.management.cidr],
    ...(config.zerotier ? [[key("zerotier.network.cidr"), config.zerotier.network.cidr] as [string, string]] : []),
    ...config.tenants.map((t, i): [string, string] => [key(`tenants[${i}].cidr`), t.cidr]),
    // Interface addresses in the management network are hosts of it, not prefixes of their own.
    ...config.routers.flatMap((r, ri) =>
      r.interfaces.flatMap((iface, ii): [string, string][] =>
        iface.address && !contains(config.management.cidr, addressOf(iface.address))
          ? [[key(`routers[${ri}].interfaces[${ii}].address`), networkOf(iface.address)]]
          : [],
      ),
    ),
  ];
}

function overlappingPrefixes(config: StackConfig): string[] {
  const problems: string[] = [];
  const prefixes = declaredPrefixes(config);
  const reported = new Set<string>();
  prefixes.forEach(([keyA, a], i) => {
    prefixes.slice(i + 1).forEach(([keyB, b]) => {
      // Both ends of a link declare the same /30: that is agreement, not overlap.
      if (a === b && keyA.includes(".interfaces[") && keyB.includes(".interfaces[")) return;
      if (!overlaps(a, b) || reported.has(`${keyA}|${keyB}`)) return;
      reported.add(`${keyA}|${keyB}`);
      problems.push(`${keyB}: ${b} overlaps ${keyA} (${a})`);
    });
  });
  return problems;
}

function duplicateIdentifiers(config: StackConfig): string[] {
  const problems: string[] = [];
  const seen = <T>(what: string, items: [string, T][]) => {
    const first = new Map<T, string>();
    for (const [where, value] of items) {
      const earlier = first.get(value);
      if (earlier) problems.push(`${where}: ${what} ${value} is already used by ${earlier}`);
      else first.set(value, where);
    }
  };
  seen(
    "VNI",
    config.tenants.map((t, i) => [key(`tenants[${i}].vni`), t.vni]),
  );
  seen("vmid", [
    ...config.templates.map((t, i): [string, number] => [key(`templates[${i}].vmid`), t.vmid]),
    ...config.vms.map((vm, i): [string, number] => [key(`vms[${i}].vmid`), vm.vmid ?? vmidFor(vm.name)]),
  ]);
  // A NAT rule's resource is named by its key, so two rules with one key would be one resource.
  seen(
    "NAT rule name (its comment, or its src when it has none)",
    config.nat.map((rule, i) => [key(`nat[${i}]`), natKey(rule)]),
  );
  seen(
    "bridge",
    config.tenants.map((t, i) => [key(`tenants[${i}].bridge`), t.bridge]),
  );
  seen("OSPF router-id", [
    ...config.routers.map((r, i): [string, string] => [key(`routers[${i}].ospf.routerId`), r.ospf.routerId]),
    ...config.hypervisors.map((h, i): [string, string] => [key(`hypervisors[${i}].loopback`), addressOf(h.loopback)]),
  ]);
  // A VRID identifies a gateway on its segment: on each router, one segment per tenant bridge.
  for (const router of config.routers) {
    seen(
      `VRID on ${router.name}'s segment, VRID`,
      config.tenants.flatMap((t, i): [string, string][] =>
        t.routers.some((g) => g.router === router.name) ? [[key(`tenants[${i}].vrid`), `${t.bridge}/${t.vrid}`]] : [],
      ),
    );
  }
  return problems;
}

function addressesOutOfPlace(config: StackConfig): string[] {
  const problems: string[] = [];
  config.tenants.forEach((tenant, t) => {
    if (!isHostOf(tenant.cidr, tenant.gateway)) {
      problems.push(`${key(`tenants[${t}].gateway`)}: ${tenant.gateway} is not a host address of ${tenant.cidr}`);
    }
  });
  const taken = new Map<string, string>();
  config.tenants.forEach((tenant, t) => {
    taken.set(tenant.gateway, `${key(`tenants[${t}].gateway`)} (the VRRP address)`);
    for (const [i, address] of gatewayRouterAddresses(tenant).entries()) {
      const router = tenant.routers[i].router;
      taken.set(address, `${key(`tenants[${t}].routers[${i}]`)} (${router}'s address on ${tenant.bridge})`);
    }
  });
  config.vms.forEach((vm, v) => {
    const tenant = config.tenants.find((t) => t.name === vm.tenant);
    if (!tenant) return;
    const where = key(`vms[${v}].ip`);
    if (!isHostOf(tenant.cidr, vm.ip)) {
      problems.push(`${where}: ${vm.ip} is outside tenant ${tenant.name}'s ${tenant.cidr}`);
      return;
    }
    const holder = taken.get(vm.ip);
    if (holder) problems.push(`${where}: ${vm.ip} is already ${holder}`);
    else taken.set(vm.ip, where);
  });
  return problems;
}

/** The interface a link's `device:interface` end names, on a router or a hypervisor; undefined when none. */
export function linkEndInterface(config: StackConfig, end: string) {
  const [device, port] = end.split(":");
  const interfaces = [
    ...(config.routers.find((r) => r.name === device)?.interfaces ?? []),
    ...(config.hypervisors.find((h) => h.name === device)?.interfaces ?? []),
  ];
  return interfaces.find((i) => i.name === port);
}

function linkEnds(config: StackConfig): string[] {
  const problems: string[] = [];
  const interfaceOf = (end: string) => linkEndInterface(config, end);
  config.links.forEach((link, l) => {
    // An end that names nothing is an unknown name, reported as such.
    if (!interfaceOf(link.a) || !interfaceOf(link.b)) return;
    const [a, b] = [interfaceOf(link.a)?.address, interfaceOf(link.b)?.address];
    if (!a || !b) {
      if (a || b) problems.push(`${key(`links[${l}]`)}: ${a ? link.b : link.a} has no address on the link`);
      return;
    }
    if (networkOf(a) !== networkOf(b)) {
      problems.push(
        `${key(`links[${l}]`)}: ${link.a} has ${a} but ${link.b} has ${b}: the two ends must share one /30`,
      );
    } else if (lengthOf(a) !== 30 || lengthOf(b) !== 30) {
      problems.push(`${key(`links[${l}]`)}: ${link.a} has ${a} and ${link.b} has ${b}: point-to-point links are /30`);
    } else if (
      addressOf(a) === addressOf(b) ||
      !isHostOf(networkOf(a), addressOf(a)) ||
      !isHostOf(networkOf(b), addressOf(b))
    ) {
      problems.push(`${key(`links[${l}]`)}: ${a} and ${b} must be the two different host addresses of ${networkOf(a)}`);
    }
  });
  return problems;
}

function vxlanMtus(config: StackConfig): string[] {
  const problems: string[] = [];
  const underlay = (device: string) => {
    const ring = config.routers.find((r) => r.name === device)?.interfaces.filter((i) => i.mtu && !i.loopback) ?? [];
    return ring.length > 0 ? Math.min(...ring.map((i) => i.mtu as number)) : 1500;
  };
  config.tenants.forEach((tenant, t) => {
    for (const g of tenant.routers.filter((g) => config.routers.some((r) => r.name === g.router))) {
      const limit = underlay(g.router) - VXLAN_OVERHEAD;
      if (tenant.mtu > limit) {
        problems.push(
          `${key(`tenants[${t}].mtu`)}: ${tenant.mtu} does not fit ${g.router}'s underlay: the most a VXLAN carries over MTU ${limit + VXLAN_OVERHEAD} is ${limit}`,
        );
      }
    }
  });
  return problems;
}

function managementLockout(config: StackConfig): string[] {
  const problems: string[] = [];
  config.routers.forEach((router, r) => {
    const rules: PlannedRule[] = inputChain(config, router);
    const port = apiPort(config, router);
    config.management.operators.forEach((operators, o) => {
      const rule = firstMatch(rules, { srcAddress: addressOf(operators), protocol: "tcp", dstPort: port });
      if (rule?.action !== "accept") {
        problems.push(
          `${key("firewall.input")}: on ${router.name} (${key(`routers[${r}]`)}), ${rule ? `the rule "${rule.comment ?? rule.action}"` : "the final drop"} would cut ${key(`management.operators[${o}]`)} (${operators}) off the API on port ${port}; refusing to lock Pulumi out`,
        );
      }
    });
  });
  return problems;
}

/**
 * A tenant allowed to reach another that does not allow it back gets its replies through state:
 * when the two tenants' VRRP masters differ, a reply comes back through the first one's master,
 * which never saw the request, and its forward chain drops it as invalid.
 */
function oneWayAllowsAcrossMasters(config: StackConfig): string[] {
  const master = (routers: { router: string; priority: number }[]) =>
    routers.reduce((best, g) => (g.priority > best.priority ? g : best)).router;
  const allows = (from: (typeof config.tenants)[number], to: (typeof config.tenants)[number]) =>
    from.allow.some((x) => x === to.name || (x.includes("/") && overlaps(x, to.cidr)));
  const problems: string[] = [];
  config.tenants.forEach((tenant, t) => {
    tenant.allow.forEach((name, n) => {
      const other = config.tenants.find((o) => o.name === name);
      if (!other || allows(other, tenant)) return;
      const [mine, theirs] = [master(tenant.routers), master(other.routers)];
      if (mine === theirs) return;
      problems.push(
        `${key(`tenants[${t}].allow[${n}]`)}: ${tenant.name} may reach ${other.name}, which does not allow it back, and their VRRP masters differ (${mine} for ${tenant.name}, ${theirs} for ${other.name}): ${other.name}'s replies come back through ${mine}, which never saw the request and drops them; allow ${tenant.name} on ${other.name}, or give both the same master`,
      );
    });
  });
  return problems;
}
