import { type CheckLine, unreachableLoopbacks } from "./checks";
import { planVm } from "./cluster-namespaces";
import type { VmDump } from "./device-dump";
import { linkSet, secondsUntil } from "./faults";
import type { DataPlanePlan, NamespacePlan, VethPlan } from "./model";
import { ping } from "./probes";
import { addVeth, run } from "./realize";

/**
 * What the hypervisor fault needs besides the namespaces: the nodes' power, as their BMCs give it,
 * and the cluster as its API shows it, to follow where HA starts each VM.
 */
export interface ClusterPower {
  /** The node the API is reached through: it must live for the cluster to be followed. */
  apiNode: string;
  /** Cuts the node's power, as its BMC does: it dies, its guests with it. */
  cut(node: string): Promise<void>;
  restore(node: string): Promise<void>;
  /** The running VMs, as the cluster's API shows them now (one moving meanwhile left out). */
  runningVms(): Promise<VmDump[]>;
  /** The most HA takes, with the cluster's timings, to start a dead node's resources on another node (README). */
  recoverySeconds: number;
}

/** What the data plane adds to HA's time: following the API, re-cabling the VM, its first ping. */
const DATA_PLANE_SECONDS = 5;

/** The longest a node's fabric may take to converge once its links are up: OSPF's dead interval and then some. */
const FABRIC_SECONDS = 60;

const interfacesOf = (namespace: string) =>
  (JSON.parse(run("ip", ["-n", namespace, "-j", "link", "show"])) as { ifname: string }[])
    .map((link) => link.ifname)
    .filter((name) => name !== "lo");

/** A VM started on another node: its NIC is cabled to that node's vnet bridge, as qemu-server does at start. */
function plug(vm: NamespacePlan, link: VethPlan, bridge: string): void {
  addVeth(link);
  run("ip", ["-n", link.b.namespace, "link", "set", link.b.interface, "master", bridge, "up"]);
  run("ip", ["-n", vm.name, "link", "set", link.a.interface, "up"]);
  for (const { address, interface: iface } of vm.addresses)
    run("ip", ["-n", vm.name, "address", "add", address, "dev", iface]);
  if (vm.defaultRoute) run("ip", ["-n", vm.name, "route", "add", "default", "via", vm.defaultRoute]);
}

/** A VM that stopped where it ran: its NIC goes with it. */
const unplug = (link: VethPlan) => run("ip", ["-n", link.a.namespace, "link", "del", link.a.interface]);

/**
 * Follows the cluster until each VM runs on a node `where` accepts and answers its gateway from
 * there, moving its cable (`cabled`, by VM) as it starts; each VM's node and the seconds since
 * `since`, or undefined for those that did not get there in time, and where each was last seen.
 */
async function follow(
  plan: DataPlanePlan,
  power: ClusterPower,
  cabled: Map<NamespacePlan, VethPlan | undefined>,
  where: (node: string) => boolean,
  since: number,
  timeoutSeconds: number,
): Promise<{
  arrived: Map<NamespacePlan, { node: string; seconds: number } | undefined>;
  /** Where the API last showed each VM running. */
  lastSeen: Map<NamespacePlan, string>;
}> {
  const hypervisors = new Map(plan.namespaces.filter((ns) => ns.role === "hypervisor").map((ns) => [ns.device, ns]));
  const vms = [...cabled.keys()];
  const arrived = new Map<NamespacePlan, { node: string; seconds: number } | undefined>();
  const lastSeen = new Map<NamespacePlan, string>();
  await secondsUntil(
    async () => {
      const running = await power.runningVms();
      for (const vm of vms.filter((v) => !arrived.get(v))) {
        const dump = running.find((r) => r.name === vm.device);
        if (dump) lastSeen.set(vm, dump.node);
        const node = dump && hypervisors.get(dump.node);
        if (!dump || !node || !where(dump.node)) continue;
        const current = cabled.get(vm);
        if (current?.b.namespace !== node.name) {
          const placed = planVm(dump, node, () => vm.name);
          if (current) unplug(current);
          plug(vm, placed.link, placed.port.bridge);
          cabled.set(vm, placed.link);
        }
        if (await ping(vm.name, vm.defaultRoute as string, { timeoutSeconds: 0.5 })) {
          arrived.set(vm, { node: dump.node, seconds: (Date.now() - since) / 1000 });
        }
      }
      return vms.every((vm) => arrived.get(vm));
    },
    timeoutSeconds,
    since,
  );
  for (const vm of vms) if (!arrived.has(vm)) arrived.set(vm, undefined);
  return { arrived, lastSeen };
}

/**
 * The hypervisor whose death proves the most: of those that run a VM under HA, the one that runs
 * the most VMs (the first by name of equals), not the one the API is reached through; or why there
 * is none.
 */
