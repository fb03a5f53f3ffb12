import { bool, int, text } from "../fields";
import { pveObject } from "../object";
import { sdnApplyRequest } from "./sdn-apply";

/*
  GET /cluster/sdn/vnets (9.1), one entry:
  {"vnet":"vbr110","zone":"tenants","tag":110,"type":"vnet","digest":"…"}
*/
export const sdnVnet = pveObject({
  type: "SdnVnet",
  collection: "/cluster/sdn/vnets",
  item: "/cluster/sdn/vnets/{vnet}",
  id: "vnet",
  unsetWithDelete: true,
  appliedBy: sdnApplyRequest,
  fields: {
    /** The bridge the VMs attach to on every node of the zone. */
    vnet: text({ required: true, replaceOnChange: true }),
    zone: text({ required: true }),
    /** The VNI, in a VXLAN zone. */
    tag: int({ required: true }),
    alias: text({ default: "" }),
    vlanaware: bool({ default: "0" }),
    "isolate-ports": bool({ default: "0" }),
  },
});
