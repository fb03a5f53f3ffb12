import { type ArgumentKind, kindFromDescription, type Spelling } from "./value-kinds";

/**
 * The kinds of value the arguments of each menu take, where the command tree does not say it (its
 * description of most arguments is empty). Arguments whose description names a kind (times with
 * their bounds, addresses, free text…) are read by that, and an argument whose printed default is
 * true or false is a boolean; what is left is declared here, for every argument of every menu
 * budgetcloud's providers use at least.
 */

const text: ArgumentKind = { kind: "text" };
/** Syntaxes the lab does not read (rates, limits, times of day, TLS hosts…): stored as given. */
const unread = text;
const boolean: ArgumentKind = { kind: "boolean" };
const flag: ArgumentKind = { kind: "flag" };
const ipv4: ArgumentKind = { kind: "ipv4" };
const ip: ArgumentKind = { kind: "ip" };
type IntegerOptions = Spelling & { hex?: boolean; maxField?: string };
const integer = (min: number, max: number, options: IntegerOptions = {}): ArgumentKind => ({
  kind: "integer",
  min,
  max,
  ...options,
});
const oneOf = (values: readonly string[], spelling: Spelling = {}): ArgumentKind => ({
  kind: "enum",
  values,
  ...spelling,
});
const time = (spelling: Spelling = {}): ArgumentKind => ({ kind: "time", ...spelling });

const port = integer(0, 65535);
const vlanId = integer(1, 4094);
const arp = oneOf(["disabled", "enabled", "local-proxy-arp", "proxy-arp", "reply-only"]);
const arpTimeout = time({ words: ["auto"] });
const loopProtect = oneOf(["default", "off", "on"]);
const frameTypes = oneOf(["admit-all", "admit-only-untagged-and-priority-tagged", "admit-only-vlan-tagged"]);
const multicastRouter = oneOf(["disabled", "permanent", "temporary-query"]);

/** Arguments that every menu having them reads alike. */
export const COMMON_ARGUMENT_KINDS: Readonly<Record<string, ArgumentKind>> = {
  disabled: boolean,
  comment: text,
  /** `unset`'s: the property to unset. */
  "value-name": { kind: "property" },
};

/** IP protocols by the names RouterOS gives them; a number 0..255 names any. */
const PROTOCOLS = [
  "dccp",
  "ddp",
  "egp",
  "encap",
  "etherip",
  "ggp",
  "gre",
  "hmp",
  "icmp",
  "icmpv6",
  "idpr-cmtp",
  "igmp",
  "ipencap",
  "ipip",
  "ipsec-ah",
  "ipsec-esp",
  "ipv6",
  "ipv6-encap",
  "ipv6-frag",
  "ipv6-nonxt",
  "ipv6-opts",
  "ipv6-route",
  "iso-tp4",
  "l2tp",
  "ospf",
  "pim",
  "pup",
  "rdp",
  "rspf",
  "rsvp",
  "sctp",
  "st",
  "tcp",
  "udp",
  "udp-lite",
  "vmtp",
  "vrrp",
  "xns-idp",
  "xtp",
];

/** A firewall matcher: `!` negates it and an empty value takes it off the rule. */
const matcher: Spelling = { negatable: true, clearable: true };

const ADDRESS_TYPES = ["blackhole", "broadcast", "local", "multicast", "prohibit", "unicast", "unreachable"];

