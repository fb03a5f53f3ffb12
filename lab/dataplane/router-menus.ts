import type { Row } from "../../providers/routeros/client";
import type { RouterDump } from "./device-dump";
import { DeviceRow, type MenuFields, NotRealizableError } from "./device-rows";

/** What the data plane reads of each router menu: the fields it builds, and those that change nothing. */
const any = "any" as const;
const state = { running: any, comment: any, disabled: ["false"] };
const l2 = { "mac-address": any, arp: ["enabled"], "arp-timeout": ["auto"] };
const loopProtect = {
  "loop-protect": any,
  "loop-protect-status": any,
  "loop-protect-send-interval": any,
  "loop-protect-disable-time": any,
};

const routerMenus: Record<string, MenuFields> = {
  // Every interface; the data plane builds from it only RouterOS 7's built-in loopback, which no other menu shows.
  "/interface": {
    built: ["name", "type"],
    inert: {
      ...state,
      disabled: any,
      "default-name": any,
      mtu: any,
      "actual-mtu": any,
      l2mtu: any,
      "max-l2mtu": any,
      "mac-address": any,
      "link-downs": any,
      slave: any,
    },
  },
  "/interface/ethernet": {
    built: ["name", "mtu"],
    inert: {
      ...state,
      ...l2,
      ...loopProtect,
      "default-name": any,
      l2mtu: any,
      "orig-mac-address": any,
      "auto-negotiation": any,
      "tx-flow-control": any,
      "rx-flow-control": any,
      bandwidth: any,
      disabled: any,
    },
  },
  "/interface/bridge": {
    built: ["name", "mtu"],
    inert: {
      ...state,
      ...l2,
      "actual-mtu": any,
      l2mtu: any,
      "protocol-mode": any,
      "fast-forward": any,
      "igmp-snooping": ["false"],
      "auto-mac": any,
      "ageing-time": any,
      priority: any,
      "max-message-age": any,
      "forward-delay": any,
      "transmit-hold-count": any,
      "vlan-filtering": ["false"],
      "dhcp-snooping": ["false"],
      "port-cost-mode": any,
      mvrp: ["false"],
      "max-learned-entries": any,
    },
  },
  "/interface/bridge/port": {
    built: ["bridge", "interface"],
    inert: {
      ...state,
      priority: any,
      edge: any,
      "point-to-point": any,
      learn: ["auto"],
      horizon: ["none"],
      "auto-isolate": ["false"],
      "restricted-role": any,
      "restricted-tcn": any,
      pvid: ["1"],
      "frame-types": ["admit-all"],
      "ingress-filtering": any,
      "unknown-unicast-flood": ["true"],
      "unknown-multicast-flood": ["true"],
      "broadcast-flood": ["true"],
      "tag-stacking": ["false"],
      "bpdu-guard": any,
      trusted: any,
      "multicast-router": any,
      "fast-leave": any,
      hw: any,
      inactive: ["false"],
      dynamic: ["false"],
    },
  },
  "/interface/vxlan": {
    built: ["name", "mtu", "vni", "port", "local-address", "learning"],
    inert: {
      ...state,
      ...l2,
      ...loopProtect,
      "dont-fragment": ["auto"],
      "max-fdb-size": any,
      "vteps-ip-version": ["ipv4"],
      "allow-fast-path": any,
      "bridge-pvid": ["1"],
      hw: any,
      checksum: ["false"],
      "rem-csum": ["none"],
      ttl: ["auto"],
      "vtep-vrf": ["main"],
    },
  },
  "/interface/vxlan/vteps": {
    built: ["interface", "remote-ip", "disabled"],
    inert: { comment: any, port: [""] },
  },
  "/ip/address": {
    built: ["address", "interface", "disabled"],
    inert: { network: any, "actual-interface": any, invalid: ["false"], dynamic: ["false"], comment: any },
  },
  "/interface/vrrp": {
    built: [
      "name",
      "interface",
      "vrid",
      "priority",
      "interval",
      "preemption-mode",
      "version",
      "authentication",
      "password",
    ],
    inert: {
      ...state,
      ...l2,
      "on-backup": [""],
      "on-master": [""],
      "on-fail": [""],
      "v3-protocol": ["ipv4"],
      "group-authority": [""],
      "sync-connection-tracking": ["false"],
      invalid: ["false"],
    },
  },
  "/routing/ospf/instance": {
    built: ["name", "router-id"],
    inert: { ...state, version: ["2"], vrf: ["main"], redistribute: [""], "originate-default": ["never", ""] },
  },
  "/routing/ospf/area": {
    built: ["name", "instance", "area-id"],
    inert: { ...state, type: ["default"] },
  },
  "/routing/ospf/interface-template": {
    // Hello and dead intervals are read but the data plane runs its own, shorter ones.
    built: ["area", "interfaces", "type", "passive", "cost", "priority", "auth", "auth-id", "auth-key", "disabled"],
    inert: {
      comment: any,
      networks: [""],
      "hello-interval": any,
      "dead-interval": any,
      "retransmit-interval": any,
      "transmit-delay": any,
      "instance-id": ["0"],
      inactive: ["false"],
    },
  },
  "/zerotier": {
    built: ["name", "identity.public", "disabled"],
    inert: { comment: any, identity: any, interfaces: ["all"], port: any, "route-distance": any },
  },
  "/zerotier/interface": {
    built: ["name", "instance", "network", "disabled"],
    inert: {
      ...l2,
      running: any,
      comment: any,
      "allow-managed": ["true"],
      "allow-global": ["false"],
      "allow-default": ["false"],
      "disable-running-check": any,
    },
  },
};

/** A router's menu, each row read strictly. */
export function rowsOf(router: RouterDump, menu: string, fields: MenuFields = routerMenus[menu]): DeviceRow[] {
  const rows: Row[] | undefined = router.menus[menu];
  if (!rows) throw new NotRealizableError(router.name, menu, "-", "menu", "is missing from the dump");
  return rows.map((row) => new DeviceRow(router.name, menu, row, fields));
}

/** A package's menu, each row read strictly; none on a router without the package. */
export function packageRowsOf(router: RouterDump, menu: string): DeviceRow[] {
  return router.menus[menu] ? rowsOf(router, menu) : [];
}
