import * as ipaddr from "ipaddr.js";
import type { ConfigTree } from "./tree";

/** What a router's input chain does with a new API connection. */
export interface Admission {
  verdict: "accept" | "drop" | "reject";
  /** The rule that decided, as print numbers it in the input chain, or "no rule" (the chain's accept). */
  rule: string;
}

/** Fields of a filter rule that say what it does rather than what it matches. */
const SETTINGS = new Set([
  "chain",
  "action",
  "comment",
  "disabled",
  "log",
  "log-prefix",
  "reject-with",
  "jump-target",
  "address-list",
  "address-list-timeout",
  "dynamic",
  "invalid",
]);

/**
 * A new API connection from `source` to the API `port`, sent through the router's input chain as
 * RouterOS sends a TCP SYN: the first enabled rule whose matchers all hold decides, and a packet that
 * falls through every rule is accepted. A lab connection arrives on no interface the stack names and
 * to no address the router holds, so a rule that matches on either, or on anything else the lab
 * cannot tell, never matches it.
 */
export function admitConnection(tree: ConfigTree, source: string, port: number): Admission {
  const lists = tree.items("ip/firewall/address-list").filter((item) => item.fields.disabled !== "true");
  const inList = (name: string) =>
    lists.some((item) => item.fields.list === name && covers(item.fields.address, source));
  const rules = tree.items("ip/firewall/filter").filter((item) => item.fields.chain === "input");
  for (const [index, { fields }] of rules.entries()) {
    if (fields.disabled === "true") continue;
    const holds = Object.entries(fields).every(([name, value]) => {
      if (SETTINGS.has(name)) return true;
      const [negated, text] = value.startsWith("!") ? [true, value.slice(1)] : [false, value];
      const matched = matcher(name, text, { source, port, inList });
      return matched === undefined ? false : matched !== negated;
    });
    if (!holds) continue;
    const action = fields.action ?? "accept";
    const rule = `input rule ${index}${fields.comment ? ` "${fields.comment}"` : ""}`;
    if (action === "accept") return { verdict: "accept", rule };
    if (action === "drop" || action === "tarpit") return { verdict: "drop", rule };
    if (action === "reject") return { verdict: "reject", rule };
    // passthrough, log, add-src-to-address-list and the like go on to the next rule; budgetcloud
    // plans no jump, and the lab does not follow one.
  }
  return { verdict: "accept", rule: "no rule" };
}

/** Whether one matcher holds for the connection; undefined for one the lab cannot tell. */
function matcher(
  name: string,
  value: string,
  connection: { source: string; port: number; inList: (list: string) => boolean },
): boolean | undefined {
  switch (name) {
    case "connection-state":
      return value.split(",").includes("new");
    case "protocol":
      return value === "tcp" || value === "6";
    case "src-address":
      return covers(value, connection.source);
    case "src-address-list":
      return connection.inList(value);
    case "dst-port":
      return value.split(",").some((range) => {
        const [low, high] = range.split("-").map(Number);
        return connection.port >= low && connection.port <= (high ?? low);
      });
    default:
      return undefined;
  }
}

/** Whether an address, a prefix or a range as RouterOS writes them holds `address`. */
function covers(value: string, address: string): boolean {
  const ip = ipaddr.IPv4.parse(address);
  if (value.includes("-")) {
    const [low, high] = value.split("-").map((a) => ipaddr.IPv4.parse(a).toByteArray());
    const bytes = ip.toByteArray();
    const number = (b: number[]) => b.reduce((n, x) => n * 256 + x, 0);
    return number(bytes) >= number(low) && number(bytes) <= number(high);
  }
  return ip.match(ipaddr.IPv4.parseCIDR(value.includes("/") ? value : `${value}/32`));
}
