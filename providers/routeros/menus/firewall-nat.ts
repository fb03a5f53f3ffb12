import { text } from "../fields";
import { menu } from "../menu";
import { ruleFields } from "./firewall";

export const natRule = menu({
  type: "NatRule",
  path: "/ip/firewall/nat",
  identity: ["chain", "action", "src-address", "out-interface"],
  fields: { ...ruleFields, "to-addresses": text({ default: "" }), "to-ports": text({ default: "" }) },
});
