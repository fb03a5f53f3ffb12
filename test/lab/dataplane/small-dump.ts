import type { DeviceDump, RouterDump } from "../../../lab/dataplane/device-dump";
import { builtInLoopbackRow } from "../routeros/helpers";

/**
 * A small fabric as the devices print it: two gateway routers (R1 with the uplink) on one /30, a
 * hypervisor cabled to R1, one tenant (VNI 110) with a VM. Rows carry what the RouterOS emulator prints.
 */
export function router(name: "R1" | "R2"): RouterDump {
  const n = name === "R1" ? 1 : 2;
  return {
    name,
    menus: {
      // /interface lists every interface; the data plane reads RouterOS 7's built-in loopback alone from it.
      "/interface": [builtInLoopbackRow("*1")],
      "/interface/ethernet": [
        {
          ".id": "*1",
          name: "ether1",
          "default-name": "ether1",
          mtu: "1500",
          "mac-address": `48:8B:7C:00:0${n}:01`,
          running: "true",
          disabled: "false",
        },
        {
          ".id": "*2",
          name: "sfp28-1",
          "default-name": "sfp28-1",
          mtu: "9050",
          "mac-address": `48:8B:7C:00:0${n}:02`,
          disabled: "false",
        },
        {
          ".id": "*3",
          name: "sfp28-2",
          "default-name": "sfp28-2",
          mtu: "9050",
          "mac-address": `48:8B:7C:00:0${n}:03`,
          disabled: "false",
        },
        {
          ".id": "*4",
          name: "sfp28-3",
          "default-name": "sfp28-3",
          mtu: "1500",
          "mac-address": `48:8B:7C:00:0${n}:04`,
          disabled: "false",
        },
      ],
      "/interface/bridge": [
        { ".id": "*11", name: "vbr110", mtu: "auto", arp: "enabled", disabled: "false", comment: "tenant app" },
      ],
      "/interface/bridge/port": [
        { ".id": "*1", bridge: "vbr110", interface: "vxlan110", pvid: "1", disabled: "false" },
      ],
      "/interface/vxlan": [
        {
          ".id": "*12",
          name: "vxlan110",
          mtu: "1500",
          vni: "110",
          port: "4789",
          "local-address": `10.0.254.${n}`,
          learning: "true",
          "dont-fragment": "auto",
          "vtep-vrf": "main",
          disabled: "false",
        },
      ],
      "/interface/vxlan/vteps": [
        { ".id": "*1", interface: "vxlan110", "remote-ip": `10.0.254.${3 - n}`, disabled: "false" },
        { ".id": "*2", interface: "vxlan110", "remote-ip": "10.0.254.11", disabled: "false" },
      ],
      "/interface/vrrp": [
        {
          ".id": "*13",
          name: "vrrp110",
          interface: "vbr110",
          vrid: "110",
          priority: name === "R1" ? "200" : "100",
          interval: "1s",
          "preemption-mode": "true",
          authentication: "none",
          password: "",
          version: "3",
          "v3-protocol": "ipv4",
          disabled: "false",
        },
      ],
      "/snmp/community": [
        {
          ".id": "*1",
          name: "librenms",
          addresses: "10.0.255.10/32",
          security: "private",
          "read-access": "true",
          "write-access": "false",
          disabled: "false",
        },
      ],
      "/ip/address": [
        { ".id": "*1", address: `10.0.254.${n}/32`, interface: "lo", network: `10.0.254.${n}`, disabled: "false" },
        { ".id": "*2", address: `10.0.0.${n}/30`, interface: "sfp28-1", network: "10.0.0.0", disabled: "false" },
        { ".id": "*3", address: `10.0.255.${n}/24`, interface: "ether1", network: "10.0.255.0", disabled: "false" },
        { ".id": "*4", address: `10.1.10.${n + 1}/24`, interface: "vbr110", disabled: "false" },
        { ".id": "*5", address: "10.1.10.1/32", interface: "vrrp110", disabled: "false" },
        ...(name === "R1"
          ? [
              { ".id": "*6", address: "10.0.1.1/30", interface: "sfp28-2", disabled: "false" },
              { ".id": "*7", address: "198.51.100.2/29", interface: "sfp28-3", disabled: "false" },
            ]
          : []),
      ],
      "/routing/ospf/instance": [
        { ".id": "*1", name: "default", version: "2", vrf: "main", "router-id": `10.0.254.${n}`, disabled: "false" },
      ],
      "/routing/ospf/area": [
        {
          ".id": "*1",
          name: "backbone",
          instance: "default",
          "area-id": "0.0.0.0",
          type: "default",
          disabled: "false",
        },
      ],
      "/routing/ospf/interface-template": [
        {
          ".id": "*1",
          area: "backbone",
          interfaces: "sfp28-1",
          type: "ptp",
          cost: "1",
          priority: "128",
          // Not passive: a RouterOS 7 flag that is not set is not printed.
          auth: "md5",
          "auth-key": "secret-key",
          disabled: "false",
        },
        {
          ".id": "*2",
          area: "backbone",
          interfaces: "lo",
          type: "broadcast",
          cost: "1",
          priority: "128",
          passive: "true",
          disabled: "false",
        },
        ...(name === "R1"
          ? [
              {
                ".id": "*3",
                area: "backbone",
                interfaces: "sfp28-2",
                type: "broadcast",
                cost: "10",
                priority: "128",
                passive: "false",
                disabled: "false",
              },
            ]
          : []),
      ],
      // A disabled entry is no member of its list, as on the router.
      "/ip/firewall/address-list": [
        { ".id": "*1", list: "underlay", address: "10.0.254.1", dynamic: "false", disabled: "false" },
        { ".id": "*2", list: "underlay", address: "10.0.254.11", dynamic: "false", disabled: "false" },
        { ".id": "*3", list: "underlay", address: "10.0.254.99", dynamic: "false", disabled: "true" },
      ],
      "/ip/firewall/filter": [
        {
          ".id": "*1",
          chain: "input",
          action: "accept",
          "connection-state": "established,related",
          comment: "established, related",
          log: "false",
          disabled: "false",
        },
        {
          ".id": "*2",
          chain: "input",
          action: "accept",
          "src-address": "10.0.255.0/24",
          comment: "management network",
          disabled: "false",
        },
        {
          ".id": "*3",
          chain: "input",
          action: "accept",
          protocol: "tcp",
          "src-address": "127.0.0.0/8",
          "dst-port": "22,8728",
          comment: "operators",
          disabled: "false",
        },
        { ".id": "*4", chain: "input", action: "accept", protocol: "ospf", disabled: "true", comment: "switched off" },
        { ".id": "*5", chain: "input", action: "drop", comment: "drop all", disabled: "false" },
        {
          ".id": "*8",
          chain: "forward",
          action: "accept",
          "src-address-list": "underlay",
          "dst-address-list": "underlay",
          comment: "underlay, loopback to loopback",
          disabled: "false",
        },
        {
          ".id": "*6",
          chain: "forward",
          action: "accept",
          "src-address": "10.1.10.0/24",
          "out-interface": "sfp28-3",
          comment: "tenant app to the internet",
          disabled: "false",
        },
        { ".id": "*7", chain: "forward", action: "drop", comment: "drop all", disabled: "false" },
      ],
      "/ip/firewall/nat": [
        {
          ".id": "*1",
          chain: "srcnat",
          action: "masquerade",
          "src-address": "10.1.10.0/24",
          "out-interface": "sfp28-3",
          comment: "tenants",
          disabled: "false",
        },
      ],
    },
  };
}

