/**
 * The fabric's fixed choices, the same on every router and hypervisor of every stack: a stack
 * config cannot change them, and a device that disagrees with one is not part of the fabric.
 */

/** OSPF on RouterOS 7: one instance and its backbone area carry the whole fabric. */
export const OSPF_INSTANCE = "default";
export const OSPF_AREA = { name: "backbone", id: "0.0.0.0" } as const;

/** The UDP port VXLAN runs on, the IANA one that Proxmox SDN uses too. */
export const VXLAN_PORT = 4789;

/** Bytes a VXLAN header adds to each frame on the underlay (outer IPv4, UDP, VXLAN, inner Ethernet). */
export const VXLAN_OVERHEAD = 50;

/** The Proxmox SDN fabric the hypervisors route their loopbacks in. */
export const UNDERLAY_FABRIC = "underlay";

/** The Proxmox SDN zone every tenant's vnet lives in. */
export const TENANT_ZONE = "tenants";

/**
 * RouterOS's ZeroTier package: the instance it comes with, the interface a router joins the
 * operators' network on (the talk's name, which its OSPF lists as passive), and the UDP port peers
 * reach it on.
 */
export const ZEROTIER_INSTANCE = "zt1";
export const ZEROTIER_INTERFACE = "zerotier1";
export const ZEROTIER_PORT = 9993;

/**
 * RouterOS 7's built-in loopback interface: a loopback of this name is that one, which no one
 * makes or removes; a loopback of another name is a bridge budgetcloud makes.
 */
export const BUILT_IN_LOOPBACK = "lo";

/**
 * The distance of the routes Central manages, on a router that joins: above OSPF's 110, so that
 * a router takes a tenant's prefix from the fabric, never over the VPN via another router.
 */
export const ZEROTIER_ROUTE_DISTANCE = 200;

/** The firewall address list of every loopback of the fabric, routers' and hypervisors': the underlay the forward chain accepts. */
export const UNDERLAY_ADDRESS_LIST = "underlay";
