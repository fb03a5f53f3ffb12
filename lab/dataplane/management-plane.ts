import { addressOf, contains } from "../../config/addressing";
import type { StackConfig } from "../../config/schema";
import { apiPort } from "../../plan/firewall-plan";
import {
  byRole,
  type CheckContext,
  type CheckLine,
  internetOf,
  namespaceNamed,
  uplinkAddresses,
  vmAddress,
} from "./checks";
import type { DataPlanePlan, NamespacePlan } from "./model";
import { packetPath } from "./packet-path";
import { tcpProbe } from "./probes";

/**
 * The management plane: what the operators and the management network reach (the routers' API,
 * each Proxmox node's API, LibreNMS) and what nothing else does.
 */

/**
 * A TCP probe that gets two more tries where an answer is expected: on a busy machine, with every
 * router probed at once, the first SYN may wait for ARP longer than the probe waits. A drop is one
 * try: a second cannot turn a rule's drop into an answer.
 */
async function settledProbe(namespace: string, address: string, port: number, expect: Expectation) {
  let probe = await tcpProbe(namespace, address, port);
  for (let attempt = 1; attempt < 3 && probe.outcome !== expect && expect === "accepted"; attempt++)
    probe = await tcpProbe(namespace, address, port);
  return probe;
}

/**
 * The routers' API port: reached from the management network and from the operators, on the host
 * (the lab's loopback prefix) and on their devices on the ZeroTier network; dropped from anywhere
 * else (a ZeroTier member outside the operators' prefix, the tenants' VMs, a hypervisor's cable,
 * the internet on the uplink).
 */
export async function routerApiChecks({ plan, config }: CheckContext): Promise<CheckLine[]> {
  const management = managementHost(plan, config);
  const internet = internetOf(plan);
  const lines: Promise<CheckLine>[] = [];
  const probe = prober(plan, lines);
  for (const router of config.routers) {
    const ns = byRole(plan, "router").find((r) => r.device === router.name);
    if (!ns) continue;
    const port = Number(apiPort(config, router));
    const managementAddress = ns.addresses.find((a) => contains(config.management.cidr, addressOf(a.address)));
    // The management network, each operator's device on the ZeroTier network through the router
    // that carries it into the management network, each tenant's first VM, which no rule lets at a router.
    if (managementAddress)
      probeManagementAccess(probe, plan, config, management, {
        service: "API",
        address: addressOf(managementAddress.address),
        label: router.name,
        port,
      });
    // Operators on a loopback prefix (the lab's 127.0.0.0/8) are the router's own host: probed from inside it.
    for (const operators of config.management.operators.filter((p) => contains(p, "127.0.0.1"))) {
      probe("API reached from the operators", ns, `operators ${operators}`, "127.0.0.1", router.name, port, "accepted");
    }
    // A device cabled to the router sends from its end of the cable: nothing but the router's input chain is in the way.
    const cable = plan.veths
      .flatMap((v) => [
        { mine: v.a, theirs: v.b },
        { mine: v.b, theirs: v.a },
      ])
      .find((c) => c.mine.namespace === ns.name && namespaceNamed(plan, c.theirs.namespace).role !== "lan");
    const cableAddress = cable && ns.addresses.find((a) => a.interface === cable.mine.interface);
    if (cable && cableAddress) {
      const neighbor = namespaceNamed(plan, cable.theirs.namespace);
      probe(
        "API dropped from elsewhere (input chain)",
        neighbor,
        `${neighbor.device} ${cable.theirs.interface}`,
        addressOf(cableAddress.address),
        router.name,
        port,
        "dropped",
      );
    }
    const uplink = internet && ns.addresses.find((a) => uplinkAddresses(plan).has(addressOf(a.address)));
    if (internet && uplink) {
      probe(
        "API dropped from elsewhere (input chain)",
        internet,
        `internet ${addressOf(internet.addresses[0].address)}`,
        addressOf(uplink.address),
        router.name,
        port,
        "dropped",
      );
    }
  }
  return Promise.all(lines);
}

type Expectation = "accepted" | "dropped";

/** The management network's own host, which the data plane puts on the LAN of the routers' management ports. */
const managementHost = (plan: DataPlanePlan, config: StackConfig) =>
  plan.namespaces.find(
    (ns) => ns.role === "lan" && contains(config.management.cidr, addressOf(ns.addresses[0].address)),
  );