export function smallDump(): DeviceDump {
  return {
    routers: [router("R1"), router("R2")],
    zerotier: [],
    cluster: {
      fabrics: [{ id: "underlay", protocol: "ospf", area: "0", ip_prefix: "10.0.254.8/29" }],
      fabricNodes: [
        {
          fabric_id: "underlay",
          node_id: "PVE-1",
          protocol: "ospf",
          ip: "10.0.254.11",
          interfaces: ["name=ens1f0,ip=10.0.1.2/30"],
        },
      ],
      zones: [
        { zone: "tenants", type: "vxlan", peers: "10.0.254.1,10.0.254.2,10.0.254.11", mtu: 1500, "vxlan-port": 4789 },
      ],
      vnets: [{ vnet: "vbr110", zone: "tenants", tag: 110, alias: "app", type: "vnet" }],
      vms: [
        {
          vmid: 12345,
          name: "web-1",
          node: "PVE-1",
          status: "running",
          config: {
            name: "web-1",
            net0: "virtio=BC:24:11:00:00:01,bridge=vbr110",
            ipconfig0: "ip=10.1.10.50/24,gw=10.1.10.1",
          },
        },
      ],
      networks: {
        "PVE-1": [
          { iface: "vmbr0", type: "bridge", cidr: "10.0.255.11/24", address: "10.0.255.11", bridge_ports: "eno1" },
          { iface: "eno1", type: "eth" },
          { iface: "ens1f0", type: "eth", mtu: "9050" },
        ],
      },
    },
  };
}

export const smallLinks = [
  { a: "R1:sfp28-1", b: "R2:sfp28-1" },
  { a: "R1:sfp28-2", b: "PVE-1:ens1f0" },
];
