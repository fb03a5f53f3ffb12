import { int, node, text } from "../fields";
import { pveObject } from "../object";

/*
  GET /nodes/{node}/network (9.1), one NIC:
  {"iface":"ens1f0","type":"eth","method":"manual","method6":"manual","families":["inet"],
   "active":1,"exists":1,"priority":5,"mtu":"9050"}
  A PUT of the item writes /etc/network/interfaces.new; PUT /nodes/{node}/network makes it live
  (ifreload -a, a task).
*/
export const nodeNetworkInterface = pveObject({
  type: "NodeNetworkInterface",
  collection: "/nodes/{node}/network",
  item: "/nodes/{node}/network/{iface}",
  id: "iface",
  // The NIC is the node's hardware: budgetcloud sets its MTU and puts it back, never adds or removes it.
  preexisting: true,
  // PVE's update sets `type` to what it is given, and requires it.
  constants: { update: { type: "eth" } },
  appliedBy: { method: "PUT", path: "/nodes/{node}/network" },
  appliedByEachWrite: true,
  fields: {
    node: node(),
    /** The NIC's name on the node: `ens1f0`. */
    iface: text({ required: true, replaceOnChange: true }),
    /** Its MTU; unset, the kernel's 1500. */
    mtu: int({ default: "1500" }),
  },
});
