import { createTwoFilesPatch } from "diff";
import { addressOf, lengthOf } from "../../config/addressing";
import { type ClusterContext, nodeOf, type Routes, text, WithAttributes } from "./context";
import { parameterErrors } from "./errors";

/**
 * Each node's own network as PVE's installer leaves it: the management bridge `vmbr0` over the
 * node's first NIC, with the address the node was installed with, and the node's other NICs,
 * unconfigured. A change (PUT of an interface) is written to `/etc/network/interfaces.new`, which
 * every read shows, as PVE reads that file when it exists; `PUT /nodes/{node}/network` makes it
 * live (ifreload -a, a task). The data plane reads it to put each node on the management network
 * and to give each NIC its MTU.
 */

/** The NIC the installer bridges; its name is the hardware's. */
const FIRST_NIC = "eno1";

/** Which `type` filters list a bridge: PVE's any_bridge and any_local_bridge take Linux bridges too. */
const BRIDGE_TYPES = new Set(["bridge", "any_bridge", "any_local_bridge"]);

type Interface = Record<string, unknown> & { iface: string; type: string };

export interface NodeNetworkOptions {
  /** Each node's address on the management network (CIDR), by node; none leaves vmbr0 unaddressed. */
  managementAddresses: Readonly<Record<string, string>>;
  /** Each node's further NICs, by node: the ports its cables plug into. */
  nics: Readonly<Record<string, readonly string[]>>;
}

function factoryInterfaces(managementAddress: string | undefined, nics: readonly string[]): Interface[] {
  const bridge: Interface = {
    iface: "vmbr0",
    type: "bridge",
    method: managementAddress ? "static" : "manual",
    method6: "manual",
    families: ["inet"],
    autostart: 1,
    active: 1,
    bridge_ports: FIRST_NIC,
    bridge_stp: "off",
    bridge_fd: "0",
    priority: 4,
  };
  if (managementAddress) {
    Object.assign(bridge, {
      cidr: managementAddress,
      address: addressOf(managementAddress),
      netmask: String(lengthOf(managementAddress)),
    });
  }
  const nic = (iface: string, priority: number): Interface => ({
    iface,
    type: "eth",
    method: "manual",
    method6: "manual",
    families: ["inet"],
    active: 1,
    exists: 1,
    priority,
  });
  return [bridge, nic(FIRST_NIC, 3), ...nics.map((name, i) => nic(name, 5 + i))];
}

/** The options of a stanza, in the order PVE writes them: `address` as CIDR. */
const STANZA_OPTIONS: [string, (i: Interface) => unknown][] = [
  ["address", (i) => i.cidr],
  ["gateway", (i) => i.gateway],
  ["mtu", (i) => i.mtu],
  ["bridge-ports", (i) => i.bridge_ports],
  ["bridge-stp", (i) => i.bridge_stp],
  ["bridge-fd", (i) => i.bridge_fd],
];

/** /etc/network/interfaces as the interfaces would be written, for the diff a pending change shows. */
function fileOf(interfaces: readonly Interface[]): string {
  return interfaces
    .map((i) => {
      const options = STANZA_OPTIONS.flatMap(([key, value]) =>
        value(i) === undefined ? [] : [`\t${key} ${String(value(i))}`],
      );
      const auto = i.autostart ? [`auto ${i.iface}`] : [];
      return [...auto, `iface ${i.iface} inet ${i.method}`, ...options].join("\n");
    })
    .join("\n\n")
    .concat("\n");
}

