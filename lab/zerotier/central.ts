import ipaddr from "ipaddr.js";
import { declaredNames, RulesError, type TagDefinition } from "../../plan/zerotier-rules";

/** An answer Central gives instead of the object: its HTTP status and message. */
export class CentralError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;

/** The rules a new network starts with, as Central writes them. */
export const DEFAULT_RULES_SOURCE = [
  "# This is a default rule set that allows IPv4 and IPv6 traffic but otherwise",
  "# behaves like a standard Ethernet switch.",
  "drop",
  "\tnot ethertype ipv4",
  "\tand not ethertype arp",
  "\tand not ethertype ipv6",
  ";",
  "accept;",
  "",
].join("\n");

/** A member counts as online while it checked in within this long. */
const ONLINE_WINDOW_MS = 5 * 60_000;

interface NetworkRecord {
  id: string;
  creationTime: number;
  lastModified: number;
  description: string;
  rulesSource: string;
  capabilitiesByName: Record<string, number>;
  tagsByName: Record<string, TagDefinition>;
  /** The client-settable part of `config`, as Central keeps it. */
  config: Json;
  members: Map<string, MemberRecord>;
}

interface MemberRecord {
  nodeId: string;
  name: string;
  description: string;
  hidden: boolean;
  config: Json;
  creationTime: number;
  revision: number;
  lastAuthorizedTime: number;
  lastDeauthorizedTime: number;
  /** What a device that joined reported: unset for a member created ahead of its device. */
  device?: JoinedDevice & { lastSeen: number };
}

export interface JoinedDevice {
  identity: string;
  clientVersion: string;
  physicalAddress: string;
}

const NETWORK_CONFIG_FIELDS = [
  "dns",
  "enableBroadcast",
  "ipAssignmentPools",
  "mtu",
  "multicastLimit",
  "name",
  "private",
  "routes",
  "ssoConfig",
  "v4AssignMode",
  "v6AssignMode",
] as const;
const MEMBER_CONFIG_FIELDS = [
  "activeBridge",
  "authorized",
  "capabilities",
  "ipAssignments",
  "noAutoAssignIps",
  "ssoExempt",
  "tags",
] as const;

const isAddress = (text: unknown) => typeof text === "string" && ipaddr.isValid(text);
const isPrefix = (text: unknown) => {
  try {
    ipaddr.parseCIDR(String(text));
    return true;
  } catch {
    return false;
  }
};

/**
 * ZeroTier Central's networks and members, as its API shows them: one controller, networks named
 * by the controller's address and a counter, members by their devices' ZeroTier addresses. A member
 * may be written before its device joins, as Central allows; a device that joins makes or refreshes
 * its member, and an authorized member of a network that assigns addresses gets one from its pools.
 */
export class Central {
  private readonly networks = new Map<string, NetworkRecord>();
  private counter = 0;

  constructor(
    readonly controllerId = "8056c2e21c",
    private readonly clock: () => number = Date.now,
  ) {}

  listNetworks(): Json[] {
    return [...this.networks.values()].map((n) => this.networkJson(n));
  }

  createNetwork(body: Json): Json {
    const now = this.clock();
    this.counter += 1;
    const id = `${this.controllerId}${this.counter.toString(16).padStart(6, "0")}`;
    const network: NetworkRecord = {
      id,
      creationTime: now,
      lastModified: now,
      description: "",
      rulesSource: DEFAULT_RULES_SOURCE,
      capabilitiesByName: {},
      tagsByName: {},
      config: {
        dns: { domain: "", servers: null },
        enableBroadcast: true,
        ipAssignmentPools: [],
        mtu: 2800,
        multicastLimit: 32,
        name: "",
        private: true,
        routes: [],
        ssoConfig: { enabled: false, mode: "default" },
        v4AssignMode: { zt: false },
        v6AssignMode: { "6plane": false, rfc4193: false, zt: false },
      },
      members: new Map(),
    };
    this.networks.set(id, network);
    try {
      return this.updateNetwork(id, body);
    } catch (error) {
      this.networks.delete(id);
      throw error;
    }
  }

  network(id: string): Json {
    return this.networkJson(this.networkRecord(id));
  }

