import type { EmulatedRouter } from "../routeros/router";
import type { Central } from "./central";

/** The ZeroTier version a RouterOS 7.24 package reports to its controller. */
const ROUTEROS_ZEROTIER_VERSION = "1.14.2";

/**
 * What the routers' ZeroTier packages do towards the lab's Central, as a real package does every
 * few seconds: each enabled interface of an enabled instance asks for its network's configuration,
 * so Central sees the router joined and online. A network this Central does not hold belongs to
 * another controller and is left alone. Returns each join as `router network`.
 */
export function joinRouters(routers: readonly EmulatedRouter[], central: Central): string[] {
  const joined: string[] = [];
  const networks = new Set(central.listNetworks().map((n) => String(n.id)));
  for (const router of routers) {
    if (!router.model.packages.includes("zerotier")) continue;
    const instances = new Map(router.print("zerotier").map((row) => [row.name, row]));
    for (const iface of router.print("zerotier/interface")) {
      const instance = instances.get(iface.instance);
      if (!instance || instance.disabled === "true" || iface.disabled === "true" || !networks.has(iface.network))
        continue;
      central.join(iface.network, instance.identity.split(":")[0], {
        identity: instance["identity.public"],
        clientVersion: ROUTEROS_ZEROTIER_VERSION,
        physicalAddress: "127.0.0.1/9993",
      });
      joined.push(`${router.name} ${iface.network}`);
    }
  }
  return joined;
}
