import { int, set, text } from "../fields";
import { pveObject } from "../object";
import { sdnApplyRequest } from "./sdn-apply";

/*
  GET /cluster/sdn/zones (9.1), one entry:
  {"zone":"tenants","type":"vxlan","peers":"192.168.254.11,192.168.254.12,192.168.254.13",
   "mtu":1450,"digest":"…"}
*/
export const sdnVxlanZone = pveObject({
  type: "SdnVxlanZone",
  collection: "/cluster/sdn/zones",
  item: "/cluster/sdn/zones/{zone}",
  id: "zone",
  constants: { create: { type: "vxlan" } },
  unsetWithDelete: true,
  appliedBy: sdnApplyRequest,
  fields: {
    zone: text({ required: true, replaceOnChange: true }),
    /** The VTEPs: every node's loopback. */
    peers: set({ required: true }),
    /** Unset, PVE takes the underlay's MTU less the 50 bytes of VXLAN. */
    mtu: int(),
    "vxlan-port": int({ default: "4789" }),
    nodes: set({ default: "" }),
  },
});