  updateNetwork(id: string, body: Json): Json {
    const network = this.networkRecord(id);
    const config = (body.config ?? {}) as Json;
    for (const field of NETWORK_CONFIG_FIELDS) checkNetworkValue(field, config[field]);
    let declared: ReturnType<typeof declaredNames> | undefined;
    if (typeof body.rulesSource === "string") {
      try {
        declared = declaredNames(body.rulesSource);
      } catch (error) {
        if (error instanceof RulesError) throw new CentralError(400, `rulesSource: ${error.message}`);
        throw error;
      }
      network.rulesSource = body.rulesSource;
      network.capabilitiesByName = declared.capabilitiesByName;
      network.tagsByName = declared.tagsByName;
    }
    if (typeof body.description === "string") network.description = body.description;
    // Central's types take a field that is absent or null as "leave it".
    for (const field of NETWORK_CONFIG_FIELDS) {
      if (config[field] !== undefined && config[field] !== null) network.config[field] = structuredClone(config[field]);
    }
    network.lastModified = this.clock();
    for (const member of network.members.values()) this.assignAddress(network, member);
    return this.networkJson(network);
  }

  deleteNetwork(id: string): void {
    this.networkRecord(id);
    this.networks.delete(id);
  }

  listMembers(networkId: string): Json[] {
    const network = this.networkRecord(networkId);
    return [...network.members.values()].map((m) => this.memberJson(network, m));
  }

  member(networkId: string, memberId: string): Json {
    const network = this.networkRecord(networkId);
    return this.memberJson(network, this.memberRecord(network, memberId));
  }

  /** Writes a member; one Central does not know yet is made, as for a device yet to join. */
  updateMember(networkId: string, memberId: string, body: Json): Json {
    const network = this.networkRecord(networkId);
    if (!/^[0-9a-f]{10}$/.test(memberId))
      throw new CentralError(400, `member id "${memberId}" is not a ZeroTier address`);
    const config = (body.config ?? {}) as Json;
    checkMemberConfig(config);
    const member = network.members.get(memberId) ?? this.newMember(network, memberId);
    if (typeof body.name === "string") member.name = body.name;
    if (typeof body.description === "string") member.description = body.description;
    if (typeof body.hidden === "boolean") member.hidden = body.hidden;
    const wasAuthorized = member.config.authorized === true;
    for (const field of MEMBER_CONFIG_FIELDS) {
      if (config[field] !== undefined && config[field] !== null) member.config[field] = structuredClone(config[field]);
    }
    const now = this.clock();
    if (member.config.authorized === true && !wasAuthorized) member.lastAuthorizedTime = now;
    if (member.config.authorized !== true && wasAuthorized) member.lastDeauthorizedTime = now;
    member.revision += 1;
    this.assignAddress(network, member);
    return this.memberJson(network, member);
  }

  deleteMember(networkId: string, memberId: string): void {
    const network = this.networkRecord(networkId);
    this.memberRecord(network, memberId);
    network.members.delete(memberId);
  }

  /** A device asks the controller for the network's configuration: its member is made or refreshed. */
  join(networkId: string, nodeId: string, device: JoinedDevice): Json {
    const network = this.networkRecord(networkId);
    const member = network.members.get(nodeId) ?? this.newMember(network, nodeId);
    member.device = { ...device, lastSeen: this.clock() };
    this.assignAddress(network, member);
    return this.memberJson(network, member);
  }

  private newMember(network: NetworkRecord, nodeId: string): MemberRecord {
    const member: MemberRecord = {
      nodeId,
      name: "",
      description: "",
      hidden: false,
      // A private network's members wait for authorization; a public one's are in at once.
      config: {
        activeBridge: false,
        authorized: network.config.private !== true,
        capabilities: [],
        ipAssignments: [],
        noAutoAssignIps: false,
        ssoExempt: false,
        tags: [],
      },
      creationTime: this.clock(),
      revision: 0,
      lastAuthorizedTime: 0,
      lastDeauthorizedTime: 0,
    };
    network.members.set(nodeId, member);
    return member;
  }

  /** Central gives an authorized member of an assigning network the first free pool address, once it is online. */
  private assignAddress(network: NetworkRecord, member: MemberRecord): void {
    const assigning = (network.config.v4AssignMode as { zt?: boolean }).zt === true;
    const assigned = member.config.ipAssignments as string[];
    if (!assigning || !member.device || member.config.authorized !== true || member.config.noAutoAssignIps === true)
      return;
    if (assigned.some((a) => ipaddr.parse(a).kind() === "ipv4")) return;
    const taken = new Set([...network.members.values()].flatMap((m) => m.config.ipAssignments as string[]));
    for (const pool of network.config.ipAssignmentPools as { ipRangeStart: string; ipRangeEnd: string }[]) {
      const start = ipaddr.IPv4.parse(pool.ipRangeStart).toByteArray();
      const end = ipaddr.IPv4.parse(pool.ipRangeEnd).toByteArray();
      const toInt = (b: number[]) => ((b[0] << 24) >>> 0) + (b[1] << 16) + (b[2] << 8) + b[3];
      for (let n = toInt(start); n <= toInt(end); n++) {
        const address = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
        if (!taken.has(address)) {
          member.config.ipAssignments = [...assigned, address];
          return;
        }
      }
    }
  }