/** `delete` and `cidr` as PVE's update_network applies them to one interface. */
function updated(current: Interface, params: Record<string, unknown>): Interface {
  const next: Interface = { ...current };
  const families = Array.isArray(params.families) ? [...(params.families as string[])] : [];
  for (const key of String(params.delete ?? "")
    .split(/[,;\s]+/)
    .filter(Boolean)) {
    delete next[key];
    if (key === "cidr") {
      delete next.address;
      delete next.netmask;
    }
  }
  const given: Record<string, unknown> = { ...params };
  for (const key of ["node", "iface", "delete"]) delete given[key];
  if (typeof given.cidr === "string") {
    given.address = addressOf(given.cidr);
    given.netmask = String(lengthOf(given.cidr));
  }
  const withoutInet = families.filter((f) => f !== "inet");
  given.families = given.address ? [...withoutInet, "inet"] : withoutInet.length > 0 ? withoutInet : ["inet"];
  given.method = given.address ? "static" : "manual";
  given.method6 = given.address6 ? "static" : "manual";
  // What /etc/network/interfaces holds is text: PVE reads every option back as a string.
  for (const [key, value] of Object.entries(given)) next[key] = typeof value === "number" ? String(value) : value;
  return next;
}

/** Each node's interfaces: what runs, and what interfaces.new holds until a reload. */
export class NodeNetworks {
  private readonly running: Map<string, Interface[]>;
  private readonly pending = new Map<string, Interface[]>();

  constructor(nodes: readonly string[], options: NodeNetworkOptions) {
    this.running = new Map(
      nodes.map((node) => [node, factoryInterfaces(options.managementAddresses[node], options.nics[node] ?? [])]),
    );
  }

  /** What every read shows: interfaces.new when it exists. */
  configured(node: string): Interface[] {
    return this.pending.get(node) ?? this.running.get(node) ?? [];
  }

  /** The running interfaces: what the node's links carry now. */
  live(node: string): readonly Interface[] {
    return this.running.get(node) ?? [];
  }

  find(node: string, iface: string): Interface {
    const found = this.configured(node).find((i) => i.iface === iface);
    if (!found) throw parameterErrors({ iface: "interface does not exist" });
    return found;
  }

  stage(node: string, iface: string, params: Record<string, unknown>): void {
    const current = this.find(node, iface);
    this.pending.set(
      node,
      this.configured(node).map((i) => (i === current ? updated(current, params) : i)),
    );
  }

  /** `diff -u` of interfaces and interfaces.new, when a reload would change something. */
  changes(node: string): string | undefined {
    const staged = this.pending.get(node);
    if (!staged) return undefined;
    const patch = createTwoFilesPatch(
      "/etc/network/interfaces",
      "/etc/network/interfaces.new",
      fileOf(this.live(node)),
      fileOf(staged),
    );
    // The jsdiff header's first line (`Index:`, `===`) is no part of diff -u's output.
    return patch.slice(patch.indexOf("---"));
  }

  reload(node: string): void {
    const staged = this.pending.get(node);
    if (staged) this.running.set(node, staged);
    this.pending.delete(node);
  }
}

/** GET, PUT of one interface, and the reload, of each node's network. */
export function nodeNetworkRoutes(ctx: ClusterContext, networks: NodeNetworks): Routes {
  return {
    "GET /nodes/{node}/network": (call) => {
      const node = nodeOf(call);
      const type = text(call.params, "type");
      const listed = networks
        .configured(node)
        .filter(
          (iface) => type === undefined || iface.type === type || (iface.type === "bridge" && BRIDGE_TYPES.has(type)),
        )
        .filter(
          (iface) =>
            iface.type !== "bridge" ||
            call.access.checkAny(`/sdn/zones/localnetwork/${iface.iface}`, ["SDN.Audit", "SDN.Use"], true),
        );
      const changes = networks.changes(node);
      return changes === undefined ? listed : new WithAttributes(listed, { changes });
    },
    "GET /nodes/{node}/network/{iface}": (call) => networks.find(nodeOf(call), String(call.params.iface)),
    "PUT /nodes/{node}/network/{iface}": (call) => {
      networks.stage(nodeOf(call), String(call.params.iface), call.params as Record<string, unknown>);
      return null;
    },
    "PUT /nodes/{node}/network": (call) => {
      const node = nodeOf(call);
      return ctx.tasks.start({ node, type: "srvreload", id: "networking", user: call.user }, () =>
        networks.reload(node),
      );
    },
  };
}
