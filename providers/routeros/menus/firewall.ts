import { address, comment, disabled, text } from "../fields";

/*
  /ip/firewall/filter/print and /ip/firewall/nat/print:
  .id=*4 chain=forward action=accept src-address=192.168.1.0/24 dst-address=192.168.110.0/24
  log=false log-prefix="" bytes=0 packets=0 invalid=false dynamic=false disabled=false
  comment=CUSTOM:1
*/
/** The matchers and actions a firewall or NAT rule is made of in budgetcloud. */
export const ruleFields = {
  chain: text({ required: true }),
  action: text({ default: "accept" }),
  protocol: text({ default: "" }),
  // RouterOS prints these as it stores them (a /32 as the bare address): compared that way.
  "src-address": address({ default: "" }),
  "dst-address": address({ default: "" }),
  "src-address-list": text({ default: "" }),
  "dst-address-list": text({ default: "" }),
  "dst-port": text({ default: "" }),
  "in-interface": text({ default: "" }),
  "out-interface": text({ default: "" }),
  "in-interface-list": text({ default: "" }),
  "out-interface-list": text({ default: "" }),
  comment: comment(),
  disabled: disabled(),
};
