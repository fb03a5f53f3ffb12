import { addressOf } from "../../config/addressing";
import { type Adjacency, type CheckLine, impliedAdjacencies, ospfAdjacencies, unreachableLoopbacks } from "./checks";
import type { DataPlanePlan, NamespacePlan, VethPlan } from "./model";
import { ping } from "./probes";
import { run } from "./realize";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a condition until it holds; the seconds it took, or undefined when the time ran out. */
export async function secondsUntil(
  condition: () => Promise<boolean>,
  timeoutSeconds: number,
  since = Date.now(),
): Promise<number | undefined> {
  while (Date.now() - since < timeoutSeconds * 1000) {
    if (await condition()) return (Date.now() - since) / 1000;
    await sleep(100);
  }
  return undefined;
}

export const linkSet = (namespace: string, iface: string, state: "up" | "down") =>
  run("ip", ["-n", namespace, "link", "set", iface, state]);

/** Whether the routers and hypervisors stay one network over the cables left when `cut` goes. */
function survivesCut(plan: DataPlanePlan, cut: VethPlan): boolean {
  const fabric = new Set(
    plan.namespaces.filter((ns) => ["router", "hypervisor"].includes(ns.role)).map((ns) => ns.name),
  );
  const cables = plan.veths.filter((v) => v !== cut && fabric.has(v.a.namespace) && fabric.has(v.b.namespace));
  const [first] = fabric;
  const reached = new Set([first]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { a, b } of cables) {
      if (reached.has(a.namespace) !== reached.has(b.namespace)) {
        reached.add(a.namespace).add(b.namespace);
        grew = true;
      }
    }
  }
  return reached.size === fabric.size;
}

/**
 * Cuts the first ring link (router to router) that the cabling can do without, and times how long
 * until every loopback answers again.
 */
export async function cutRingLink(plan: DataPlanePlan): Promise<CheckLine> {
  const roleOf = (name: string) => plan.namespaces.find((ns) => ns.name === name)?.role;
  const routerLinks = plan.veths.filter(
    (v) => roleOf(v.a.namespace) === "router" && roleOf(v.b.namespace) === "router",
  );
  if (routerLinks.length === 0)
    return {
      check: "fault: ring link cut",
      from: "-",
      to: "-",
      passed: false,
      detail: "the plan has no router-to-router link",
    };
  const ring = routerLinks.find((v) => survivesCut(plan, v));
  // A tree of routers has no way around a cut: nothing to reroute, and nothing to fail.
  if (!ring)
    return {
      check: "fault: ring link cut",
      from: `${routerLinks.length} router links`,
      to: "-",
      passed: true,
      detail: "every router link is the only way between two parts of the fabric: no cut leaves a way around",
    };
  const device = (name: string) => plan.namespaces.find((ns) => ns.name === name)?.device;
  const line = {
    check: "fault: ring link cut, loopbacks reroute",
    from: `${device(ring.a.namespace)} ${ring.a.interface}`,
    to: `${device(ring.b.namespace)} ${ring.b.interface}`,
  };
  const cut = Date.now();
  linkSet(ring.a.namespace, ring.a.interface, "down");
  try {
    const seconds = await secondsUntil(async () => (await unreachableLoopbacks(plan, 0.5)).length === 0, 30, cut);
    const lost = seconds === undefined ? await unreachableLoopbacks(plan) : [];
    return {
      ...line,
      passed: seconds !== undefined,
      detail:
        seconds !== undefined
          ? "every loopback answers again (reconvergence)"
          : `still unreachable: ${lost.map(([a, b]) => `${a.device} → ${b.device}`).join(", ")}`,
      ...(seconds !== undefined ? { seconds } : {}),
    };
  } finally {
    linkSet(ring.a.namespace, ring.a.interface, "up");
  }
}

const holdsAddress = (namespace: string, address: string) =>
  run("ip", ["-n", namespace, "-o", "address", "show", "to", `${address}/32`]).trim() !== "";

/**
 * The routers VRRP hands the gateway to when its master goes: of the others, those with the
 * highest priority for it (between equals the higher address wins, which the plan does not know).
 */
export function nextMasters(
  routers: readonly NamespacePlan[],
  master: NamespacePlan,
  gateway: string,
): NamespacePlan[] {
  const priorityOf = (router: NamespacePlan) =>
    router.vrrp.find((v) => v.addresses.some((a) => addressOf(a) === gateway))?.priority ?? 0;
  const others = routers.filter((router) => router !== master);
  const highest = Math.max(...others.map(priorityOf));
  return others.filter((router) => priorityOf(router) === highest);
}

/**
 * Takes the VRRP master of a tenant down (its tenant bridge), times how long until the tenant's
 * VM reaches the gateway again through the backup, then brings it back and checks preemption as
 * the master's VRRP says: the address goes back to it, or stays with the backup.
 */
