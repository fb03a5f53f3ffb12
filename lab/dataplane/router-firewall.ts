import { ruleFields } from "../../providers/routeros/menus/firewall";
import type { RouterDump } from "./device-dump";
import type { DeviceRow, MenuFields } from "./device-rows";
import type { AddressListPlan, FirewallPlan, FirewallRulePlan } from "./model";
import { rowsOf } from "./router-menus";

const matchers = [
  "protocol",
  "src-address",
  "dst-address",
  "src-address-list",
  "dst-address-list",
  "dst-port",
  "in-interface",
  "out-interface",
] as const;

const inert = {
  log: ["false"],
  "log-prefix": [""],
  bytes: "any",
  packets: "any",
  invalid: ["false"],
  dynamic: ["false"],
  comment: "any",
} as const;

// Every field budgetcloud may set that the data plane does not build must stay at its default.
const unbuilt = Object.fromEntries(
  Object.keys(ruleFields)
    .filter((field) => !["chain", "action", "comment", "disabled", ...matchers].includes(field))
    .map((field) => [field, [""]]),
);

const filterFields: MenuFields = {
  built: ["chain", "action", "connection-state", "disabled", ...matchers],
  inert: { ...unbuilt, ...inert, "reject-with": [""] },
};
const natFields: MenuFields = {
  built: ["chain", "action", "disabled", ...matchers],
  inert: { ...unbuilt, ...inert, "to-addresses": [""], "to-ports": [""] },
};

const addressListFields: MenuFields = {
  built: ["list", "address", "disabled"],
  inert: { comment: "any", dynamic: ["false"], "creation-time": "any" },
};

const connectionStates = ["established", "related", "new", "invalid", "untracked"];

/**
 * A router's filter (chains input and forward) and src-NAT, rule for rule in list order; disabled
 * rules are skipped, as the router skips them.
 */
export function routerFirewall(router: RouterDump, interfaces: ReadonlySet<string>): FirewallPlan {
  const plan: FirewallPlan = { input: [], forward: [], srcnat: [] };
  const lists = new Map<string, string[]>();
  for (const row of rowsOf(router, "/ip/firewall/address-list", addressListFields)) {
    if (row.disabled) continue;
    lists.set(row.text("list"), [...(lists.get(row.text("list")) ?? []), row.text("address")]);
  }
  const known = { interfaces, lists };
  const filter = rowsOf(router, "/ip/firewall/filter", filterFields);
  filter.forEach((row, index) => {
    const chain = row.oneOf("chain", ["input", "forward"]);
    if (row.disabled) return;
    plan[chain].push(rule(row, index, row.oneOf("action", ["accept", "drop"]), known));
  });
  const nat = rowsOf(router, "/ip/firewall/nat", natFields);
  nat.forEach((row, index) => {
    row.oneOf("chain", ["srcnat"]);
    if (row.disabled) return;
    plan.srcnat.push(rule(row, index, row.oneOf("action", ["masquerade"]), known));
  });
  return plan;
}

interface Known {
  interfaces: ReadonlySet<string>;
  lists: ReadonlyMap<string, string[]>;
}

function rule(row: DeviceRow, index: number, action: FirewallRulePlan["action"], { interfaces, lists }: Known) {
  const plan: FirewallRulePlan = {
    origin: `${row.menu} rule ${index}${row.text("comment") ? ` "${row.text("comment")}"` : ""}`,
    action,
  };
  const text = (field: string) => row.text(field) || undefined;
  for (const field of matchers) {
    if (row.text(field).startsWith("!"))
      throw row.unrealizable(field, `=${row.text(field)}: negated matchers are not realized`);
  }
  for (const field of ["in-interface", "out-interface"]) {
    const name = row.text(field);
    if (name && !interfaces.has(name)) {
      throw row.unrealizable(field, `=${name} is no interface ${row.device} holds (${row.menu} rule ${index})`);
    }
  }
  // A list the router does not hold matches nothing, as on RouterOS.
  const list = (field: string): AddressListPlan | undefined =>
    row.text(field) ? { name: row.text(field), addresses: lists.get(row.text(field)) ?? [] } : undefined;
  const [srcAddressList, dstAddressList] = [list("src-address-list"), list("dst-address-list")];
  if (row.text("dst-port") && !["tcp", "udp"].includes(row.text("protocol"))) {
    throw row.unrealizable("dst-port", `needs protocol tcp or udp (${row.menu} rule ${index})`);
  }
  const states = row.text("connection-state").split(",").filter(Boolean);
  for (const state of states) {
    if (!connectionStates.includes(state)) throw row.unrealizable("connection-state", `=${state} is not realized`);
  }
  return {
    ...plan,
    ...(text("protocol") ? { protocol: text("protocol") } : {}),
    ...(text("src-address") ? { srcAddress: text("src-address") } : {}),
    ...(text("dst-address") ? { dstAddress: text("dst-address") } : {}),
    ...(srcAddressList ? { srcAddressList } : {}),
    ...(dstAddressList ? { dstAddressList } : {}),
    ...(text("dst-port") ? { dstPort: text("dst-port") } : {}),
    ...(text("in-interface") ? { inInterface: text("in-interface") } : {}),
    ...(text("out-interface") ? { outInterface: text("out-interface") } : {}),
    ...(states.length > 0 ? { connectionState: states } : {}),
  };
}
