import { addressOf, lengthOf } from "../../config/addressing";
import { nodeOf, type Routes, text } from "./context";

/**
 * Each node's own network as PVE's installer leaves it: the management bridge `vmbr0` over the
 * node's first NIC, with the address the node was installed with. budgetcloud never changes it;
 * the data plane reads it to put each node on the management network.
 */

/** The NIC the installer bridges; its name is the hardware's. */
const FIRST_NIC = "eno1";

/** Which `type` filters list a bridge: PVE's any_bridge and any_local_bridge take Linux bridges too. */
const BRIDGE_TYPES = new Set(["bridge", "any_bridge", "any_local_bridge"]);

function interfacesOf(managementAddress: string | undefined) {
  const bridge: Record<string, unknown> = {
    iface: "vmbr0",
    type: "bridge",
    method: managementAddress ? "static" : "manual",
    method6: "manual",
    families: ["inet"],
    autostart: 1,
    active: 1,
    bridge_ports: FIRST_NIC,
    bridge_stp: "off",
    bridge_fd: "0",
    priority: 4,
  };
  if (managementAddress) {
    Object.assign(bridge, {
      cidr: managementAddress,
      address: addressOf(managementAddress),
      netmask: String(lengthOf(managementAddress)),
    });
  }
  const nic = {
    iface: FIRST_NIC,
    type: "eth",
    method: "manual",
    method6: "manual",
    families: ["inet"],
    active: 1,
    exists: 1,
    priority: 3,
  };
  return [bridge, nic];
}

/**
 * GET /nodes/{node}/network, from each node's management address (CIDR), none for a node without one.
 * A bridge is listed only to who may audit or use it (check_sdn_bridge on /sdn/zones/localnetwork/<bridge>).
 */
export function nodeNetworkRoutes(managementAddresses: Readonly<Record<string, string>>): Routes {
  return {
    "GET /nodes/{node}/network": (call) => {
      const type = text(call.params, "type");
      return interfacesOf(managementAddresses[nodeOf(call)])
        .filter(
          (iface) => type === undefined || iface.type === type || (iface.type === "bridge" && BRIDGE_TYPES.has(type)),
        )
        .filter(
          (iface) =>
            iface.type !== "bridge" ||
            call.access.checkAny(`/sdn/zones/localnetwork/${iface.iface}`, ["SDN.Audit", "SDN.Use"], true),
        );
    },
  };
}
