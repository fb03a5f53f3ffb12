import { set, text } from "../fields";
import { pveObject } from "../object";
import { sdnApplyRequest } from "./sdn-apply";

/*
  GET /cluster/sdn/fabrics/node/underlay (9.1), one entry:
  {"fabric_id":"underlay","node_id":"PVE-1","protocol":"ospf","ip":"192.168.254.11",
   "interfaces":["name=ens1f0,ip=192.168.121.2/30","name=ens1f1,ip=192.168.131.2/30"],"digest":"…"}
*/
export const sdnFabricNode = pveObject({
  type: "SdnFabricNode",
  collection: "/cluster/sdn/fabrics/node/{fabric_id}",
  item: "/cluster/sdn/fabrics/node/{fabric_id}/{node_id}",
  id: "node_id",
  // A node of an OSPF fabric: each request names the protocol, whose interfaces take a name and an IP.
  constants: { create: { protocol: "ospf" }, update: { protocol: "ospf" } },
  appliedBy: sdnApplyRequest,
  fields: {
    /** The fabric: a node of another fabric is another node. */
    fabric_id: text({ required: true, location: true, replaceOnChange: true }),
    /** The Proxmox node's name. */
    node_id: text({ required: true, replaceOnChange: true }),
    /** Its router ID and the address the fabric reaches it at: its loopback, without a length. */
    ip: text({ required: true }),
    /** One property string per interface OSPF runs on: `name=ens1f0,ip=192.168.121.2/30`, in any key order. */
    interfaces: set({ required: true, array: true, format: {} }),
  },
});
