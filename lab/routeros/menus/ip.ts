import { failures } from "../errors";
import { parseIpv4Interface } from "../value-syntax";
import { INTERFACE_MENU, type MenuBehaviour, type Reference } from "./behaviour";

/** A firewall rule's interface: any interface, a `!` before it for every other one. */
const matchedInterface: Reference = {
  target: INTERFACE_MENU,
  negatable: true,
  missing: () => failures.noMatchingValue("interface"),
};

/** Addresses, and the firewall's filter and NAT chains. */
export const ipMenus: Readonly<Record<string, MenuBehaviour>> = {
  "ip/address": {
    print: ["address", "network", "interface", "actual-interface", "*"],
    flags: ["invalid", "dynamic", "disabled"],
    defaults: { dynamic: "false", disabled: "false" },
    required: ["address", "interface"],
    references: { interface: { target: INTERFACE_MENU, missing: failures.noMatchingValue } },
    unique: [{ fields: ["address", "interface"], failure: failures.alreadyHaveSuchAddress }],
    computed: (item, router) => ({
      network: item.fields.network ?? parseIpv4Interface(item.fields.address ?? "")?.network ?? "",
      "actual-interface": item.fields.interface ?? "",
      invalid: router.isActive(INTERFACE_MENU, item.fields.interface) ? "false" : "true",
    }),
  },

  "ip/firewall/address-list": {
    print: ["list", "address", "*"],
    flags: ["dynamic", "disabled"],
    defaults: { dynamic: "false", disabled: "false" },
    required: ["list", "address"],
    unique: [{ fields: ["list", "address"], failure: failures.alreadyHaveSuchEntry }],
  },

  "ip/firewall/filter": firewallChain(),
  "ip/firewall/nat": firewallChain(),
};

function firewallChain(): MenuBehaviour {
  return {
    print: ["chain", "action", "*", "log", "log-prefix", "bytes", "packets"],
    flags: ["invalid", "dynamic", "disabled"],
    defaults: {
      action: "accept",
      log: "false",
      "log-prefix": "",
      bytes: "0",
      packets: "0",
      invalid: "false",
      dynamic: "false",
      disabled: "false",
    },
    required: ["chain"],
    references: { "in-interface": matchedInterface, "out-interface": matchedInterface },
  };
}
