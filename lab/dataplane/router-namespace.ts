import type { RouterDump } from "./device-dump";
import type { DeviceRow } from "./device-rows";
import {
  emptyNamespace,
  type Namer,
  type NamespacePlan,
  type OspfInterfacePlan,
  type VrrpInstancePlan,
  type VxlanPlan,
} from "./model";
import { routerFirewall } from "./router-firewall";
import { packageRowsOf, rowsOf } from "./router-menus";

/** A router port with an address or a cable: where the topology planner plugs a veth end. */
export interface RouterPort {
  device: string;
  interface: string;
  mtu: number;
  mac: string;
  addresses: string[];
}

/** A router's interface on a ZeroTier network, which the network's controller gives its address. */
export interface ZeroTierPort {
  device: string;
  interface: string;
  network: string;
  /** The router's ZeroTier address: the member the controller knows it by. */
  nodeId: string;
  mac: string;
}

export interface PlannedRouter {
  namespace: NamespacePlan;
  ports: RouterPort[];
  zerotier: ZeroTierPort[];
}

/** RouterOS 7's built-in loopback, as Linux's own, which each namespace has already. */
const LINUX_LOOPBACK = "lo";

/**
 * One router's namespace, from what the router holds: ports, bridges, VXLAN with its VTEPs,
 * addresses, OSPF, VRRP and the firewall. Ports become veth ends once the topology cables them.
 */
export function planRouterNamespace(router: RouterDump, namespaceOf: Namer): PlannedRouter {
  const ns = emptyNamespace(router.name, "router", namespaceOf(router.name));
  const ethernet = rowsOf(router, "/interface/ethernet");
  const bridges = rowsOf(router, "/interface/bridge").filter((b) => !b.disabled);
  const bridgePorts = rowsOf(router, "/interface/bridge/port").filter((p) => !p.disabled);
  const vxlans = rowsOf(router, "/interface/vxlan").filter((v) => !v.disabled);
  const vteps = rowsOf(router, "/interface/vxlan/vteps").filter((v) => !v.disabled);
  const vrrps = rowsOf(router, "/interface/vrrp").filter((v) => !v.disabled);
  const addresses = rowsOf(router, "/ip/address").filter((a) => !a.disabled);
  const loopbacks = rowsOf(router, "/interface").filter((i) => i.text("type") === "loopback" && !i.disabled);
  for (const loopback of loopbacks) {
    if (loopback.text("name") !== LINUX_LOOPBACK)
      throw loopback.unrealizable("name", `=${loopback.text("name")}: the data plane keeps Linux's name, lo`);
  }

  const zerotier = zerotierPorts(router);

  const known = new Set([
    ...[...loopbacks, ...ethernet, ...bridges, ...vxlans, ...vrrps].map((i) => i.text("name")),
    ...zerotier.map((z) => z.interface),
  ]);
  for (const address of addresses) {
    if (!known.has(address.text("interface"))) {
      throw address.unrealizable("interface", `=${address.text("interface")} is no interface ${router.name} holds`);
    }
  }
  const addressesOn = (name: string) =>
    addresses.filter((a) => a.text("interface") === name).map((a) => a.text("address"));

  for (const address of addressesOn(LINUX_LOOPBACK)) ns.addresses.push({ interface: LINUX_LOOPBACK, address });
  const portsWithBridge = new Map(bridgePorts.map((p) => [p.text("interface"), p.text("bridge")]));
  for (const bridge of bridges) {
    const name = bridge.text("name");
    const mtu = bridge.text("mtu");
    ns.bridges.push({ name, ...(mtu === "auto" ? {} : { mtu: bridge.number("mtu") }) });
    for (const address of addressesOn(name)) ns.addresses.push({ interface: name, address });
  }

  for (const vxlan of vxlans) {
    const name = vxlan.text("name");
    const plan: VxlanPlan = {
      name,
      vni: vxlan.number("vni"),
      local: vxlan.text("local-address"),
      port: vxlan.number("port"),
      mtu: vxlan.number("mtu"),
      learning: vxlan.text("learning") === "true",
      remotes: vteps.filter((v) => v.text("interface") === name).map((v) => v.text("remote-ip")),
    };
    if (!plan.local)
      throw vxlan.unrealizable("local-address", "is empty: the data plane needs the loopback VXLAN starts from");
    const bridge = portsWithBridge.get(name);
    if (bridge) plan.bridge = bridge;
    ns.vxlans.push(plan);
    for (const address of addressesOn(name)) ns.addresses.push({ interface: name, address });
  }
  for (const port of bridgePorts) {
    const iface = port.text("interface");
    if (!vxlans.some((v) => v.text("name") === iface)) {
      throw port.unrealizable("interface", `=${iface}: the data plane bridges VXLAN interfaces only`);
    }
  }

  ns.vrrp = vrrps.map((vrrp) => vrrpInstance(vrrp, addressesOn(vrrp.text("name"))));
  ns.ospf = ospf(router);
  ns.firewall = routerFirewall(router, known);

  const ports = ethernet
    .filter((port) => !port.disabled)
    .map((port) => ({
      device: router.name,
      interface: port.text("name"),
      mtu: port.number("mtu"),
      mac: port.text("mac-address"),
      addresses: addressesOn(port.text("name")),
    }));
  return { namespace: ns, ports, zerotier };
}