/** A TCP probe whose line is added to `lines`, with the packet's path when it did not come out as expected. */
function prober(plan: DataPlanePlan, lines: Promise<CheckLine>[]) {
  return (
    check: string,
    from: NamespacePlan,
    fromLabel: string,
    address: string,
    toLabel: string,
    port: number,
    expect: Expectation,
  ) =>
    lines.push(
      settledProbe(from.name, address, port, expect).then(async ({ outcome, said }) => ({
        check,
        from: fromLabel,
        to: `${toLabel} ${address}:${port}`,
        passed: outcome === expect,
        detail:
          outcome === expect
            ? `${outcome}${outcome === "accepted" ? " (reset: nothing listens)" : " (no answer)"}`
            : `${outcome}${said ? ` (${said})` : ""}, expected ${expect}; path: ${await packetPath(plan, from.name, address)}`,
      })),
    );
}

/** pveproxy's port: the stack's endpoint names another only where it is a node's own address. */
const PROXMOX_API_PORT = 8006;

/**
 * Where the management network's services answer: each node's API on its vmbr0, and LibreNMS on
 * the poller's address, at the stack's endpoint port where the endpoint names that address, else
 * at its scheme's.
 */
function managementServices(plan: DataPlanePlan, config: StackConfig) {
  const portAt = (endpoint: string | undefined, address: string, otherwise: number) => {
    if (endpoint === undefined) return otherwise;
    const url = new URL(endpoint);
    if (url.hostname !== address) return otherwise;
    return Number(url.port || (url.protocol === "https:" ? 443 : 80));
  };
  const byName = (a: NamespacePlan, b: NamespacePlan) => a.device.localeCompare(b.device);
  return [...byRole(plan, "hypervisor").sort(byName), ...byRole(plan, "poller")].flatMap((ns) => {
    const held = ns.addresses.find((a) => contains(config.management.cidr, addressOf(a.address)));
    if (!held) return [];
    const address = addressOf(held.address);
    if (ns.role === "hypervisor")
      return [
        { service: "Proxmox API", ns, address, port: portAt(config.proxmox?.endpoint, address, PROXMOX_API_PORT) },
      ];
    const scheme = config.monitoring && new URL(config.monitoring.endpoint).protocol === "https:" ? 443 : 80;
    return [{ service: "LibreNMS", ns, address, port: portAt(config.monitoring?.endpoint, address, scheme) }];
  });
}

/**
 * Each node's API and LibreNMS: reached from the management network and from the operators'
 * devices on the ZeroTier network, dropped from other members and from the tenants' VMs.
 */
export async function managementServiceChecks({ plan, config }: CheckContext): Promise<CheckLine[]> {
  const management = managementHost(plan, config);
  const lines: Promise<CheckLine>[] = [];
  const probe = prober(plan, lines);
  for (const { service, ns, address, port } of managementServices(plan, config))
    probeManagementAccess(probe, plan, config, management, { service, address, label: ns.device, port });
  return Promise.all(lines);
}

/**
 * A service on the management network, probed from the management network's host and each
 * operator's device (reached), and from other ZeroTier members and each tenant's first VM (dropped).
 */
function probeManagementAccess(
  probe: ReturnType<typeof prober>,
  plan: DataPlanePlan,
  config: StackConfig,
  management: NamespacePlan | undefined,
  target: { service: string; address: string; label: string; port: number },
): void {
  const { service, address, label, port } = target;
  if (management)
    probe(
      `${service} reached from the management network`,
      management,
      `management ${addressOf(management.addresses[0].address)}`,
      address,
      label,
      port,
      "accepted",
    );
  for (const device of byRole(plan, "operator")) {
    const from = vmAddress(device);
    const operator = config.management.operators.some((prefix) => contains(prefix, from));
    probe(
      operator
        ? `${service} reached from the operators' devices`
        : `${service} dropped from elsewhere (a ZeroTier member)`,
      device,
      `${device.device} ${from}`,
      address,
      label,
      port,
      operator ? "accepted" : "dropped",
    );
  }
  for (const tenant of config.tenants) {
    const vm = byRole(plan, "vm").find((ns) => contains(tenant.cidr, vmAddress(ns)));
    if (vm)
      probe(`${service} dropped from the tenants`, vm, `${tenant.name}: ${vm.device}`, address, label, port, "dropped");
  }
}
