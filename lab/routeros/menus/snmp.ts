import { failures } from "../errors";
import { type MenuBehaviour, vrf } from "./behaviour";

/** The SNMP agent's settings, and its communities (SNMPv3 users). */
export const snmpMenus: Readonly<Record<string, MenuBehaviour>> = {
  snmp: {
    print: [
      "enabled",
      "contact",
      "location",
      "engine-id-suffix",
      "engine-id",
      "src-address",
      "trap-target",
      "trap-community",
      "trap-version",
      "trap-generators",
      "vrf",
      "*",
    ],
    defaults: {
      enabled: "false",
      contact: "",
      location: "",
      "engine-id-suffix": "",
      "src-address": "::",
      "trap-target": "",
      "trap-community": "public",
      "trap-version": "1",
      "trap-generators": "temp-exception",
      vrf: "main",
    },
    references: {
      vrf,
      "trap-community": { target: "snmp/community", missing: failures.noMatchingValue },
    },
    // RouterOS's enterprise prefix, then the suffix the operator may give.
    computed: (item) => ({ "engine-id": `80003a8c04${item.fields["engine-id-suffix"] ?? ""}` }),
  },

  "snmp/community": {
    print: [
      "name",
      "addresses",
      "security",
      "read-access",
      "write-access",
      "authentication-protocol",
      "encryption-protocol",
      "authentication-password",
      "encryption-password",
      "*",
    ],
    flags: ["default", "disabled"],
    defaults: {
      addresses: "::/0",
      security: "none",
      "read-access": "true",
      "write-access": "false",
      "authentication-protocol": "MD5",
      "encryption-protocol": "DES",
      "authentication-password": "",
      "encryption-password": "",
      default: "false",
      disabled: "false",
    },
    required: ["name"],
    unique: [{ fields: ["name"], failure: failures.alreadyHaveSuchEntry }],
    namedBy: ["name"],
    // Every router comes with the v1/v2c community `public`, which cannot be removed.
    factory: () => [{ name: "public", default: "true" }],
  },
};