  private networkRecord(id: string): NetworkRecord {
    const network = this.networks.get(id);
    if (!network) throw new CentralError(404, `network ${id} not found`);
    return network;
  }

  private memberRecord(network: NetworkRecord, memberId: string): MemberRecord {
    const member = network.members.get(memberId);
    if (!member) throw new CentralError(404, `member ${memberId} of network ${network.id} not found`);
    return member;
  }

  private online(member: MemberRecord): boolean {
    return member.device !== undefined && this.clock() - member.device.lastSeen < ONLINE_WINDOW_MS;
  }

  private networkJson(network: NetworkRecord): Json {
    const members = [...network.members.values()];
    return {
      id: network.id,
      clock: this.clock(),
      config: {
        ...structuredClone(network.config),
        id: network.id,
        creationTime: network.creationTime,
        lastModified: network.lastModified,
        // The compiled rules are Central's; the lab keeps the capabilities' and tags' ids only.
        capabilities: Object.values(network.capabilitiesByName).map((id) => ({ id, default: false, rules: [] })),
        rules: [],
        tags: Object.values(network.tagsByName).map((t) => ({ id: t.id, default: t.default })),
      },
      description: network.description,
      rulesSource: network.rulesSource,
      permissions: {},
      ownerId: "00000000-0000-4000-8000-000000000001",
      onlineMemberCount: members.filter((m) => this.online(m)).length,
      authorizedMemberCount: members.filter((m) => m.config.authorized === true).length,
      totalMemberCount: members.length,
      capabilitiesByName: structuredClone(network.capabilitiesByName),
      tagsByName: structuredClone(network.tagsByName),
    };
  }

  private memberJson(network: NetworkRecord, member: MemberRecord): Json {
    const { device } = member;
    const [major, minor, rev] = (device?.clientVersion ?? "0.0.0").split(".").map(Number);
    return {
      id: `${network.id}-${member.nodeId}`,
      clock: this.clock(),
      networkId: network.id,
      nodeId: member.nodeId,
      controllerId: this.controllerId,
      hidden: member.hidden,
      name: member.name,
      description: member.description,
      config: {
        ...structuredClone(member.config),
        creationTime: member.creationTime,
        id: member.nodeId,
        identity: device?.identity ?? "",
        lastAuthorizedTime: member.lastAuthorizedTime,
        lastDeauthorizedTime: member.lastDeauthorizedTime,
        revision: member.revision,
        vMajor: device ? major : -1,
        vMinor: device ? minor : -1,
        vRev: device ? rev : -1,
        vProto: device ? 12 : -1,
      },
      lastOnline: device?.lastSeen ?? 0,
      lastSeen: device?.lastSeen ?? 0,
      physicalAddress: device?.physicalAddress ?? "",
      clientVersion: device?.clientVersion ?? "",
      protocolVersion: device ? 12 : -1,
      supportsRulesEngine: device !== undefined,
    };
  }
}

/** Values the spec types only as strings, checked as Central checks them. */
function checkNetworkValue(field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const refuse = (what: string) => {
    throw new CentralError(400, `config.${field}: ${what}`);
  };
  if (field === "ipAssignmentPools") {
    for (const pool of value as { ipRangeStart?: unknown; ipRangeEnd?: unknown }[]) {
      if (!isAddress(pool.ipRangeStart) || !isAddress(pool.ipRangeEnd))
        refuse(`"${pool.ipRangeStart}"-"${pool.ipRangeEnd}" is not a range of IP addresses`);
    }
  }
  if (field === "routes") {
    for (const route of value as { target?: unknown; via?: unknown }[]) {
      if (!isPrefix(route.target)) refuse(`target "${route.target}" is not an IP prefix`);
      if (route.via !== undefined && route.via !== null && !isAddress(route.via))
        refuse(`via "${route.via}" is not an IP address`);
    }
  }
  if (field === "dns") {
    const servers = (value as { servers?: unknown[] | null }).servers ?? [];
    for (const server of servers) if (!isAddress(server)) refuse(`server "${server}" is not an IP address`);
  }
}

function checkMemberConfig(config: Json): void {
  const addresses = config.ipAssignments;
  if (Array.isArray(addresses)) {
    for (const address of addresses)
      if (!isAddress(address)) throw new CentralError(400, `config.ipAssignments: "${address}" is not an IP address`);
  }
}
