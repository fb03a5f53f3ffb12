import { addressOf, contains, hostAddress, lengthOf, overlaps } from "../config/addressing";
import type { StackConfig } from "../config/schema";
import { fabricLoopbacks } from "./addressing-plan";
import { UNDERLAY_ADDRESS_LIST } from "./fabric";
import { apiPort, forwardChain, namedNetworks, type PlannedRule } from "./firewall-plan";
import { managementEntries, operatorsOnZeroTier } from "./management-path";
import { type FlowMember, tcpSynVerdict } from "./zerotier-flow";

const key = (path: string) => `budgetcloud:${path}`;

/** Addresses a router's API is reached at without crossing the fabric: the lab's emulators, an SSH tunnel. */
const LOCAL = "127.0.0.0/8";

/**
 * Ways a stack could cut Pulumi and the operators off the routers: a firewall rule on the way to a
 * router's API, a `host` that is no address of the router, and an operators' ZeroTier network with
 * no way into the management network, no one authorized on it, or flow rules that drop the way in.
 */
export function lockoutProblems(config: StackConfig): string[] {
  return [
    ...inputChainLockout(config),
    ...hostsThatAreNotTheRouters(config),
    ...operatorsWayIn(config),
    ...operatorsUnauthorized(config),
    ...operatorsDroppedByFlowRules(config),
  ];
}

/** A new connection to a router's API, as a chain sees it. */
interface ApiProbe {
  dstAddress: string;
  port: string;
  /** The port it leaves by, for a forward chain. */
  outInterface?: string;
}

/** A rule of a chain, and what names it in an error. */
export interface Placed {
  rule: PlannedRule;
  where: string;
}

/**
 * The first rule that drops part of `whole` on its way to the API, with that part; undefined when
 * every address of it is accepted first. Prefixes are split as rules take pieces out, so a rule
 * that drops a /25 of a /24 the one before accepted half of is found.
 */
export function firstCut(
  chain: Placed[],
  whole: string,
  probe: ApiProbe,
  lists: ReadonlyMap<string, string[]>,
): { where: string; rule: PlannedRule; cut: string[] } | undefined {
  let open = [whole];
  for (const placed of chain) {
    const { rule } = placed;
    if (rule.connectionState && !rule.connectionState.includes("new")) continue;
    if (rule.protocol && rule.protocol !== "tcp") continue;
    if (rule.dstPort && !portsInclude(rule.dstPort, Number(probe.port))) continue;
    if (rule.dstAddress && !contains(rule.dstAddress, probe.dstAddress)) continue;
    if (rule.dstAddressList && !(lists.get(rule.dstAddressList) ?? []).some((p) => contains(p, probe.dstAddress)))
      continue;
    if (rule.outInterface && rule.outInterface !== probe.outInterface) continue;
    const sources = rule.srcAddressList ? (lists.get(rule.srcAddressList) ?? []) : [rule.srcAddress ?? "0.0.0.0/0"];
    if (rule.action === "accept") {
      open = open.flatMap((prefix) =>
        sources.reduce((rest, taken) => rest.flatMap((p) => without(p, taken)), [prefix]),
      );
      if (open.length === 0) return undefined;
      continue;
    }
    const cut = open.flatMap((prefix) =>
      sources.filter((s) => overlaps(prefix, s)).map((s) => (lengthOf(prefix) >= lengthOf(s) ? prefix : s)),
    );
    if (cut.length > 0) return { ...placed, cut: [...new Set(cut)] };
  }
  // A packet no rule takes is accepted: RouterOS chains have no policy of their own.
  return undefined;
}

function portsInclude(ports: string, port: number): boolean {
  return ports.split(",").some((range) => {
    const [low, high] = range.split("-").map(Number);
    return port >= low && port <= (high ?? low);
  });
}

/** What is left of a prefix once another is taken out of it, as the prefixes that cover the rest. */
function without(prefix: string, taken: string): string[] {
  if (!overlaps(prefix, taken)) return [prefix];
  if (lengthOf(taken) <= lengthOf(prefix)) return [];
  const half = lengthOf(prefix) + 1;
  const halves = [`${addressOf(prefix)}/${half}`, `${hostAddress(prefix, 2 ** (32 - half))}/${half}`];
  return halves.flatMap((h) => without(h, taken));
}

