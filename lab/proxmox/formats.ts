import { isIPv4, isIPv6 } from "node:net";
import type { PropertySchema } from "./schema";

/**
 * The named `format`s the reference mentions, as the PVE packages register them: either a check
 * that answers PVE's own error text (ending in a newline, as Perl's `die` leaves it), or the
 * property-string schema PVE registers under that name. A format the lab does not know is not
 * checked; the reference only names it, and its rules live in code the lab does not have.
 */

/** Undefined when the value is fine, else the message PVE dies with. */
export type FormatCheck = (value: string) => string | undefined;

const must =
  (regex: RegExp, message: (value: string) => string): FormatCheck =>
  (value) =>
    regex.test(value) ? undefined : message(value);

/** pve-common's parse_id: storage IDs and their relatives. */
const sectionId =
  (kind: string): FormatCheck =>
  (id) => {
    if (id.length < 2) return `${kind} ID '${id}' cannot be shorter than 2 characters\n`;
    return /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(id) ? undefined : `${kind} ID '${id}' contains illegal characters\n`;
  };

/** pve-network's ID checks as of PVE 9.1 (they were dropped for patterns in 2026). */
const sdnId =
  (kind: string, pattern: RegExp, maxLength?: number): FormatCheck =>
  (id) => {
    if (!pattern.test(id)) return `${kind} ID '${id}' contains illegal characters\n`;
    if (maxLength !== undefined && id.length > maxLength) {
      return `${kind} ID '${id}' can't be more length than ${maxLength} characters\n`;
    }
    return undefined;
  };

const cidr = (isIp: (ip: string) => boolean, minBits: number, maxBits: number) => (value: string) => {
  const match = /^([^/]+)\/(\d+)$/.exec(value);
  return match !== null && isIp(match[1]) && Number(match[2]) >= minBits && Number(match[2]) <= maxBits;
};
const isCidrV4 = cidr(isIPv4, 8, 32);
const isCidrV6 = cidr(isIPv6, 8, 128);

const DNS_NAME = /^(([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)\.)*([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)$/;
const VOLUME_ID = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i;
const IPV4_NETMASKS = new Set(
  Array.from({ length: 33 }, (_, bits) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 255).join(".");
  }),
);
/** What a directory storage may hold, which is every content type there is. */
const CONTENT_TYPES = ["backup", "images", "import", "iso", "none", "rootdir", "snippets", "vztmpl"];

const volumeId: FormatCheck = (volid) => (VOLUME_ID.test(volid) ? undefined : `unable to parse volume ID '${volid}'\n`);
const volumeIdOrAbsolutePath: FormatCheck = (value) => (value.startsWith("/") ? undefined : volumeId(value));

function startupOrder(value: string): string | undefined {
  const parts = value.split(",").filter((part) => !/^\s*$/.test(part));
  const valid = value !== "" && parts.every((part) => /^((order=)?\d+|up=\d+|down=\d+)$/.test(part));
  return valid ? undefined : "unable to parse startup options\n";
}

function poolId(name: string): string | undefined {
  if (name.split("/").length > 3) return `pool name '${name}' nested too deeply (max levels = 3)\n`;
  return /^[A-Za-z0-9.\-_]+(?:\/[A-Za-z0-9.\-_]+){0,2}$/.test(name)
    ? undefined
    : `pool name '${name}' contains invalid characters\n`;
}

