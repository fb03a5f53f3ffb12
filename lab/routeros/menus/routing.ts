import { failures } from "../errors";
import { INTERFACE_MENU, type MenuBehaviour, vrf } from "./behaviour";

/** OSPF: instances, areas and the interface templates that put interfaces in them. */
export const routingMenus: Readonly<Record<string, MenuBehaviour>> = {
  "routing/ospf/instance": {
    print: ["name", "version", "vrf", "router-id", "*"],
    flags: ["disabled"],
    defaults: { version: "2", vrf: "main", "router-id": "main", disabled: "false" },
    required: ["name"],
    references: { vrf },
    unique: [{ fields: ["name"], failure: failures.alreadyHaveSuchEntry }],
  },

  "routing/ospf/area": {
    print: ["name", "instance", "area-id", "type", "*"],
    flags: ["disabled"],
    defaults: { "area-id": "0.0.0.0", type: "default", disabled: "false" },
    required: ["name", "instance"],
    references: { instance: { target: "routing/ospf/instance", missing: failures.noMatchingValue } },
    unique: [{ fields: ["name"], failure: failures.alreadyHaveSuchEntry }],
  },

  "routing/ospf/interface-template": {
    print: [
      "area",
      "interfaces",
      "networks",
      "type",
      "cost",
      "priority",
      "hello-interval",
      "dead-interval",
      "retransmit-interval",
      "transmit-delay",
      "instance-id",
      "*",
    ],
    flags: ["inactive", "disabled"],
    defaults: {
      type: "broadcast",
      cost: "1",
      priority: "128",
      "hello-interval": "10s",
      "dead-interval": "40s",
      "retransmit-interval": "5s",
      "transmit-delay": "1s",
      "instance-id": "0",
      disabled: "false",
    },
    required: ["area"],
    references: {
      area: { target: "routing/ospf/area", missing: failures.noMatchingValue },
      interfaces: { target: INTERFACE_MENU, list: true, missing: failures.noMatchingInterfaceOrList },
    },
    computed: (item, router) => ({
      inactive:
        router.isActive("routing/ospf/area", item.fields.area) && item.fields.disabled !== "true" ? "false" : "true",
    }),
  },
};
