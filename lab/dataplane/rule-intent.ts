import * as ipaddr from "ipaddr.js";
import { addressOf } from "../../config/addressing";
import type { StackConfig } from "../../config/schema";
import { namedNetworks } from "../../plan/firewall-plan";
import type { CheckLine } from "./checks";
import type { DataPlanePlan, FirewallRulePlan } from "./model";

/** What the stack means a router to forward: sources to destinations, or sources out of an uplink. */
interface Intent {
  what: string;
  sources: string[];
  destinations: string[] | "out of an uplink";
}

const ANY = "0.0.0.0/0";

/** An address, prefix or `a-b` range as RouterOS writes it, as the first and last address. */
function span(text: string): [number, number] {
  const value = (address: string) =>
    ipaddr.IPv4.parse(address)
      .toByteArray()
      .reduce((n, b) => n * 256 + b, 0);
  if (text.includes("-")) {
    const [first, last] = text.split("-");
    return [value(first), value(last)];
  }
  const [address, length] = text.includes("/") ? text.split("/") : [text, "32"];
  const size = 2 ** (32 - Number(length));
  const first = Math.floor(value(address) / size) * size;
  return [first, first + size - 1];
}

/** Whether every address of `text` lies in one of `prefixes`. */
function coveredBy(text: string, prefixes: string[]): boolean {
  const spans = prefixes.map(span).sort((x, y) => x[0] - y[0]);
  const [first, last] = span(text);
  let reached = first - 1;
  for (const [low, high] of spans) {
    if (low > reached + 1) continue;
    reached = Math.max(reached, high);
    if (reached >= last) return true;
  }
  return false;
}

/** The stack's intent for forwarded traffic, from its keys alone: what a forward accept may let through. */
export function forwardIntent(config: StackConfig): Intent[] {
  const networks = namedNetworks(config);
  const prefixOf = (name: string) => (name.includes("/") ? name : (networks.get(name) ?? name));
  const loopbacks = [
    ...config.routers.flatMap((r) => r.interfaces.filter((i) => i.loopback && i.address).map((i) => i.address ?? "")),
    ...config.hypervisors.map((h) => h.loopback),
  ].map((cidr) => `${addressOf(cidr)}/32`);
  const sources = [
    ...config.tenants.map((t) => ({ name: t.name, cidr: t.cidr, allow: t.allow })),
    ...(config.zerotier ? [config.zerotier.network] : []),
  ];
  return [
    { what: "the underlay, loopback to loopback", sources: loopbacks, destinations: loopbacks },
    ...sources.flatMap((s) =>
      s.allow.map((allowed) => ({
        what: `${s.name} to ${allowed}`,
        sources: [s.cidr],
        destinations: [prefixOf(allowed)],
      })),
    ),
    ...config.management.operators.map((operators) => ({
      what: `budgetcloud:management.operators ${operators} to the management network`,
      sources: [operators],
      destinations: [config.management.cidr],
    })),
    ...(config.monitoring
      ? [
          {
            what: "the SNMP poller to the tenants",
            sources: [`${config.monitoring.poller}/32`],
            destinations: config.tenants.map((t) => t.cidr),
          },
        ]
      : []),
    ...config.firewall.forward.map((rule) => ({
      what: `budgetcloud:firewall.forward ${rule.src} to ${rule.dst}`,
      sources: [prefixOf(rule.src)],
      destinations: [prefixOf(rule.dst)],
    })),
    ...config.tenants
      .filter((t) => t.internet)
      .map((t): Intent => ({ what: `${t.name} to the internet`, sources: [t.cidr], destinations: "out of an uplink" })),
  ];
}

/** A new connection's accept that no intent holds whole, described; undefined when one does. */
function widerThanIntent(rule: FirewallRulePlan, intents: Intent[], uplinks: ReadonlySet<string>): string | undefined {
  if (rule.action !== "accept" || (rule.connectionState && !rule.connectionState.includes("new"))) return undefined;
  // A list matches each of its addresses: every one must be within the intent.
  const sources = rule.srcAddressList?.addresses ?? [rule.srcAddress ?? ANY];
  const destinations = rule.dstAddressList?.addresses ?? [rule.dstAddress ?? ANY];
  const fits = intents.some((intent) => {
    if (!sources.every((source) => coveredBy(source, intent.sources))) return false;
    if (intent.destinations === "out of an uplink")
      return rule.outInterface !== undefined && uplinks.has(rule.outInterface);
    const allowed = intent.destinations;
    return destinations.every((destination) => coveredBy(destination, allowed));
  });
  if (fits) return undefined;
  const describe = (list: FirewallRulePlan["srcAddressList"], address: string | undefined, otherwise: string) =>
    list ? `list ${list.name} (${list.addresses.join(", ")})` : (address ?? otherwise);
  const from = describe(rule.srcAddressList, rule.srcAddress, "anywhere");
  const to = describe(
    rule.dstAddressList,
    rule.dstAddress,
    rule.outInterface ? `out of ${rule.outInterface}` : "anywhere",
  );
  return `${rule.origin} accepts ${from} to ${to}, which no key of the stack allows`;
}

/**
 * Every forward accept on every router, read from the devices, against the stack's intent: a rule
 * wider than any allow, allow list, rule or uplink of the stack fails its router's line.
 */
export function forwardAcceptsWithinIntent(plan: DataPlanePlan, config: StackConfig): CheckLine[] {
  const intents = forwardIntent(config);
  const uplinks = new Set(config.routers.flatMap((r) => (r.uplink ? [r.uplink] : [])));
  return plan.namespaces
    .filter((ns) => ns.role === "router" && ns.firewall)
    .map((router) => {
      const wider = (router.firewall?.forward ?? []).flatMap((rule) => widerThanIntent(rule, intents, uplinks) ?? []);
      return {
        check: "forward accepts stay within the stack's intent",
        from: router.device,
        to: `${router.firewall?.forward.length ?? 0} forward rules`,
        passed: wider.length === 0,
        detail: wider.length === 0 ? "every accept is one the stack names" : wider.join("; "),
      };
    });
}
