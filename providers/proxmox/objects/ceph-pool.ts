import { int, node, number, size, text } from "../fields";
import { pveObject } from "../object";

/*
  GET /nodes/PVE-1/ceph/pool/vm_data/status?verbose=1 (9.1):
  {"name":"vm_data","id":2,"size":3,"min_size":2,"pg_num":128,"pgp_num":128,"pg_autoscale_mode":"on",
   "application_list":["rbd"],"crush_rule":"replicated_rule","target_size":null,"target_size_ratio":0.8,
   "statistics":{…},…}
  The pool list gives the CRUSH rule as a number and the application as metadata: each pool is read
  from its status instead.
*/
export const cephPool = pveObject({
  type: "CephPool",
  collection: "/nodes/{node}/ceph/pool",
  item: "/nodes/{node}/ceph/pool/{name}",
  id: "name",
  read: "/nodes/{node}/ceph/pool/{name}/status",
  // Only a verbose status says which applications the pool is enabled for.
  readParams: { verbose: "1" },
  listedAs: "pool_name",
  tasks: ["create", "update", "delete"],
  protectedAs: "Ceph pool",
  fields: {
    // A pool belongs to the cluster: the node is only the one the API reaches Ceph through.
    node: node(),
    name: text({ required: true, replaceOnChange: true }),
    // Ceph sets min_size to size - size/2 whenever size is set.
    size: int({ default: "3", resets: ["min_size"] }),
    min_size: int({ default: "2" }),
    pg_autoscale_mode: text({ default: "warn" }),
    // Ceph only ever adds an application to a pool: one enabled by hand shows as drift that stays.
    application: text({ default: "rbd", readAs: "application_list" }),
    // Ceph reads 0 as "no target": setting it back to 0 is how a target is removed.
    target_size: size({ default: "0" }),
    target_size_ratio: number({ default: "0" }),
    crush_rule: text({ default: "replicated_rule" }),
  },
});
