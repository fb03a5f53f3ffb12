import { int, node, number, size, text } from "../fields";
import { pveObject } from "../object";

/*
  GET /nodes/PVE-1/ceph/pool/vm_data/status (9.1):
  {"name":"vm_data","id":2,"size":3,"min_size":2,"pg_num":128,"pgp_num":128,"pg_autoscale_mode":"on",
   "application":"rbd","crush_rule":"replicated_rule","target_size_ratio":0.8,"fast_read":false,…}
  The pool list gives the CRUSH rule as a number and the application as metadata: each pool is read
  from its status instead.
*/
export const cephPool = pveObject({
  type: "CephPool",
  collection: "/nodes/{node}/ceph/pool",
  item: "/nodes/{node}/ceph/pool/{name}",
  id: "name",
  read: "/nodes/{node}/ceph/pool/{name}/status",
  tasks: ["create", "update", "delete"],
  protectedAs: "Ceph pool",
  fields: {
    // A pool belongs to the cluster: the node is only the one the API reaches Ceph through.
    node: node(),
    name: text({ required: true, replaceOnChange: true }),
    size: int({ default: "3" }),
    min_size: int({ default: "2" }),
    pg_autoscale_mode: text({ default: "warn" }),
    application: text({ default: "rbd" }),
    // Ceph reads 0 as "no target": setting it back to 0 is how a target is removed.
    target_size: size({ default: "0" }),
    target_size_ratio: number({ default: "0" }),
    crush_rule: text({ default: "replicated_rule" }),
  },
});