export function victimOf(
  plan: DataPlanePlan,
  apiNode: string,
  underHa: ReadonlySet<string>,
): { node: NamespacePlan; vms: { vm: NamespacePlan; link: VethPlan }[] } | { none: string } {
  const hypervisors = plan.namespaces.filter((ns) => ns.role === "hypervisor");
  // votequorum: the others must be more than half of the cluster for HA to act at all.
  if (hypervisors.length < 3) {
    return {
      none: `losing one of ${hypervisors.length} nodes loses quorum: HA recovers nothing, so there is nothing to prove`,
    };
  }
  const vmLinks = plan.veths.flatMap((link) => {
    const vm = plan.namespaces.find((ns) => ns.name === link.a.namespace && ns.role === "vm");
    return vm ? [{ vm, link }] : [];
  });
  const onNode = (node: NamespacePlan) => vmLinks.filter(({ link }) => link.b.namespace === node.name);
  const [node] = hypervisors
    .filter((ns) => ns.device !== apiNode && onNode(ns).some(({ vm }) => underHa.has(vm.device)))
    .sort((a, b) => onNode(b).length - onNode(a).length || a.device.localeCompare(b.device));
  return node ? { node, vms: onNode(node) } : { none: `no node but ${apiNode}, the API's, runs a VM under HA` };
}

/**
 * Cuts the power of the hypervisor `victimOf` picks: its links go down and its VMs die with it.
 * Each of its VMs under HA must answer its gateway again from another node within the time HA
 * takes; then the node comes back, and each returns to it, as budgetcloud's rules (their own node
 * preferred, failback on) say.
 */
export async function hypervisorDies(
  plan: DataPlanePlan,
  power: ClusterPower,
  /** The VMs the stack puts under HA, by name. */
  underHa: ReadonlySet<string>,
): Promise<CheckLine[]> {
  const chosen = victimOf(plan, power.apiNode, underHa);
  if ("none" in chosen) {
    const hypervisors = plan.namespaces.filter((ns) => ns.role === "hypervisor").length;
    return [
      {
        check: "fault: hypervisor dies",
        from: `${hypervisors} hypervisors`,
        to: "-",
        passed: true,
        detail: chosen.none,
      },
    ];
  }
  const victim = chosen.node;
  const recovering = chosen.vms.filter(({ vm }) => underHa.has(vm.device));
  const bound = power.recoverySeconds + DATA_PLANE_SECONDS;
  const cutAt = Date.now();
  try {
    await power.cut(victim.device);
  } catch (refused) {
    return [
      {
        check: "fault: hypervisor dies",
        from: `${victim.device}`,
        to: "-",
        passed: false,
        detail: `its power could not be cut: ${(refused as Error).message}`,
      },
    ];
  }
  // Its guests die with it, and the NICs they had there; then its own links go down.
  for (const { link } of chosen.vms) unplug(link);
  const links = interfacesOf(victim.name);
  for (const name of links) linkSet(victim.name, name, "down");
  const cabled = new Map<NamespacePlan, VethPlan | undefined>(recovering.map(({ vm }) => [vm, undefined]));
  const recovered = await follow(plan, power, cabled, (node) => node !== victim.device, cutAt, bound);
  const lines: CheckLine[] = recovering.map(({ vm }) => {
    const arrival = recovered.arrived.get(vm);
    const seen = recovered.lastSeen.get(vm);
    return {
      check: "fault: hypervisor dies, each of its HA VMs answers its gateway from another node",
      from: `${vm.device} (${victim.device} powered off)`,
      to: `${vm.defaultRoute}${arrival ? ` from ${arrival.node}` : ""}`,
      passed: arrival !== undefined,
      detail: arrival
        ? `HA started it on ${arrival.node} within ${bound} s`
        : `not answering from another node ${bound} s after the power cut (HA's bound ${power.recoverySeconds} s); ${seen ? `the API last showed it running on ${seen}` : "the API showed it running nowhere"}`,
      ...(arrival ? { seconds: arrival.seconds } : {}),
    };
  });
  // A node rejoins its cluster over its network: its links come up and its fabric converges (every
  // loopback answering) before its power does in the emulator, as a real boot's corosync needs.
  for (const name of links) linkSet(victim.name, name, "up");
  await secondsUntil(async () => (await unreachableLoopbacks(plan, 0.5)).length === 0, FABRIC_SECONDS);
  const backAt = Date.now();
  await power.restore(victim.device);
  const returned = await follow(plan, power, cabled, (node) => node === victim.device, backAt, bound);
  for (const { vm } of recovering) {
    const arrival = returned.arrived.get(vm);
    const seen = returned.lastSeen.get(vm);
    lines.push({
      check: "fault: hypervisor back, its HA VMs fail back to it",
      from: `${vm.device}`,
      to: `${vm.defaultRoute} from ${victim.device}`,
      passed: arrival !== undefined,
      detail: arrival
        ? `back on ${victim.device}, which its rule prefers`
        : `not back on ${victim.device} ${bound} s after its power came back; ${seen ? `the API last showed it running on ${seen}` : "the API showed it running nowhere"}`,
      ...(arrival ? { seconds: arrival.seconds } : {}),
    });
  }
  return lines;
}