/** The address lists a planned chain names, as the prefixes they hold. */
function addressLists(config: StackConfig): Map<string, string[]> {
  // A loopback without an address is the cross-checks' to name; it is in no list.
  const loopbacks = fabricLoopbacks(config).filter((address) => address !== "");
  return new Map([[UNDERLAY_ADDRESS_LIST, loopbacks.map((a) => `${a}/32`)]]);
}

/**
 * The stack's input rules are the first a new connection to a router meets (only replies and
 * invalid packets come before them), and the accepts of the management network and of the
 * operators follow them: any part of either that an input rule drops on the API's port before an
 * input rule accepts it is cut off the API.
 */
function inputChainLockout(config: StackConfig): string[] {
  const problems: string[] = [];
  const networks = namedNetworks(config);
  const chain: Placed[] = config.firewall.input.map((rule, i) => ({
    rule: {
      action: rule.action,
      srcAddress: networks.get(rule.src) ?? rule.src,
      ...(rule.protocol ? { protocol: rule.protocol } : {}),
      ...(rule.dstPort ? { dstPort: rule.dstPort } : {}),
      comment: rule.comment ?? `${rule.action} from ${rule.src}`,
    },
    where: key(`firewall.input[${i}]`),
  }));
  const kept: [string, string][] = [
    ...config.management.operators.map((operators, o): [string, string] => [
      key(`management.operators[${o}]`),
      operators,
    ]),
    [key("management.cidr"), config.management.cidr],
  ];
  config.routers.forEach((router, r) => {
    const port = apiPort(config, router);
    for (const [where, whole] of kept) {
      const found = firstCut(chain, whole, { dstAddress: router.host, port }, addressLists(config));
      if (!found) continue;
      const part = found.cut.length === 1 && found.cut[0] === whole ? "" : `${found.cut.join(", ")} of `;
      problems.push(
        `${found.where}: on ${router.name} (${key(`routers[${r}]`)}), the rule "${found.rule.comment}" would cut ${part}${where} (${whole}) off the API on port ${port}; refusing to lock Pulumi out`,
      );
    }
  });
  return problems;
}

/**
 * A router's `host` is where Pulumi opens its API: an address the router does not hold reaches
 * some other device, or none, and the firewall checks above would guard the wrong address. A
 * loopback host (the lab's emulators, a tunnel) reaches the router without crossing the fabric.
 */
function hostsThatAreNotTheRouters(config: StackConfig): string[] {
  return config.routers.flatMap((router, r) => {
    if (contains(LOCAL, router.host)) return [];
    const held = router.interfaces.flatMap((i) => (i.address ? [addressOf(i.address)] : []));
    if (held.includes(router.host)) return [];
    return [
      `${key(`routers[${r}].host`)}: ${router.host} is none of ${router.name}'s addresses (${held.join(", ")}): Pulumi would open the API of another device, or of none`,
    ];
  });
}

/**
 * Operators on their ZeroTier network reach a router's API through a router that joins it and has
 * a port on the management network: Central must route the management network there, and that
 * router's forward chain must let all of the operators' prefix through to each API.
 */
function operatorsWayIn(config: StackConfig): string[] {
  const network = config.zerotier?.network;
  if (!network) return [];
  const [entry] = managementEntries(config);
  const problems: string[] = [];
  config.management.operators.forEach((operators, o) => {
    if (!operatorsOnZeroTier(config).includes(operators)) return;
    const where = key(`management.operators[${o}]`);
    if (!entry) {
      problems.push(
        `${where}: ${operators} is on the ZeroTier network ${network.name}, but no router that joins it (${key("zerotier.routers")}) has a port on the management network ${config.management.cidr}: the operators would reach no router's API`,
      );
      return;
    }
    const chain = forwardChain(config, entry.router).map((rule) => ({ rule, where }));
    config.routers.forEach((router, r) => {
      if (contains(LOCAL, router.host) || router.name === entry.router.name) return;
      if (!contains(config.management.cidr, router.host)) {
        problems.push(
          `${key(`routers[${r}].host`)}: ${router.host} is outside the management network ${config.management.cidr}, the one network the operators on ${network.name} are routed to through ${entry.router.name}`,
        );
        return;
      }
      const port = apiPort(config, router);
      const probe = { dstAddress: router.host, port, outInterface: entry.port };
      const found = firstCut(chain, operators, probe, addressLists(config));
      if (found) {
        problems.push(
          `${where}: ${found.cut.join(", ")} would be dropped by "${found.rule.comment}" on ${entry.router.name}, the way the operators reach ${router.name}'s API (${router.host}:${port}); refusing to lock Pulumi out`,
        );
      }
    });
  });
  return problems;
}

