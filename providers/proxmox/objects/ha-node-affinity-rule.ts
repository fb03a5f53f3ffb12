import { bool, comment, set, text } from "../fields";
import { pveObject } from "../object";

/*
  GET /cluster/ha/rules (9.1), one entry:
  {"rule":"prod-sql14-1","type":"node-affinity","resources":"vm:105","nodes":"PVE-1:1,PVE-2:2",
   "strict":0,"digest":"…"}
  PVE 9 replaces HA groups with these rules.
*/
export const haNodeAffinityRule = pveObject({
  type: "HaNodeAffinityRule",
  collection: "/cluster/ha/rules",
  item: "/cluster/ha/rules/{rule}",
  id: "rule",
  // An update must say which kind of rule it changes, even though a rule's type never changes.
  constants: { create: { type: "node-affinity" }, update: { type: "node-affinity" } },
  unsetWithDelete: true,
  fields: {
    rule: text({ required: true, replaceOnChange: true }),
    /** HA resource ids, as `vm:105`. */
    resources: set({ required: true }),
    /** `node` or `node:priority`; the highest priority that is up runs the resources. */
    nodes: set({ required: true }),
    /** Never run the resources anywhere else, even when none of the nodes is up. */
    strict: bool({ default: "0" }),
    disable: bool({ default: "0" }),
    comment: comment(),
  },
});
