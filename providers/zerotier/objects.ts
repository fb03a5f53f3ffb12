import { bool, type Field, int, list, set, text } from "./fields";

/**
 * A ZeroTier Central object as data: its paths and where each managed field sits in Central's JSON.
 * The generic engine (object-engine.ts) does the rest. An object's Pulumi id is Central's own `id`
 * of it (a member's is its network's and its node's, joined); paths are templates filled from the
 * object's location fields and `{id}`.
 */
export interface CentralObject {
  type: string;
  /** Where a create is posted; a network's id is Central's to give. */
  create: string;
  /**
   * The list a create adds a new object to, when sending it twice would make two (a network):
   * after a lost answer, an object listed there since, of the same name, is the one it made. A
   * create without one (a member, written at its own path) is simply sent again.
   */
  collection?: string;
  item: string;
  /** What an object is called in errors: "network operators", "member laptop of network …". */
  describe(props: Record<string, unknown>, id?: string): string;
  /** A surprise delete would cut every member off: refused while the stack protects it. */
  protectedAs?: string;
  fields: Record<string, Field>;
}

/** A declaration that keeps its field names and options as types, for the resource's arguments. */
export interface TypedCentralObject<F extends Record<string, Field>> extends CentralObject {
  fields: F;
}

export function centralObject<const F extends Record<string, Field>>(
  declaration: TypedCentralObject<F>,
): TypedCentralObject<F> {
  return declaration;
}

/** A network: its name, whether members need authorizing, its addresses, routes, DNS and rules. */
export const network = centralObject({
  type: "Network",
  create: "network",
  collection: "network",
  item: "network/{id}",
  describe: (props, id) => `network ${props.name}${id ? ` (${id})` : ""}`,
  protectedAs: "ZeroTier network",
  fields: {
    name: text({ at: "config.name", required: true }),
    description: text({ at: "description", default: "" }),
    private: bool({ at: "config.private", default: "true" }),
    autoAssignIpv4: bool({ at: "config.v4AssignMode.zt", default: "false" }),
    ipAssignmentPools: list({ at: "config.ipAssignmentPools", items: "range", default: "[]" }),
    routes: list({ at: "config.routes", items: "route", default: "[]" }),
    dnsDomain: text({ at: "config.dns.domain", default: "" }),
    dnsServers: list({ at: "config.dns.servers", default: "[]" }),
    mtu: int({ at: "config.mtu", default: "2800" }),
    rulesSource: text({ at: "rulesSource" }),
  },
});

/**
 * A member of a network: a device by its ZeroTier address, which Central takes before the device
 * has joined. Its capabilities and tags are written by name and sent as the ids the network's
 * rules give them.
 */
export const member = centralObject({
  type: "Member",
  create: "network/{network}/member/{nodeId}",
  item: "network/{network}/member/{nodeId}",
  describe: (props) => `member ${props.name ?? props.nodeId} of network ${props.network}`,
  fields: {
    network: text({ required: true, location: true, replaceOnChange: true }),
    nodeId: text({ required: true, location: true, replaceOnChange: true }),
    name: text({ at: "name", default: "" }),
    description: text({ at: "description", default: "" }),
    authorized: bool({ at: "config.authorized", default: "false" }),
    ipAssignments: list({ at: "config.ipAssignments", default: "[]" }),
    noAutoAssignIps: bool({ at: "config.noAutoAssignIps", default: "false" }),
    activeBridge: bool({ at: "config.activeBridge", default: "false" }),
    ssoExempt: bool({ at: "config.ssoExempt", default: "false" }),
    capabilities: set({ at: "config.capabilities", items: "capability", default: "[]" }),
    tags: set({ at: "config.tags", items: "tag", default: "[]" }),
    lastSeen: int({ at: "lastSeen", readOnly: true }),
  },
});

export const objects: Readonly<Record<string, CentralObject>> = { [network.type]: network, [member.type]: member };
