import { addressOf, contains, isHostOf, lengthOf, networkOf, overlaps } from "../config/addressing";
import type { StackConfig } from "../config/schema";
import { gatewayRouterAddresses } from "./addressing-plan";
import { VXLAN_OVERHEAD, ZEROTIER_INTERFACE } from "./fabric";
import { apiPort, namedNetworks, natKey } from "./firewall-plan";
import { lockoutProblems } from "./lockout";
import { monitoringProblems } from "./monitoring-plan";
import { vmidFor } from "./proxmox-plan";
import { MODEL_PORTS } from "./router-models";
import { insecureTransports } from "./transport-security";
import { routersListedTwice, zerotierProblems } from "./zerotier-plan";

const key = (path: string) => `budgetcloud:${path}`;

/** A port's MTU where the stack gives none: RouterOS's and Linux's for Ethernet. */
const DEFAULT_MTU = 1500;

/**
 * Mistakes a stack can make that no single key shows: each is caught before any device is
 * contacted, and named by every config key involved.
 */
export function crossCheck(config: StackConfig): string[] {
  // The other checks follow names to what they name: they wait until every name resolves, to one thing.
  const names = [...duplicateNames(config), ...unknownNames(config)];
  // A router listed twice among those that join stands for one left out, whose OSPF then names a
  // zerotier1 it lacks: the cause is named with what it causes.
  if (names.length > 0) return [...names, ...routersListedTwice(config)];
  return [
    ...proxmoxNeeded(config),
    ...loopbacks(config),
    ...ports(config),
    ...overlappingPrefixes(config),
    ...addressesTwice(config),
    ...duplicateIdentifiers(config),
    ...gatewayPriorities(config),
    ...addressesOutOfPlace(config),
    ...hypervisorsOnManagement(config),
    ...linkEnds(config),
    ...vxlanMtus(config),
    ...poolSizes(config),
    ...lockoutProblems(config),
    ...oneWayAllowsAcrossMasters(config),
    ...zerotierProblems(config),
    ...monitoringProblems(config),
    ...insecureTransports(config),
  ];
}

/** A value's second and later holders, each named with the first: `[where, value, what names the holder]`. */
function repeats<T>(items: [string, T, string][], say: (value: T, first: string) => string): string[] {
  const first = new Map<T, string>();
  const problems: string[] = [];
  for (const [where, value, holder] of items) {
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, holder);
    else problems.push(`${where}: ${say(value, earlier)}`);
  }
  return problems;
}