export const CODE_FORMATS: Readonly<Record<string, FormatCheck>> = {
  string: () => undefined,
  urlencoded: must(/^[-%a-zA-Z0-9_.!~*'()]*$/, (v) => `invalid urlencoded string: ${v}\n`),
  "pve-configid": must(/^[a-z][a-z0-9_-]+$/i, (v) => `invalid configuration ID '${v}'\n`),
  "pve-storage-id": sectionId("storage"),
  "acme-plugin-id": sectionId("ACME plugin"),
  "pve-bridge-id": must(/^[-_.\w]+$/, (v) => `invalid bridge ID '${v}'\n`),
  "pve-vmid": must(/^[1-9][0-9]{2,8}$/, () => "value does not look like a valid VM ID\n"),
  "pve-node": must(/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/, () => "value does not look like a valid node name\n"),
  "mac-addr": must(
    /^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i,
    () => "value does not look like a valid unicast MAC address\n",
  ),
  ipv4: (v) => (isIPv4(v) ? undefined : "value does not look like a valid IPv4 address\n"),
  ipv6: (v) => (isIPv6(v) ? undefined : "value does not look like a valid IPv6 address\n"),
  ip: (v) => (isIPv4(v) || isIPv6(v) ? undefined : "value does not look like a valid IP address\n"),
  ipv4mask: (v) => (IPV4_NETMASKS.has(v) ? undefined : "value does not look like a valid IP netmask\n"),
  CIDRv4: (v) => (isCidrV4(v) ? undefined : "value does not look like a valid IPv4 CIDR network\n"),
  CIDRv6: (v) => (isCidrV6(v) ? undefined : "value does not look like a valid IPv6 CIDR network\n"),
  CIDR: (v) => (isCidrV4(v) || isCidrV6(v) ? undefined : "value does not look like a valid CIDR network\n"),
  "pve-ipv4-config": (v) =>
    /^(dhcp|manual)$/.test(v) || isCidrV4(v)
      ? undefined
      : "value does not look like a valid ipv4 network configuration\n",
  "pve-ipv6-config": (v) =>
    /^(auto|dhcp|manual)$/.test(v) || isCidrV6(v)
      ? undefined
      : "value does not look like a valid ipv6 network configuration\n",
  "dns-name": must(DNS_NAME, () => "value does not look like a valid DNS name\n"),
  address: (v) =>
    isIPv4(v) || isIPv6(v) || DNS_NAME.test(v) ? undefined : `value does not look like a valid address: ${v}\n`,
  "pve-iface": must(/^[a-z][a-z0-9_]{1,20}([:.]\d+)?$/i, (v) => `invalid network interface name '${v}'\n`),
  "disk-size": must(/^(\d+(\.\d+)?)([KMGT](?:iB)?)?$/, (v) => `value does not look like a valid disk size: ${v}\n`),
  "pve-startup-order": startupOrder,
  "pve-tag": must(/^[a-z0-9_][a-z0-9_\-+.]*$/i, () => "invalid characters in tag\n"),
  "pve-volume-id": volumeId,
  "pve-volume-id-or-absolute-path": volumeIdOrAbsolutePath,
  "pve-volume-id-or-qm-path": (v) => (v === "none" || v === "cdrom" ? undefined : volumeIdOrAbsolutePath(v)),
  "pve-storage-content": (v) => (CONTENT_TYPES.includes(v) ? undefined : `invalid content type '${v}'\n`),
  "pve-ha-resource-id": must(/^[a-z]+:\S+$/, () => "value does not look like a valid ha resource id\n"),
  "pve-ha-resource-or-vm-id": must(/^([a-z]+:\S+|\d+)$/, () => "value does not look like a valid ha resource id\n"),
  "pve-ha-node": must(
    /^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)(:\d+)?$/,
    () => "value does not look like a valid ha node\n",
  ),
  "pve-sdn-zone-id": sdnId("zone", /^[a-z][a-z0-9]*[a-z0-9]$/i, 8),
  "pve-sdn-vnet-id": sdnId("vnet", /^[a-z][a-z0-9]*[a-z0-9]$/i, 8),
  "pve-sdn-controller-id": sdnId("controller", /^[a-z][a-z0-9_-]*[a-z0-9]$/i, 64),
  "pve-sdn-ipam-id": sdnId("ipam", /^[a-z][a-z0-9]*[a-z0-9]$/i),
  "pve-sdn-dns-id": sdnId("dns", /^[a-z][a-z0-9]*[a-z0-9]$/i),
  "pve-sdn-fabric-id": must(
    /^[a-zA-Z0-9][a-zA-Z0-9-]{0,6}[a-zA-Z0-9]?$/i,
    (v) => `Fabric ID '${v}' contains illegal characters\n`,
  ),
  "pve-sdn-subnet-id": (id) => {
    const [, ip, mask] = id.includes("/") ? [undefined, ...id.split("/")] : id.split("-");
    const network = `${ip}/${mask}`;
    return isCidrV4(network) || isCidrV6(network) ? undefined : "value does not look like a valid CIDR network\n";
  },
  "pve-poolid": poolId,
  "pve-groupid": must(/^[A-Za-z0-9.\-_]+$/, (v) => `group name '${v}' contains invalid characters\n`),
  "pve-roleid": must(/^[A-Za-z0-9.\-_]+$/, (v) => `role name '${v}' contains invalid characters\n`),
  "pve-realm": must(/^[A-Za-z][A-Za-z0-9.\-_]+$/, () => "value does not look like a valid realm\n"),
};

const volume: PropertySchema = { type: "string", optional: 1, format: "pve-volume-id" };

/** Property-string formats the reference names instead of spelling out (qemu-server's). */
export const PROPERTY_STRING_FORMATS: Readonly<Record<string, Record<string, PropertySchema>>> = {
  "pve-qm-ipconfig": {
    ip: { type: "string", format: "pve-ipv4-config", optional: 1, default: "dhcp" },
    gw: { type: "string", format: "ipv4", optional: 1, requires: "ip" },
    ip6: { type: "string", format: "pve-ipv6-config", optional: 1, default: "dhcp" },
    gw6: { type: "string", format: "ipv6", optional: 1, requires: "ip6" },
  },
  "pve-qm-cicustom": {
    meta: volume,
    network: volume,
    user: volume,
    vendor: volume,
  },
};

/** PVE::Tools::split_list: commas, semicolons, white space or NUL bytes separate the items. */
export function splitList(text: string): string[] {
  if (text.includes("\0")) return text.split("\0");
  return text
    .replace(/[,;]/g, " ")
    .trim()
    .split(/\s+/)
    .filter((item) => item !== "");
}
