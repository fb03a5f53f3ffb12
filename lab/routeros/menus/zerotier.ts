import { createHash } from "node:crypto";
import { failures } from "../errors";
import type { Item } from "../tree";
import type { MenuBehaviour, RouterView } from "./behaviour";
import { running } from "./interfaces";

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

/**
 * The MAC address of a router's interface on a ZeroTier network, as ZeroTier derives it (ZeroTierOne
 * node/MAC.hpp, `fromAddress`): the first octet from the network ID's lowest byte (locally
 * administered, never 0x52), then the instance's 40-bit address XORed with the network ID's next
 * five bytes. Each member has its own; the operators' devices find each router by it.
 */
function zerotierMac(item: Item, router: RouterView): string {
  const instance = router.tree.items("zerotier").find((i) => i.fields.name === item.fields.instance);
  const address = BigInt(`0x${(instance?.fields.identity ?? "0").split(":")[0]}`);
  const network = BigInt(`0x${item.fields.network ?? "0"}`);
  const firstOctet = (network & 0xfen) | 0x02n;
  let mac = ((firstOctet === 0x52n ? 0x32n : firstOctet) << 40n) | address;
  for (let byte = 1n; byte <= 5n; byte++) mac ^= ((network >> (8n * byte)) & 0xffn) << (8n * (5n - byte));
  return mac.toString(16).toUpperCase().padStart(12, "0").match(/../g)?.join(":") ?? "";
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
    computed: (item, router) => ({ "mac-address": zerotierMac(item, router), ...running(item) }),
  },
};
