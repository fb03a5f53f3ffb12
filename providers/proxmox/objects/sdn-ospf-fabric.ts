import { text } from "../fields";
import { pveObject } from "../object";
import { sdnApplyRequest } from "./sdn-apply";

/*
  GET /cluster/sdn/fabrics/fabric (9.1), one entry:
  {"id":"underlay","protocol":"ospf","area":"0.0.0.0","ip_prefix":"192.168.254.8/29","digest":"…"}
  PVE 9's SDN fabrics: routing between the nodes (FRR), configured cluster-wide and staged like zones.
*/
export const sdnOspfFabric = pveObject({
  type: "SdnOspfFabric",
  collection: "/cluster/sdn/fabrics/fabric",
  item: "/cluster/sdn/fabrics/fabric/{id}",
  id: "id",
  // The protocol is the fabric's kind: an update must name it too, though it never changes.
  constants: { create: { protocol: "ospf" }, update: { protocol: "ospf" } },
  appliedBy: sdnApplyRequest,
  fields: {
    /** Up to 8 letters, digits and dashes (`pve-sdn-fabric-id`). */
    id: text({ required: true, replaceOnChange: true }),
    /** An IPv4 address (`0.0.0.0`, the backbone) or a 32-bit number. */
    area: text({ required: true }),
    /** The prefix every node's IP lies in. */
    ip_prefix: text({ required: true }),
  },
});
