import { type CommandFailure, failures } from "./errors";
import { macAddress, type RouterModel } from "./models";
import type { ConfigTree, Item } from "./tree";
import { formatTime, parseIpv4Interface } from "./value-syntax";

/**
 * What the command tree cannot say about a menu: how its items print (field order, defaults,
 * flags), what they refer to, what must be unique, what a factory-fresh router already has. One
 * declaration per menu; a menu without one gets the generic behaviour (print what was set).
 */

/** What a menu's computed fields may look at. */
export interface RouterView {
  readonly tree: ConfigTree;
  readonly model: RouterModel;
  readonly version: string;
  uptimeSeconds(): number;
}

export interface Reference {
  /** The menu whose item names this field holds (INTERFACE_MENU: any interface). */
  target: string;
  /** A comma-separated list of names (each must exist). */
  list?: boolean;
  /** A `!` before the name matches everything but it (firewall matchers). */
  negatable?: boolean;
  /** Names RouterOS always has, listed or not (the main VRF). */
  builtIn?: readonly string[];
  missing: (argument: string) => CommandFailure;
}

export interface Uniqueness {
  fields: readonly string[];
  /** Compare against every interface rather than this menu's items only. */
  acrossInterfaces?: boolean;
  failure: () => CommandFailure;
}

export interface MenuBehaviour {
  /** Print order. "*" stands for the fields that were set and are not named in the list. */
  print?: readonly string[];
  /** Printed after the fields: read-only state such as running or invalid. */
  flags?: readonly string[];
  /** Values printed for fields nobody set; flags take theirs from here unless computed. */
  defaults?: Readonly<Record<string, string>>;
  /** Fields an add must give. */
  required?: readonly string[];
  references?: Readonly<Record<string, Reference>>;
  unique?: readonly Uniqueness[];
  /** Items of this menu are interfaces: listed in /interface with this type, sharing its ids and names. */
  interfaceType?: string;
  /** An added interface with no name gets the first free `<autoName>N`. */
  autoName?: string;
  /** Fields whose value may stand for an item's id in `numbers` and `.id` (RouterOS: "addressing by name"). */
  namedBy?: readonly string[];
  /** Fields worked out from the item and the rest of the router, shown on print and never stored. */
  computed?: (item: Item, router: RouterView) => Record<string, string>;
  /** Items a factory-fresh router has. */
  factory?: (router: RouterView) => Record<string, string>[];
  /** The menu is a view of every interface (/interface): it lists and sets the items of the interface menus. */
  interfaceView?: boolean;
}

/** /interface lists every interface, so a reference to it means "any interface". */
export const INTERFACE_MENU = "interface";

/** The routing table every router has, which RouterOS 7 shows as the VRF `main`. */
const vrf: Reference = { target: "ip/vrf", builtIn: ["main"], missing: failures.noMatchingValue };

/** A firewall rule's interface: any interface, a `!` before it for every other one. */
const matchedInterface: Reference = {
  target: INTERFACE_MENU,
  negatable: true,
  missing: () => failures.noMatchingValue("interface"),
};

/** The lab's links are always up, so an interface runs exactly when it is enabled. */
const running = (item: Item) => ({ running: item.fields.disabled === "true" ? "false" : "true" });

/** A locally administered MAC address for interfaces that have no hardware one (bridges, tunnels). */
const virtualMac = (item: Item) => macAddress("02:00:00:00:00:00", Number.parseInt(item.id.slice(1), 16));

/** What ethernet ports and VXLAN interfaces alike print for ARP and loop protection. */
const layer2Defaults = {
  arp: "enabled",
  "arp-timeout": "auto",
  "loop-protect": "default",
  "loop-protect-status": "off",
  "loop-protect-send-interval": "5s",
  "loop-protect-disable-time": "5m",
};

