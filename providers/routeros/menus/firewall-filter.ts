import { list, text } from "../fields";
import { menu } from "../menu";
import { ruleFields } from "./firewall";

/** One filter rule. Rules are managed a chain at a time, in order, by FirewallChain. */
export const firewallFilter = menu({
  type: "FirewallFilterRule",
  path: "/ip/firewall/filter",
  identity: [],
  fields: { ...ruleFields, "connection-state": list({ default: "" }), "reject-with": text({ default: "" }) },
});

/** The resource type of a whole chain of filter rules, run by the ordered-set engine. */
export const firewallChainType = "FirewallChain";