/** What filter and NAT rules match on alike. */
const firewallMatchers: Readonly<Record<string, ArgumentKind>> = {
  chain: text,
  "address-list": text,
  "address-list-timeout": time({ words: ["none-dynamic", "none-static"] }),
  "connection-mark": { ...text, ...matcher },
  "connection-type": oneOf(["ftp", "h323", "irc", "pptp", "quake3", "sip", "tftp"], matcher),
  "dst-address-type": oneOf(ADDRESS_TYPES, { list: true, ...matcher }),
  "src-address-type": oneOf(ADDRESS_TYPES, { list: true, ...matcher }),
  dscp: integer(0, 63, matcher),
  priority: integer(0, 63, matcher),
  "ingress-priority": integer(0, 63, matcher),
  "packet-mark": { ...text, ...matcher },
  "routing-mark": { ...text, ...matcher },
  "src-mac-address": { kind: "mac", ...matcher },
  "in-bridge-port": { ...text, ...matcher },
  "out-bridge-port": { ...text, ...matcher },
  "in-bridge-port-list": { ...text, ...matcher },
  "out-bridge-port-list": { ...text, ...matcher },
  random: integer(1, 99, { clearable: true }),
  fragment: { ...boolean, clearable: true },
  "connection-bytes": unread,
  "connection-limit": unread,
  "connection-rate": unread,
  content: unread,
  "dst-limit": unread,
  hotspot: unread,
  "icmp-options": unread,
  "ipsec-policy": unread,
  "ipv4-options": unread,
  "layer7-protocol": unread,
  limit: unread,
  nth: unread,
  "packet-size": unread,
  "per-connection-classifier": unread,
  psd: unread,
  realm: unread,
  "tcp-mss": unread,
  time: unread,
  tos: unread,
  ttl: unread,
  protocol: integer(0, 255, { words: PROTOCOLS, ...matcher }),
  "src-address": { kind: "ipv4-match", ...matcher },
  "dst-address": { kind: "ipv4-match", ...matcher },
  "src-port": { kind: "ports", ...matcher },
  "dst-port": { kind: "ports", ...matcher },
  port: { kind: "ports", ...matcher },
  "src-address-list": { ...text, ...matcher },
  "dst-address-list": { ...text, ...matcher },
  "in-interface": { ...text, ...matcher },
  "out-interface": { ...text, ...matcher },
  "in-interface-list": { ...text, ...matcher },
  "out-interface-list": { ...text, ...matcher },
  "jump-target": text,
};

/** Actions filter and NAT rules share. */
const SHARED_ACTIONS = [
  "accept",
  "add-dst-to-address-list",
  "add-src-to-address-list",
  "jump",
  "log",
  "passthrough",
  "return",
];