export const MENUS: Readonly<Record<string, MenuBehaviour>> = {
  [INTERFACE_MENU]: {
    interfaceView: true,
    print: ["name", "default-name", "type", "mtu", "actual-mtu", "l2mtu", "max-l2mtu", "mac-address", "link-downs"],
    flags: ["running", "slave", "disabled"],
    namedBy: ["name"],
  },

  "interface/ethernet": {
    interfaceType: "ether",
    namedBy: ["name", "default-name"],
    print: [
      "name",
      "default-name",
      "mtu",
      "l2mtu",
      "mac-address",
      "orig-mac-address",
      "arp",
      "arp-timeout",
      "loop-protect",
      "loop-protect-status",
      "loop-protect-send-interval",
      "loop-protect-disable-time",
      "auto-negotiation",
      "tx-flow-control",
      "rx-flow-control",
      "bandwidth",
      "*",
    ],
    flags: ["running", "slave", "disabled"],
    defaults: {
      mtu: "1500",
      ...layer2Defaults,
      "auto-negotiation": "true",
      "tx-flow-control": "off",
      "rx-flow-control": "off",
      bandwidth: "unlimited/unlimited",
      disabled: "false",
    },
    unique: [{ fields: ["name"], acrossInterfaces: true, failure: failures.alreadyHaveInterfaceWithSuchName }],
    computed: (item, router) => ({ ...running(item), ...slaveFlag(item, router) }),
    factory: (router) =>
      router.model.ports.map((port, i) => {
        const mac = macAddress(router.model.baseMac, i);
        return {
          name: port.name,
          "default-name": port.name,
          ...(port.l2mtu === undefined ? {} : { l2mtu: String(port.l2mtu) }),
          ...(port.maxL2mtu === undefined ? {} : { "max-l2mtu": String(port.maxL2mtu) }),
          "mac-address": mac,
          "orig-mac-address": mac,
        };
      }),
  },

  "interface/bridge": {
    interfaceType: "bridge",
    autoName: "bridge",
    print: [
      "name",
      "mtu",
      "actual-mtu",
      "l2mtu",
      "arp",
      "arp-timeout",
      "mac-address",
      "protocol-mode",
      "fast-forward",
      "igmp-snooping",
      "auto-mac",
      "ageing-time",
      "priority",
      "max-message-age",
      "forward-delay",
      "transmit-hold-count",
      "vlan-filtering",
      "dhcp-snooping",
      "port-cost-mode",
      "mvrp",
      "max-learned-entries",
      "*",
    ],
    flags: ["running", "disabled"],
    defaults: {
      mtu: "auto",
      arp: "enabled",
      "arp-timeout": "auto",
      "protocol-mode": "rstp",
      "fast-forward": "true",
      "igmp-snooping": "false",
      "auto-mac": "true",
      "ageing-time": "5m",
      priority: "0x8000",
      "max-message-age": "20s",
      "forward-delay": "15s",
      "transmit-hold-count": "6",
      "vlan-filtering": "false",
      "dhcp-snooping": "false",
      "port-cost-mode": "long",
      mvrp: "false",
      "max-learned-entries": "auto",
      disabled: "false",
    },
    unique: [{ fields: ["name"], acrossInterfaces: true, failure: failures.alreadyHaveInterfaceWithSuchName }],
    computed: (item) => ({
      "actual-mtu": /^\d+$/.test(item.fields.mtu ?? "") ? item.fields.mtu : "1500",
      l2mtu: "65535",
      "mac-address": virtualMac(item),
      ...running(item),
    }),
  },

  "interface/bridge/port": {
    print: [
      "interface",
      "bridge",
      "priority",
      "edge",
      "point-to-point",
      "learn",
      "horizon",
      "auto-isolate",
      "restricted-role",
      "restricted-tcn",
      "pvid",
      "frame-types",
      "ingress-filtering",
      "unknown-unicast-flood",
      "unknown-multicast-flood",
      "broadcast-flood",
      "tag-stacking",
      "bpdu-guard",
      "trusted",
      "multicast-router",
      "fast-leave",
      "hw",
      "*",
    ],
    flags: ["inactive", "dynamic", "disabled"],
    defaults: {
      priority: "0x80",
      edge: "auto",
      "point-to-point": "auto",
      learn: "auto",
      horizon: "none",
      "auto-isolate": "false",
      "restricted-role": "false",
      "restricted-tcn": "false",
      pvid: "1",
      "frame-types": "admit-all",
      "ingress-filtering": "true",
      "unknown-unicast-flood": "true",
      "unknown-multicast-flood": "true",
      "broadcast-flood": "true",
      "tag-stacking": "false",
      "bpdu-guard": "false",
      trusted: "false",
      "multicast-router": "temporary-query",
      "fast-leave": "false",
      hw: "true",
      dynamic: "false",
      disabled: "false",
    },
    required: ["interface", "bridge"],
    references: {
      interface: { target: INTERFACE_MENU, missing: failures.noMatchingInterfaceOrList },
      bridge: { target: "interface/bridge", missing: failures.noMatchingValue },
    },
    unique: [{ fields: ["interface"], failure: failures.alreadyAddedAsBridgePort }],
    computed: (item, router) => ({
      inactive:
        isActive(router, "interface/bridge", item.fields.bridge) && item.fields.disabled !== "true" ? "false" : "true",
    }),
  },

  "interface/vxlan": {
    interfaceType: "vxlan",
    autoName: "vxlan",
    print: [
      "name",
      "mtu",
      "mac-address",
      "arp",
      "arp-timeout",
      "loop-protect",
      "loop-protect-status",
      "loop-protect-send-interval",
      "loop-protect-disable-time",
      "vni",
      "port",
      "dont-fragment",
      "max-fdb-size",
      "vteps-ip-version",
      "allow-fast-path",
      "bridge-pvid",
      "hw",
      "learning",
      "checksum",
      "rem-csum",
      "ttl",
      "vtep-vrf",
      "*",
    ],
    flags: ["running", "disabled"],
    defaults: {
      mtu: "1500",
      ...layer2Defaults,
      port: "4789",
      "dont-fragment": "auto",
      "max-fdb-size": "4096",
      "vteps-ip-version": "ipv4",
      "allow-fast-path": "true",
      "bridge-pvid": "1",
      hw: "true",
      learning: "true",
      checksum: "false",
      "rem-csum": "none",
      ttl: "auto",
      "vtep-vrf": "main",
      disabled: "false",
    },
    required: ["vni"],
    references: {
      interface: { target: INTERFACE_MENU, missing: failures.noMatchingValue },
      bridge: { target: "interface/bridge", missing: failures.noMatchingValue },
      "vtep-vrf": vrf,
    },
    unique: [{ fields: ["name"], acrossInterfaces: true, failure: failures.alreadyHaveInterfaceWithSuchName }],
    computed: (item) => ({ "mac-address": virtualMac(item), ...running(item) }),
  },

  "interface/vxlan/vteps": {
    print: ["interface", "remote-ip", "*"],
    flags: ["disabled"],
    defaults: { disabled: "false" },
    required: ["interface", "remote-ip"],
    references: { interface: { target: "interface/vxlan", missing: failures.noMatchingValue } },
    unique: [{ fields: ["interface", "remote-ip"], failure: failures.alreadyHaveSuchEntry }],
  },

  "interface/vrrp": {
    interfaceType: "vrrp",
    autoName: "vrrp",
    print: [
      "name",
      "mac-address",
      "arp",
      "arp-timeout",
      "interface",
      "vrid",
      "priority",
      "interval",
      "preemption-mode",
      "authentication",
      "password",
      "on-backup",
      "on-master",
      "on-fail",
      "version",
      "v3-protocol",
      "group-authority",
      "sync-connection-tracking",
      "*",
    ],
    flags: ["invalid", "running", "disabled"],
    defaults: {
      arp: "enabled",
      "arp-timeout": "auto",
      vrid: "1",
      priority: "100",
      interval: "1s",
      "preemption-mode": "true",
      authentication: "none",
      password: "",
      "on-backup": "",
      "on-master": "",
      "on-fail": "",
      version: "3",
      "v3-protocol": "ipv4",
      "group-authority": "",
      "sync-connection-tracking": "false",
      disabled: "false",
    },
    required: ["interface"],
    references: { interface: { target: INTERFACE_MENU, missing: failures.noMatchingValue } },
    unique: [{ fields: ["name"], acrossInterfaces: true, failure: failures.alreadyHaveInterfaceWithSuchName }],
    computed: (item, router) => ({
      "mac-address": macAddress("00:00:5E:00:01:00", Number(item.fields.vrid ?? "1")),
      invalid: isActive(router, INTERFACE_MENU, item.fields.interface) ? "false" : "true",
      ...running(item),
    }),
  },

  "interface/pppoe-client": {
    interfaceType: "pppoe-out",
    autoName: "pppoe-out",
    print: [
      "name",
      "max-mtu",
      "max-mru",
      "mrru",
      "interface",
      "user",
      "password",
      "profile",
      "keepalive-timeout",
      "service-name",
      "ac-name",
      "add-default-route",
      "default-route-distance",
      "dial-on-demand",
      "use-peer-dns",
      "allow",
      "*",
    ],
    flags: ["running", "disabled"],
    defaults: {
      "max-mtu": "auto",
      "max-mru": "auto",
      mrru: "disabled",
      user: "",
      password: "",
      profile: "default",
      "keepalive-timeout": "10",
      "service-name": "",
      "ac-name": "",
      "add-default-route": "false",
      "default-route-distance": "1",
      "dial-on-demand": "false",
      "use-peer-dns": "false",
      allow: "pap,chap,mschap1,mschap2",
      disabled: "false",
    },
    required: ["interface"],
    references: { interface: { target: "interface/ethernet", missing: failures.noMatchingValue } },
    unique: [{ fields: ["name"], acrossInterfaces: true, failure: failures.alreadyHaveInterfaceWithSuchName }],
    computed: running,
  },

  "ip/address": {
    print: ["address", "network", "interface", "actual-interface", "*"],
    flags: ["invalid", "dynamic", "disabled"],
    defaults: { dynamic: "false", disabled: "false" },
    required: ["address", "interface"],
    references: { interface: { target: INTERFACE_MENU, missing: failures.noMatchingValue } },
    unique: [{ fields: ["address", "interface"], failure: failures.alreadyHaveSuchAddress }],
    computed: (item, router) => ({
      network: item.fields.network ?? parseIpv4Interface(item.fields.address ?? "")?.network ?? "",
      "actual-interface": item.fields.interface ?? "",
      invalid: isActive(router, INTERFACE_MENU, item.fields.interface) ? "false" : "true",
    }),
  },

  "routing/ospf/instance": {
    print: ["name", "version", "vrf", "router-id", "*"],
    flags: ["disabled"],
    defaults: { version: "2", vrf: "main", "router-id": "main", disabled: "false" },
    required: ["name"],
    references: { vrf },
    unique: [{ fields: ["name"], failure: failures.alreadyHaveSuchEntry }],
  },

  "routing/ospf/area": {
    print: ["name", "instance", "area-id", "type", "*"],
    flags: ["disabled"],
    defaults: { "area-id": "0.0.0.0", type: "default", disabled: "false" },
    required: ["name", "instance"],
    references: { instance: { target: "routing/ospf/instance", missing: failures.noMatchingValue } },
    unique: [{ fields: ["name"], failure: failures.alreadyHaveSuchEntry }],
  },

  "routing/ospf/interface-template": {
    print: [
      "area",
      "interfaces",
      "networks",
      "type",
      "cost",
      "priority",
      "hello-interval",
      "dead-interval",
      "retransmit-interval",
      "transmit-delay",
      "instance-id",
      "*",
    ],
    flags: ["inactive", "disabled"],
    defaults: {
      type: "broadcast",
      cost: "1",
      priority: "128",
      "hello-interval": "10s",
      "dead-interval": "40s",
      "retransmit-interval": "5s",
      "transmit-delay": "1s",
      "instance-id": "0",
      disabled: "false",
    },
    required: ["area"],
    references: {
      area: { target: "routing/ospf/area", missing: failures.noMatchingValue },
      interfaces: { target: INTERFACE_MENU, list: true, missing: failures.noMatchingInterfaceOrList },
    },
    computed: (item, router) => ({
      inactive:
        isActive(router, "routing/ospf/area", item.fields.area) && item.fields.disabled !== "true" ? "false" : "true",
    }),
  },

  "ip/firewall/filter": firewallChain(),
  "ip/firewall/nat": firewallChain(),

  "system/identity": {
    print: ["name"],
    defaults: { name: "MikroTik" },
    factory: () => [{}],
  },

  "system/resource": {
    print: [
      "uptime",
      "version",
      "build-time",
      "factory-software",
      "free-memory",
      "total-memory",
      "cpu",
      "cpu-count",
      "cpu-load",
      "free-hdd-space",
      "total-hdd-space",
      "architecture-name",
      "board-name",
      "platform",
    ],
    factory: () => [{}],
    computed: (_item, router) => ({
      uptime: formatTime(Math.floor(router.uptimeSeconds()) * 1000),
      version: `${router.version} (stable)`,
      "build-time": "2026-01-01 00:00:00",
      "factory-software": "7.1",
      "free-memory": String(Math.floor(router.model.totalMemory * 0.8)),
      "total-memory": String(router.model.totalMemory),
      cpu: router.model.cpu,
      "cpu-count": String(router.model.cpuCount),
      "cpu-load": "1",
      "free-hdd-space": String(Math.floor(router.model.totalHddSpace * 0.7)),
      "total-hdd-space": String(router.model.totalHddSpace),
      "architecture-name": router.model.architecture,
      "board-name": router.model.boardName,
      platform: "MikroTik",
    }),
  },
};