/**
 * The stack's members in the operators' prefix are the operators' devices it manages: when it
 * lists some and authorizes none, the up would cut every one of them off (members it does not list
 * are Central's own, and stay as they are).
 */
function operatorsUnauthorized(config: StackConfig): string[] {
  const zt = config.zerotier;
  if (!zt) return [];
  return config.management.operators.flatMap((operators, o) => {
    if (!operatorsOnZeroTier(config).includes(operators)) return [];
    const listed = zt.members.filter((m) => contains(operators, m.ip ?? zt.network.pool.start));
    if (listed.length === 0 || listed.some((m) => m.authorized)) return [];
    return [
      `${key(`management.operators[${o}]`)}: every member of ${zt.network.name} in ${operators} is unauthorized (${listed.map((m) => m.name).join(", ")}, ${key("zerotier.members")}): no operator could reach the routers`,
    ];
  });
}

/**
 * The network's flow rules filter the operators' connections before any router does: on their
 * device's way out and on the entry router's way in. Where they drop every new connection from
 * the operators' devices to a router's API, the up would lock them out; where the evaluation cannot
 * tell (a source port, a capability Central may have given), the stack goes through. The stack's
 * authorized members in the operators' prefix are their devices; when it lists none there, the
 * members are Central's own, holding whatever capabilities and tags Central gave them.
 */
function operatorsDroppedByFlowRules(config: StackConfig): string[] {
  const zt = config.zerotier;
  const [entry] = managementEntries(config);
  const joined = entry && zt?.routers.find((r) => r.router === entry.router.name);
  if (!zt || !entry || !joined) return [];
  const problems: string[] = [];
  config.management.operators.forEach((operators, o) => {
    if (!operatorsOnZeroTier(config).includes(operators)) return;
    const where = key(`management.operators[${o}]`);
    const listed = zt.members.filter((m) => contains(operators, m.ip ?? zt.network.pool.start));
    const devices = listed.filter((m) => m.authorized);
    // A member without an address of its own is given one from the pool, in the network.
    const senders: { sender: FlowMember; source: string }[] =
      listed.length === 0
        ? [{ sender: {}, source: operators }]
        : devices.map((m) => ({ sender: m, source: m.ip ? `${m.ip}/32` : zt.network.cidr }));
    // Every device it lists there unauthorized: operatorsUnauthorized says so.
    if (senders.length === 0) return;
    const who =
      listed.length === 0
        ? `the members in ${where} (${operators}), whatever their capabilities,`
        : `the operators' devices in ${where} (${operators}: ${devices.map((m) => m.name).join(", ")})`;
    for (const router of config.routers) {
      const entering = router.name === entry.router.name;
      if (contains(LOCAL, router.host) || (!entering && !contains(config.management.cidr, router.host))) continue;
      const port = apiPort(config, router);
      const verdicts = senders.map(({ sender, source }) =>
        tcpSynVerdict(zt.network.rules, {
          sender,
          receiver: joined,
          source,
          destination: router.host,
          port: Number(port),
        }),
      );
      if (!verdicts.every((v) => v.outcome === "drop")) continue;
      const by = [...new Set(verdicts.flatMap((v) => (v.outcome === "drop" ? v.by : [])))];
      const dropper =
        by.length > 0 ? `by ${by.map((line) => `"${line}"`).join(" and ")}` : "for want of a rule that accepts them";
      problems.push(
        `${key("zerotier.network.rules")}: ${who} would be dropped ${dropper} on ${zt.network.name}, the way they reach ${router.name}'s API (${router.host}:${port})${entering ? "" : ` through ${entry.router.name}`}; refusing to lock Pulumi out`,
      );
    }
  });
  return problems;
}
