import { text } from "../fields";
import { menu } from "../menu";
import { ruleFields } from "./firewall";

/** One filter rule. Rules are managed a chain at a time, in order, by FirewallChain. */
export const firewallFilter = menu({
  type: "FirewallFilterRule",
  path: "/ip/firewall/filter",
  identity: [],
  fields: { ...ruleFields, "reject-with": text({ default: "" }) },
});