/** Things the stack names, each of which must name one thing only. */
function duplicateNames(config: StackConfig): string[] {
  const named = (list: string, items: { name: string }[]) =>
    items.map((item, i): [string, string, string] => [key(`${list}[${i}].name`), item.name, key(`${list}[${i}]`)]);
  const nodeOf = (h: StackConfig["hypervisors"][number]) => h.node ?? h.name;
  return [
    // Links and monitoring name routers, hypervisors and VMs alike.
    ...repeats(
      [...named("routers", config.routers), ...named("hypervisors", config.hypervisors), ...named("vms", config.vms)],
      (name, first) => `${name} is already the name of ${first}; give each router, hypervisor and VM a name of its own`,
    ),
    ...config.hypervisors.flatMap((h, i) => {
      const first = config.hypervisors.findIndex((other) => nodeOf(other) === nodeOf(h));
      // Two hypervisors of one name and no node are one name twice, reported as such.
      if (first === i || (h.node === undefined && config.hypervisors[first].node === undefined)) return [];
      return [
        `${key(`hypervisors[${i}].${h.node === undefined ? "name" : "node"}`)}: ${nodeOf(h)} is already the Proxmox node of ${key(`hypervisors[${first}]`)}; each hypervisor is a node of its own`,
      ];
    }),
    ...repeats(
      named("tenants", config.tenants),
      (name, first) => `${name} is already the name of ${first}; give each tenant a name of its own`,
    ),
    ...config.routers.flatMap((router, r) => [
      ...repeats(
        router.interfaces.map((iface, i): [string, string, string] => [
          key(`routers[${r}].interfaces[${i}].name`),
          iface.name,
          key(`routers[${r}].interfaces[${i}]`),
        ]),
        (name, first) => `${router.name} already has an interface ${name} (${first}); list each interface once`,
      ),
      ...repeats(
        router.ospf.interfaces.map((ospf, o): [string, string, string] => [
          key(`routers[${r}].ospf.interfaces[${o}].interface`),
          ospf.interface,
          key(`routers[${r}].ospf.interfaces[${o}]`),
        ]),
        (name, first) => `${name} is already in ${router.name}'s OSPF (${first}); list each interface once`,
      ),
    ]),
    ...config.hypervisors.flatMap((h, n) =>
      repeats(
        h.interfaces.map((iface, i): [string, string, string] => [
          key(`hypervisors[${n}].interfaces[${i}].name`),
          iface.name,
          key(`hypervisors[${n}].interfaces[${i}]`),
        ]),
        (name, first) => `${h.name} already has an interface ${name} (${first}); list each interface once`,
      ),
    ),
    ...config.tenants.flatMap((tenant, t) =>
      repeats(
        tenant.routers.map((g, i): [string, string, string] => [
          key(`tenants[${t}].routers[${i}].router`),
          g.router,
          key(`tenants[${t}].routers[${i}]`),
        ]),
        (router, first) => `${router} is already a gateway of ${tenant.name} (${first}); list each router once`,
      ),
    ),
    // A VM clones the copy of its template on its own node: a node holds one copy of each.
    ...repeats(
      config.templates.map((t, i): [string, string, string] => [
        key(`templates[${i}].node`),
        `${t.name} on ${t.node}`,
        key(`templates[${i}]`),
      ]),
      (copy, first) => `${copy} is already ${first}; a node holds one copy of each template`,
    ),
    ...repeats(
      named("storage.pools", config.storage.pools),
      (name, first) => `${name} is already the name of ${first}; give each pool a name of its own`,
    ),
    ...repeats(
      config.storage.rbd.map((rbd, i): [string, string, string] => [
        key(`storage.rbd[${i}].id`),
        rbd.id,
        key(`storage.rbd[${i}]`),
      ]),
      (id, first) => `${id} is already the id of ${first}; give each storage an id of its own`,
    ),
    ...repeats(
      named("vmUsers", config.vmUsers),
      (name, first) => `${name} is already the name of ${first}; list each user once`,
    ),
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
  // An interface inside the management network is a host of it, not a prefix of its own; a
  // loopback's /32 is one, which OSPF routes.
  const own = (iface: { address?: string; loopback?: boolean }): iface is { address: string } =>
    iface.address !== undefined &&
    (iface.loopback === true ||
      !contains(config.management.cidr, addressOf(iface.address)) ||
      lengthOf(iface.address) < lengthOf(config.management.cidr));
  return [
    [key("management.cidr"), config.management.cidr],
    ...(config.zerotier ? [[key("zerotier.network.cidr"), config.zerotier.network.cidr] as [string, string]] : []),
    ...config.tenants.map((t, i): [string, string] => [key(`tenants[${i}].cidr`), t.cidr]),
    ...config.routers.flatMap((r, ri) =>
      r.interfaces.flatMap((iface, ii): [string, string][] =>
        own(iface) ? [[key(`routers[${ri}].interfaces[${ii}].address`), networkOf(iface.address)]] : [],
      ),
    ),
    ...config.hypervisors.flatMap((h, hi): [string, string][] => [
      [key(`hypervisors[${hi}].loopback`), networkOf(h.loopback)],
      ...h.interfaces.flatMap((iface, ii): [string, string][] =>
        own(iface) ? [[key(`hypervisors[${hi}].interfaces[${ii}].address`), networkOf(iface.address)]] : [],
      ),
    ]),
  ];
}

function overlappingPrefixes(config: StackConfig): string[] {
  const problems: string[] = [];
  const prefixes = declaredPrefixes(config);
  prefixes.forEach(([keyA, a], i) => {
    prefixes.slice(i + 1).forEach(([keyB, b]) => {
      // Interfaces that declare one prefix share its segment: the two ends of a link, or routers on one uplink.
      if (a === b && keyA.includes(".interfaces[") && keyB.includes(".interfaces[")) return;
      if (overlaps(a, b)) problems.push(`${keyB}: ${b} overlaps ${keyA} (${a})`);
    });
  });
  return problems;
}

/** Interfaces on one segment agree on its prefix, but each holds an address of its own. */
function addressesTwice(config: StackConfig): string[] {
  const held = (list: string, device: number, interfaces: { address?: string }[]) =>
    interfaces.flatMap((iface, i): [string, string, string][] => {
      const where = key(`${list}[${device}].interfaces[${i}].address`);
      return iface.address ? [[where, addressOf(iface.address), where]] : [];
    });
  return repeats(
    [
      ...config.routers.flatMap((r, i) => held("routers", i, r.interfaces)),
      ...config.hypervisors.flatMap((h, i): [string, string, string][] => [
        [key(`hypervisors[${i}].loopback`), addressOf(h.loopback), key(`hypervisors[${i}].loopback`)],
        ...held("hypervisors", i, h.interfaces),
        ...(h.managementAddress
          ? [
              [
                key(`hypervisors[${i}].managementAddress`),
                h.managementAddress,
                key(`hypervisors[${i}].managementAddress`),
              ] as [string, string, string],
            ]
          : []),
      ]),
    ],
    (address, first) => `${address} is already ${first}; give each interface an address of its own`,
  );
}

/** Budgetcloud makes the hypervisors' SDN, the Ceph storage and the VMs through the cluster's API. */
function proxmoxNeeded(config: StackConfig): string[] {
  if (config.proxmox) return [];
  const made = [
    ...(config.hypervisors.length > 0 ? [key("hypervisors")] : []),
    ...(config.storage.pools.length + config.storage.rbd.length > 0 ? [key("storage")] : []),
    ...(config.vms.length > 0 ? [key("vms")] : []),
  ];
  if (made.length === 0) return [];
  return [
    `${key("proxmox")}: required: ${made.join(", ")} are made through the Proxmox VE API it names; set its endpoint and tokenId`,
  ];
}

/** A router's loopback holds its /32: OSPF, the VXLANs and the underlay's firewall start from it. */
function loopbacks(config: StackConfig): string[] {
  return config.routers.flatMap((router, r) => {
    const [first, ...more] = router.interfaces.flatMap((iface, i) => (iface.loopback ? [i] : []));
    if (first === undefined)
      return [
        `${key(`routers[${r}].interfaces`)}: ${router.name} has no loopback; mark the interface that holds its /32 with loopback: true`,
      ];
    return [
      ...(router.interfaces[first].address
        ? []
        : [`${key(`routers[${r}].interfaces[${first}].address`)}: required: ${router.name}'s loopback holds its /32`]),
      ...more.map(
        (i) =>
          `${key(`routers[${r}].interfaces[${i}].loopback`)}: ${router.name} already has its loopback, ${key(`routers[${r}].interfaces[${first}]`)}; a router has one`,
      ),
    ];
  });
}

/**
 * Each port a router's interfaces name must be one its model has, at an MTU it takes. RouterOS's
 * L2 MTU leaves out the Ethernet header, and budgetcloud tags nothing on a port (VXLAN rides on
 * IP), so a port's MTU may reach its L2 MTU and no further. A router of a model plan/router-models.ts
 * does not list, or without a `model`, is not checked against a model's ports.
 */
function ports(config: StackConfig): string[] {
  const problems: string[] = [];
  config.routers.forEach((router, r) => {
    const known = router.model === undefined ? undefined : MODEL_PORTS[router.model];
    router.interfaces.forEach((iface, i) => {
      if (iface.loopback) return;
      const at = (field: string) => key(`routers[${r}].interfaces[${i}].${field}`);
      if (iface.mtu !== undefined && iface.l2mtu !== undefined && iface.mtu > iface.l2mtu)
        problems.push(
          `${at("mtu")}: ${iface.mtu} is above its l2mtu ${iface.l2mtu}: a port's L2 MTU must hold its packets; lower mtu or raise l2mtu`,
        );
      if (!known) return;
      const port = known.find((p) => p.name === iface.name);
      if (!port) {
        problems.push(
          `${at("name")}: a ${router.model} has no port ${iface.name}; its ports are ${known.map((p) => p.name).join(", ")}`,
        );
        return;
      }
      if (port.maxL2mtu === undefined) return;
      const [field, value] = iface.l2mtu === undefined ? ["mtu", iface.mtu] : ["l2mtu", iface.l2mtu];
      if (value !== undefined && value > port.maxL2mtu)
        problems.push(
          `${at(field)}: ${value} is above the L2 MTU ${iface.name} of a ${router.model} takes at most (${port.maxL2mtu})`,
        );
    });
  });
  return problems;
}

function duplicateIdentifiers(config: StackConfig): string[] {
  const problems: string[] = [];
  const seen = <T>(what: string, items: [string, T][]) =>
    problems.push(
      ...repeats(
        items.map(([where, value]): [string, T, string] => [where, value, where]),
        (value, first) => `${what} ${value} is already used by ${first}`,
      ),
    );
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
  // Two routers or hypervisors reached at one endpoint would be one device configured twice.
  seen(
    "API endpoint",
    config.routers.map((r, i) => [key(`routers[${i}].host`), `${r.host}:${apiPort(config, r)}`]),
  );
  seen(
    "SSH endpoint",
    config.hypervisors.map((h, i) => [key(`hypervisors[${i}].host`), `${h.host}:${h.sshPort}`]),
  );
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

/**
 * The VRRP master is the router of the highest priority; among equals VRRP picks the highest
 * address, not the first listed, and the plan's routes to a tenant follow its master.
 */
function gatewayPriorities(config: StackConfig): string[] {
  return config.tenants.flatMap((tenant, t) =>
    repeats(
      tenant.routers.map((g, i): [string, number, string] => [
        key(`tenants[${t}].routers[${i}].priority`),
        g.priority,
        `${g.router}'s (${key(`tenants[${t}].routers[${i}]`)})`,
      ]),
      (priority, first) =>
        `${priority} is already ${first}; VRRP breaks a tie by address, not by this list: give each router of ${tenant.name} a priority of its own`,
    ),
  );
}

/** Ceph keeps `size` copies of a pool and serves it while `minSize` of them are up. */
function poolSizes(config: StackConfig): string[] {
  return config.storage.pools.flatMap((pool, p) =>
    pool.minSize > pool.size
      ? [
          `${key(`storage.pools[${p}].minSize`)}: ${pool.minSize} is above the pool's size ${pool.size}; Ceph takes a min_size from 1 to the size`,
        ]
      : [],
  );
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
      if (!isHostOf(tenant.cidr, address))
        problems.push(
          `${key(`tenants[${t}].routers[${i}]`)}: ${tenant.cidr} has no host address left for ${router}'s own on ${tenant.bridge} (the VRRP address and the routers before it take them all); give ${tenant.name} a larger prefix`,
        );
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

/**
 * A node's management address is where the operators reach its API, on the management network;
 * a `host` already there is that address, and a second one would leave the other unchecked.
 */
function hypervisorsOnManagement(config: StackConfig): string[] {
  return config.hypervisors.flatMap((h, i) => {
    const where = key(`hypervisors[${i}].managementAddress`);
    if (h.managementAddress === undefined) return [];
    if (!isHostOf(config.management.cidr, h.managementAddress))
      return [`${where}: ${h.managementAddress} is not a host of the management network ${config.management.cidr}`];
    if (contains(config.management.cidr, h.host) && h.host !== h.managementAddress)
      return [
        `${where}: ${h.managementAddress} differs from ${key(`hypervisors[${i}].host`)} ${h.host}, which is ${h.name}'s address on the management network already; leave managementAddress out`,
      ];
    return [];
  });
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
  problems.push(
    ...repeats(
      config.links.flatMap((link, l) =>
        (["a", "b"] as const).map((end): [string, string, string] => [
          key(`links[${l}].${end}`),
          link[end],
          key(`links[${l}].${end}`),
        ]),
      ),
      (end, first) => `${end} is already cabled by ${first}; a port takes one cable`,
    ),
  );
  config.links.forEach((link, l) => {
    // An end that names nothing is an unknown name, reported as such.
    if (!interfaceOf(link.a) || !interfaceOf(link.b)) return;
    const [a, b] = [interfaceOf(link.a)?.address, interfaceOf(link.b)?.address];
    if (!a || !b) {
      if (a || b) problems.push(`${key(`links[${l}]`)}: ${a ? link.b : link.a} has no address on the link`);
      return;
    }
    const [mtuA, mtuB] = [interfaceOf(link.a)?.mtu ?? DEFAULT_MTU, interfaceOf(link.b)?.mtu ?? DEFAULT_MTU];
    if (mtuA !== mtuB)
      problems.push(
        `${key(`links[${l}]`)}: ${link.a} has MTU ${mtuA} but ${link.b} has ${mtuB}: OSPF forms no adjacency across a link whose ends' MTUs differ; give both ends one mtu`,
      );
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