export async function vrrpFailover(plan: DataPlanePlan, vm: NamespacePlan): Promise<CheckLine[]> {
  const gateway = vm.defaultRoute as string;
  const routers = plan.namespaces.filter((ns) =>
    ns.vrrp.some((v) => v.addresses.some((a) => addressOf(a) === gateway)),
  );
  const master = routers.find((r) => holdsAddress(r.name, gateway));
  const instance = master?.vrrp.find((v) => v.addresses.some((a) => addressOf(a) === gateway));
  const backups = master ? nextMasters(routers, master, gateway) : [];
  const line = { from: `${vm.device}`, to: `${gateway} (VRRP)` };
  if (!master || !instance || backups.length === 0) {
    return [
      {
        ...line,
        check: "fault: VRRP master down",
        passed: false,
        detail: `no router holds ${gateway} and has a backup`,
      },
    ];
  }
  const down = Date.now();
  linkSet(master.name, instance.interface, "down");
  let failover: number | undefined;
  try {
    failover = await secondsUntil(() => ping(vm.name, gateway, { timeoutSeconds: 0.3 }), 20, down);
  } finally {
    linkSet(master.name, instance.interface, "up");
  }
  const backup = failover === undefined ? undefined : backups.find((router) => holdsAddress(router.name, gateway));
  const names = backups.map((router) => router.device);
  const notHolding = names.length === 1 ? `${names[0]} does not hold it` : `none of ${names.join(", ")} holds it`;
  const lines: CheckLine[] = [
    {
      ...line,
      check: "fault: VRRP master down, VM reaches the gateway through the backup",
      passed: backup !== undefined,
      detail: backup
        ? `${master.device} ${instance.interface} down; ${backup.device} took ${gateway} (failover)`
        : `${master.device} ${instance.interface} down; the VM ${failover === undefined ? "never reached the gateway" : `reached it, but ${notHolding}`}`,
      ...(failover !== undefined ? { seconds: failover } : {}),
    },
  ];
  const back = Date.now();
  if (instance.preempt) {
    const seconds = await secondsUntil(
      async () => holdsAddress(master.name, gateway) && (await ping(vm.name, gateway, { timeoutSeconds: 0.3 })),
      20,
      back,
    );
    lines.push({
      ...line,
      check: "fault: VRRP master back, preempts",
      passed: seconds !== undefined,
      detail:
        seconds !== undefined
          ? `${master.device} (priority ${instance.priority}) took ${gateway} back`
          : `${master.device} did not take ${gateway} back`,
      ...(seconds !== undefined ? { seconds } : {}),
    });
  } else {
    await sleep(instance.advertInterval * 4000);
    const stayed = backup !== undefined && holdsAddress(backup.name, gateway);
    lines.push({
      ...line,
      check: "fault: VRRP master back, does not preempt",
      passed: stayed,
      detail: stayed
        ? `${backup.device} keeps ${gateway}: preemption is off`
        : `${backup?.device ?? names.join(" or ")} lost ${gateway} though preemption is off`,
    });
  }
  return lines;
}

/**
 * Changes the OSPF key of one end of the first MD5 adjacency, as someone changing it out of band
 * on that router: that adjacency must go down and stay down, with the reason, while every other
 * stays Full. The key is put back afterwards and the adjacency comes back.
 */
export async function ospfKeyMismatch(plan: DataPlanePlan): Promise<CheckLine[]> {
  const adjacency = impliedAdjacencies(plan).find((adj) => adj.a.ospf.md5 && adj.b.ospf.md5);
  if (!adjacency?.a.ospf.md5)
    return [{ check: "fault: OSPF key mismatch", from: "-", to: "-", passed: false, detail: "no MD5 adjacency" }];
  const { ns, ospf } = adjacency.a;
  const md5 = ospf.md5 as NonNullable<typeof ospf.md5>;
  /** One line of FRR configuration on the interface, as an operator types it into vtysh. */
  const onInterface = (line: string) =>
    run("vtysh", ["-N", ns.name, "-c", "configure terminal", "-c", `interface ${ospf.name}`, "-c", line]);
  const setKey = (key: string) => onInterface(`ip ospf message-digest-key ${md5.keyId} md5 ${key}`);
  const dropKey = () => onInterface(`no ip ospf message-digest-key ${md5.keyId}`);
  const changed = `${md5.key.slice(0, 12)}-oob`;
  const mismatched: Adjacency = {
    ...adjacency,
    a: { ...adjacency.a, ospf: { ...ospf, md5: { ...md5, key: changed } } },
  };
  const replan: DataPlanePlan = {
    ...plan,
    namespaces: plan.namespaces.map((n) =>
      n === ns
        ? {
            ...n,
            ospf: n.ospf && {
              ...n.ospf,
              interfaces: n.ospf.interfaces.map((i) => (i === ospf ? mismatched.a.ospf : i)),
            },
          }
        : n,
    ),
  };
  const changedAt = Date.now();
  dropKey();
  setKey(changed);
  // Long enough for the dead interval to pass twice: an adjacency that survives it is not down.
  await sleep(8000);
  const down = impliedAdjacencies(replan).find(
    (adj) => adj.a.ns.name === ns.name && adj.a.ospf.name === ospf.name,
  ) as Adjacency;
  const states = await ospfAdjacencies(replan, { since: changedAt, timeoutSeconds: 0, expectDown: [down] });
  const broken = states.find((s) => s.check === "OSPF adjacency stays down") as CheckLine;
  const others = states.filter((s) => s !== broken);
  dropKey();
  setKey(md5.key);
  const restoredAt = Date.now();
  const restored = await ospfAdjacencies(plan, { since: restoredAt, timeoutSeconds: 30 });
  const back = restored.find((s) => s.from === broken.from && s.to === broken.to);
  return [
    { ...broken, check: "fault: OSPF key changed on one router, adjacency stays down" },
    {
      check: "fault: OSPF key mismatch leaves the others Full",
      from: `${others.length} other adjacencies`,
      to: "-",
      passed: others.every((s) => s.passed),
      detail:
        others
          .filter((s) => !s.passed)
          .map((s) => `${s.from} ↔ ${s.to}: ${s.detail}`)
          .join("; ") || "all Full",
    },
    {
      check: "fault: OSPF key put back, adjacency Full again",
      from: broken.from,
      to: broken.to,
      passed: back?.passed ?? false,
      detail: back?.detail ?? "not found",
      ...(back?.seconds !== undefined ? { seconds: back.seconds } : {}),
    },
  ];
}