function firewallChain(): MenuBehaviour {
  return {
    print: ["chain", "action", "*", "log", "log-prefix", "bytes", "packets"],
    flags: ["invalid", "dynamic", "disabled"],
    defaults: {
      action: "accept",
      log: "false",
      "log-prefix": "",
      bytes: "0",
      packets: "0",
      invalid: "false",
      dynamic: "false",
      disabled: "false",
    },
    required: ["chain"],
    references: { "in-interface": matchedInterface, "out-interface": matchedInterface },
  };
}

/** The menus whose items are interfaces. */
export const INTERFACE_TYPE_MENUS = Object.keys(MENUS).filter((menu) => MENUS[menu].interfaceType !== undefined);

/** Every interface item, in id order, with the menu that holds it. */
export function interfaceItems(tree: ConfigTree): { menu: string; item: Item }[] {
  return INTERFACE_TYPE_MENUS.flatMap((menu) => tree.items(menu).map((item) => ({ menu, item }))).sort(
    (a, b) => Number.parseInt(a.item.id.slice(1), 16) - Number.parseInt(b.item.id.slice(1), 16),
  );
}

/**
 * RouterOS links items by id, so a renamed item keeps its dependants: rewrites the fields that
 * referred to `menu`'s item by its old name.
 */
export function renameReferences(tree: ConfigTree, menu: string, from: string, to: string): void {
  const targets = INTERFACE_TYPE_MENUS.includes(menu) ? [menu, INTERFACE_MENU] : [menu];
  for (const [referrer, behaviour] of Object.entries(MENUS)) {
    for (const [field, reference] of Object.entries(behaviour.references ?? {})) {
      if (!targets.includes(reference.target)) continue;
      for (const item of tree.items(referrer)) {
        const value = item.fields[field];
        if (value === undefined) continue;
        const negation = reference.negatable && value.startsWith("!") ? "!" : "";
        const names = value.slice(negation.length).split(",");
        if (!names.includes(from)) continue;
        const renamed = names.map((name) => (name === from ? to : name)).join(",");
        tree.update(referrer, item.id, { [field]: `${negation}${renamed}` });
      }
    }
  }
}

/** The items of `target` (or any interface) called `name`. */
export function itemsNamed(tree: ConfigTree, target: string, name: string | undefined): Item[] {
  const candidates = target === INTERFACE_MENU ? interfaceItems(tree).map((i) => i.item) : tree.items(target);
  return candidates.filter((item) => item.fields.name === name);
}

function isActive(router: RouterView, target: string, name: string | undefined): boolean {
  return itemsNamed(router.tree, target, name).some((item) => item.fields.disabled !== "true");
}

function slaveFlag(item: Item, router: RouterView): Record<string, string> {
  const port = router.tree.items("interface/bridge/port").some((p) => p.fields.interface === item.fields.name);
  // RouterOS shows `slave` only on interfaces that are one, so queries can ask for `?-slave`.
  return port ? { slave: "true" } : {};
}

/** A menu without a declaration prints what was set, and `disabled` where its items can be disabled. */
export function behaviourOf(menu: string, canDisable: boolean): MenuBehaviour {
  return MENUS[menu] ?? (canDisable ? { flags: ["disabled"], defaults: { disabled: "false" } } : {});
}