/** The ZeroTier package's interfaces that are up: enabled, of an enabled instance. */
function zerotierPorts(router: RouterDump): ZeroTierPort[] {
  const instances = new Map(
    packageRowsOf(router, "/zerotier")
      .filter((i) => !i.disabled)
      .map((i) => [i.text("name"), i]),
  );
  return packageRowsOf(router, "/zerotier/interface")
    .filter((i) => !i.disabled)
    .flatMap((iface) => {
      const instance = instances.get(iface.text("instance"));
      if (!instance) return [];
      return [
        {
          device: router.name,
          interface: iface.text("name"),
          network: iface.text("network"),
          nodeId: instance.text("identity.public").split(":")[0],
          mac: iface.text("mac-address"),
        },
      ];
    });
}

function vrrpInstance(vrrp: DeviceRow, addresses: string[]): VrrpInstancePlan {
  const version = vrrp.oneOf("version", ["2", "3"]);
  const authentication = vrrp.oneOf("authentication", version === "2" ? ["none", "simple"] : ["none"]);
  if (addresses.length === 0)
    throw vrrp.unrealizable("name", "has no address: a VRRP gateway without one carries nothing");
  return {
    name: vrrp.text("name"),
    interface: vrrp.text("interface"),
    vrid: vrrp.number("vrid"),
    priority: vrrp.number("priority"),
    version: version === "2" ? 2 : 3,
    advertInterval: vrrp.seconds("interval"),
    preempt: vrrp.oneOf("preemption-mode", ["true", "false"]) === "true",
    ...(authentication === "simple" ? { password: vrrp.text("password") } : {}),
    addresses,
  };
}

function ospf(router: RouterDump): NamespacePlan["ospf"] {
  const instances = rowsOf(router, "/routing/ospf/instance").filter((i) => !i.disabled);
  if (instances.length === 0) return undefined;
  if (instances.length > 1) {
    throw instances[1].unrealizable("name", "is a second OSPF instance: the data plane runs one ospfd per router");
  }
  const [instance] = instances;
  const areas = new Map(
    rowsOf(router, "/routing/ospf/area")
      .filter((a) => !a.disabled)
      .map((area) => {
        if (area.text("instance") !== instance.text("name")) {
          throw area.unrealizable("instance", `=${area.text("instance")} is no OSPF instance ${router.name} holds`);
        }
        return [area.text("name"), area.text("area-id")] as const;
      }),
  );
  const interfaces = rowsOf(router, "/routing/ospf/interface-template")
    .filter((t) => !t.disabled)
    .flatMap((template): OspfInterfacePlan[] => {
      const area = areas.get(template.text("area"));
      if (!area) throw template.unrealizable("area", `=${template.text("area")} is no OSPF area ${router.name} holds`);
      const type = template.oneOf("type", ["ptp", "broadcast"]);
      const auth = template.oneOf("auth", ["", "md5"]);
      const names = template.text("interfaces").split(",").filter(Boolean);
      if (names.length === 0)
        throw template.unrealizable("interfaces", "is empty: the data plane matches templates by interface");
      return names.map((name) => ({
        name,
        area,
        network: type === "ptp" ? "point-to-point" : "broadcast",
        // A RouterOS 7 flag: shown while set, absent (or false, as older prints have it) when not.
        passive: template.oneOf("passive", ["true", "false", ""]) === "true",
        cost: template.number("cost"),
        priority: template.number("priority"),
        ...(auth === "md5"
          ? {
              md5: { keyId: template.text("auth-id") ? template.number("auth-id") : 1, key: template.text("auth-key") },
            }
          : {}),
      }));
    });
  return { routerId: instance.text("router-id"), interfaces };
}
