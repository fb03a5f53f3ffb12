import type { FirewallPlan, FirewallRulePlan } from "./model";

/** The table the data plane's firewall lives in, inside each router namespace. */
const FIREWALL_TABLE = "budgetcloud";

// IANA protocol numbers: nft knows tcp, udp and icmp by name, but not every name RouterOS takes.
const protocols: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, ospf: 89, vrrp: 112 };

function protocolNumber(rule: FirewallRulePlan): number {
  const number = protocols[rule.protocol ?? ""] ?? Number(rule.protocol);
  if (!Number.isInteger(number)) throw new Error(`${rule.origin}: protocol ${rule.protocol} is not realized`);
  return number;
}

const quote = (text: string) => `"${text.replace(/"/g, "'")}"`;

function ruleText(rule: FirewallRulePlan): string | undefined {
  const parts: string[] = [];
  if (rule.inInterface) parts.push(`iifname ${quote(rule.inInterface)}`);
  if (rule.outInterface) parts.push(`oifname ${quote(rule.outInterface)}`);
  if (rule.srcAddress) parts.push(`ip saddr ${rule.srcAddress}`);
  if (rule.dstAddress) parts.push(`ip daddr ${rule.dstAddress}`);
  // An empty list matches nothing: nft takes no empty anonymous set, so the rule is left out.
  if (rule.srcAddressList?.addresses.length === 0 || rule.dstAddressList?.addresses.length === 0) return undefined;
  if (rule.srcAddressList) parts.push(`ip saddr { ${rule.srcAddressList.addresses.join(", ")} }`);
  if (rule.dstAddressList) parts.push(`ip daddr { ${rule.dstAddressList.addresses.join(", ")} }`);
  if (rule.protocol) parts.push(`meta l4proto ${protocolNumber(rule)}`);
  if (rule.dstPort) parts.push(`${rule.protocol} dport { ${rule.dstPort.split(",").join(", ")} }`);
  if (rule.connectionState) parts.push(`ct state { ${rule.connectionState.join(", ")} }`);
  parts.push(rule.action, `comment ${quote(rule.origin)}`);
  return parts.join(" ");
}

/**
 * A router's filter and src-NAT as one nftables table. RouterOS accepts what no rule of a chain
 * matched, so every chain's policy is accept; the rules keep their order and say where they come from.
 */
export function nftablesConfig(firewall: FirewallPlan): string {
  const chain = (name: string, hook: string, type: string, priority: string, rules: FirewallRulePlan[]) => [
    `  chain ${name} {`,
    `    type ${type} hook ${hook} priority ${priority}; policy accept;`,
    ...rules.flatMap((rule) => {
      const text = ruleText(rule);
      return text === undefined ? [] : [`    ${text}`];
    }),
    "  }",
  ];
  return `${[
    `table ip ${FIREWALL_TABLE} {`,
    ...chain("input", "input", "filter", "filter", firewall.input),
    ...chain("forward", "forward", "filter", "filter", firewall.forward),
    ...chain("srcnat", "postrouting", "nat", "srcnat", firewall.srcnat),
    "}",
  ].join("\n")}\n`;
}
