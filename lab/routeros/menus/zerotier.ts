import { createHash } from "node:crypto";
import { failures } from "../errors";
import type { MenuBehaviour } from "./behaviour";
import { running, virtualMac } from "./interfaces";

/**
 * A ZeroTier identity for a router: its 10-hex-digit address, then its public and private keys, as
 * RouterOS writes an instance's `identity`. The lab makes one from the router's name, so that a
 * router keeps its address across restarts of the lab; an address never starts with ff.
 */
function identityOf(routerName: string): string {
  const hash = (what: string) => createHash("sha256").update(`${routerName}\0${what}`).digest("hex");
  const address = hash("address").slice(0, 10).replace(/^ff/, "fe");
  return `${address}:0:${hash("public")}${hash("public2")}:${hash("private")}`;
}

/** The ZeroTier package's menus (ARM and ARM64 routers): the instance, and its interfaces. */
export const zerotierMenus: Readonly<Record<string, MenuBehaviour>> = {
  zerotier: {
    print: ["name", "identity", "identity.public", "interfaces", "port", "route-distance", "*"],
    flags: ["disabled"],
    defaults: { interfaces: "all", port: "9993", "route-distance": "1", disabled: "true" },
    unique: [{ fields: ["name"], failure: failures.alreadyHaveSuchEntry }],
    namedBy: ["name"],
    // The package comes with one instance, disabled, connected to ZeroTier's own Central.
    factory: (router) =>
      router.model.packages.includes("zerotier")
        ? [
            {
              name: "zt1",
              comment: "ZeroTier Central controller - https://my.zerotier.com/",
              identity: identityOf(router.name),
            },
          ]
        : [],
    computed: (item) => ({ "identity.public": (item.fields.identity ?? "").split(":").slice(0, 3).join(":") }),
  },

  "zerotier/interface": {
    interfaceType: "zerotier",
    autoName: "zerotier",
    print: [
      "name",
      "mac-address",
      "arp-timeout",
      "instance",
      "network",
      "allow-managed",
      "allow-global",
      "allow-default",
      "disable-running-check",
      "*",
    ],
    flags: ["running", "disabled"],
    defaults: {
      "arp-timeout": "auto",
      "allow-managed": "true",
      "allow-global": "false",
      "allow-default": "false",
      "disable-running-check": "false",
      disabled: "false",
    },
    required: ["instance", "network"],
    references: { instance: { target: "zerotier", missing: failures.noMatchingValue } },
    unique: [{ fields: ["name"], acrossInterfaces: true, failure: failures.alreadyHaveInterfaceWithSuchName }],
    computed: (item) => ({ "mac-address": virtualMac(item), ...running(item) }),
  },
};