export const ARGUMENT_KINDS: Readonly<Record<string, Readonly<Record<string, ArgumentKind>>>> = {
  "interface/ethernet": {
    mtu: integer(0, 65535),
    // A port takes an L2 MTU up to its max-l2mtu (from the model); RouterOS names that bound.
    l2mtu: integer(0, 65535, { maxField: "max-l2mtu" }),
    arp,
    "arp-timeout": arpTimeout,
    "loop-protect": loopProtect,
    "tx-flow-control": oneOf(["auto", "off", "on"]),
    "rx-flow-control": oneOf(["auto", "off", "on"]),
    "disable-running-check": boolean,
    "mdix-enable": boolean,
    "sfp-ignore-rx-los": boolean,
    "cable-settings": oneOf(["default", "short", "standard"]),
    "combo-mode": oneOf(["auto", "copper", "sfp"]),
    "fec-mode": oneOf(["auto", "fec74", "fec91", "off"]),
    "sfp-rate-select": oneOf(["high", "low"]),
    advertise: unread,
    speed: unread,
    "sfp-shutdown-temperature": unread,
  },

  "interface/bridge": {
    mtu: integer(0, 65535, { words: ["auto"] }),
    arp,
    "arp-timeout": arpTimeout,
    "protocol-mode": oneOf(["mstp", "none", "rstp", "stp"]),
    priority: integer(0, 65535, { hex: true }),
    "transmit-hold-count": integer(1, 10),
    "port-cost-mode": oneOf(["long", "short"]),
    "max-learned-entries": integer(0, 4294967295, { words: ["auto", "unlimited"] }),
    pvid: vlanId,
    "frame-types": frameTypes,
    "ingress-filtering": boolean,
    "multicast-router": multicastRouter,
    "dhcpv6-snooping": boolean,
    "forward-reserved-addresses": boolean,
    "multicast-querier": boolean,
    "querier-uses-bridge-address": boolean,
    "ra-guard": boolean,
    "ether-type": oneOf(["0x8100", "0x88a8", "0x9100"]),
    "igmp-version": integer(2, 3),
    "mld-version": integer(1, 2),
    "max-hops": integer(6, 40),
    "region-revision": integer(0, 65535),
    "last-member-query-count": integer(0, 4294967295),
    "startup-query-count": integer(0, 4294967295),
    "mlag-priority": integer(0, 255),
    "mlag-heartbeat": time(),
    "mlag-peer-port": text,
  },

  "interface/bridge/port": {
    priority: integer(0, 240, { hex: true }),
    "path-cost": integer(1, 200000000),
    "internal-path-cost": integer(1, 200000000),
    horizon: integer(0, 4294967295, { words: ["none"] }),
    edge: oneOf(["auto", "no", "no-discover", "yes", "yes-discover"]),
    "point-to-point": oneOf(["auto", "no", "yes"]),
    learn: oneOf(["auto", "no", "yes"]),
    pvid: vlanId,
    "frame-types": frameTypes,
    "multicast-router": multicastRouter,
    "mvrp-applicant-state": oneOf(["non-participant", "normal-participant"]),
    "mvrp-registrar-state": oneOf(["fixed", "normal"]),
    "trusted-dhcpv6": boolean,
    "trusted-ra": boolean,
  },

  "interface/vxlan": {
    mtu: integer(0, 65535),
    vni: integer(1, 16777215),
    port,
    "bridge-pvid": vlanId,
    arp,
    "arp-timeout": arpTimeout,
    "loop-protect": loopProtect,
    "dont-fragment": oneOf(["auto", "disabled", "enabled", "inherit"]),
    "vteps-ip-version": oneOf(["ipv4", "ipv6"]),
    "local-address": ip,
    group: ip,
    ttl: integer(1, 255, { words: ["auto"] }),
    "max-fdb-size": integer(0, 4294967295),
    "rem-csum": unread,
  },

  "interface/vxlan/vteps": {
    "remote-ip": ip,
  },

  "interface/vrrp": {
    vrid: integer(1, 255),
    priority: integer(1, 254),
    version: integer(2, 3),
    authentication: oneOf(["ah", "none", "simple"]),
    "v3-protocol": oneOf(["ipv4", "ipv6"]),
    arp,
    "arp-timeout": arpTimeout,
    "connection-tracking-mode": oneOf(["active-active", "active-passive"]),
    "connection-tracking-port": port,
    "v3-checksum-as-v2": boolean,
    // Names of other VRRP interfaces, empty for none.
    "group-authority": text,
    "group-master": text,
  },

  "ip/address": {
    address: { kind: "ipv4-interface" },
  },

  zerotier: {
    name: text,
    // A secret identity as RouterOS writes one (address:0:public:private).
    identity: text,
    port,
    // The interfaces ZeroTier may reach its peers through: "all", or a list of names.
    interfaces: unread,
    // The distance of the routes the controller manages, as /ip/route takes a distance.
    "route-distance": integer(1, 255),
    "backup-priorities": unread,
  },

  "zerotier/interface": {
    name: text,
    // A network id: 16 hex digits.
    network: text,
    "allow-managed": boolean,
    "allow-global": boolean,
    "allow-default": boolean,
    "disable-running-check": boolean,
    "arp-timeout": arpTimeout,
  },

  snmp: {
    enabled: boolean,
    "src-address": ip,
    // Where traps go: addresses, comma-separated; an empty list (the factory's) sends none.
    "trap-target": { ...ip, list: true },
    "trap-version": integer(1, 3),
    "trap-generators": oneOf(["interfaces", "start-trap", "temp-exception"], { list: true }),
    "trap-interfaces": unread,
    "trap-community": text,
    vrf: text,
  },

  "snmp/community": {
    name: text,
    // Who may ask: addresses or prefixes (the lab reads IPv4 ones, and the factory's "anyone", ::/0).
    addresses: { kind: "ipv4-prefix", list: true, words: ["::/0"] },
    security: oneOf(["authorized", "none", "private"]),
    "read-access": boolean,
    "write-access": boolean,
    "authentication-protocol": oneOf(["MD5", "SHA1"]),
    "encryption-protocol": oneOf(["AES", "DES"]),
  },

  "routing/ospf/instance": {
    version: integer(2, 3),
    // An address, or the name of a /routing/id entry; the lab's routers have only the dynamic "main".
    "router-id": { ...ipv4, words: ["main"] },
    "originate-default": oneOf(["always", "if-installed", "never"]),
    "domain-tag": integer(0, 4294967295),
    "use-dn": boolean,
    "domain-id": unread,
    "mpls-te-address": text,
    "in-filter-chain": text,
    "out-filter-chain": text,
    "out-filter-select": text,
    "routing-table": text,
  },

  "routing/ospf/area": {
    type: oneOf(["default", "nssa", "stub"]),
    "no-summaries": flag,
    "nssa-translator": oneOf(["candidate", "no", "yes"]),
    "default-cost": integer(0, 4294967295),
  },

  "routing/ospf/interface-template": {
    type: oneOf(["broadcast", "nbma", "ptmp", "ptp", "ptp-unnumbered", "virtual-link"]),
    cost: integer(1, 65535),
    priority: integer(0, 255),
    "instance-id": integer(0, 255),
    networks: { kind: "ipv4-prefix", list: true },
    passive: flag,
    "use-bfd": boolean,
    auth: oneOf(["md5", "sha1", "sha256", "sha384", "sha512", "simple"]),
    "auth-id": integer(0, 255),
    "prefix-list": text,
  },

  user: {
    name: text,
    // The name of a /user/group (a reference the menu checks).
    group: text,
    password: text,
    // Where the user may log in from: addresses and prefixes, IPv4 or IPv6.
    address: unread,
    "inactivity-policy": oneOf(["lockscreen", "logout", "none"]),
  },

  "user/group": {
    name: text,
    policy: { kind: "policy" },
    skin: text,
  },

  // An entry holds an address, a prefix or a range (a DNS name too, which the lab does not resolve).
  "ip/firewall/address-list": {
    list: text,
    address: { kind: "ipv4-match" },
  },

  "ip/firewall/filter": {
    ...firewallMatchers,
    "connection-state": oneOf(["established", "invalid", "new", "related", "untracked"], { list: true, ...matcher }),
    "connection-nat-state": oneOf(["dstnat", "srcnat"], { list: true, ...matcher }),
    p2p: unread,
    "tcp-flags": unread,
    "tls-host": unread,
    action: oneOf([...SHARED_ACTIONS, "drop", "fasttrack-connection", "reject", "tarpit"]),
    "reject-with": oneOf(
      [
        "icmp-admin-prohibited",
        "icmp-host-prohibited",
        "icmp-host-unreachable",
        "icmp-net-prohibited",
        "icmp-network-unreachable",
        "icmp-port-unreachable",
        "icmp-protocol-unreachable",
        "tcp-reset",
      ],
      { clearable: true },
    ),
  },

  "ip/firewall/nat": {
    ...firewallMatchers,
    action: oneOf([
      ...SHARED_ACTIONS,
      "dst-nat",
      "endpoint-independent-nat",
      "masquerade",
      "netmap",
      "redirect",
      "same",
      "src-nat",
    ]),
    "to-addresses": { kind: "ipv4-range", clearable: true },
    "to-ports": { kind: "ports", clearable: true },
    "randomise-ports": boolean,
    "same-not-by-dst": boolean,
    "socks5-port": port,
    "socksify-service": text,
  },
};

/**
 * The kind of value `name` takes in `menu`: declared here, named by the command tree's
 * description, or a boolean where the menu prints a true/false default; undefined when nothing
 * says (the emulator then reads yes/no as a boolean and stores anything else as given).
 */
export function argumentKind(
  menu: string,
  name: string,
  description: string | undefined,
  printedDefault: string | undefined,
): ArgumentKind | undefined {
  const declared = ARGUMENT_KINDS[menu]?.[name] ?? COMMON_ARGUMENT_KINDS[name];
  if (declared) return declared;
  const described = description === undefined ? undefined : kindFromDescription(description);
  if (described) return described;
  return printedDefault === "true" || printedDefault === "false" ? boolean : undefined;
}
