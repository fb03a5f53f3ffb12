import { bool, comment, int, text } from "../fields";
import { pveObject } from "../object";

/*
  GET /cluster/ha/resources (9.1), one entry:
  {"sid":"vm:105","type":"vm","state":"started","max_restart":1,"max_relocate":1,"failback":1,
   "digest":"…"}
*/
export const haResource = pveObject({
  type: "HaResource",
  collection: "/cluster/ha/resources",
  item: "/cluster/ha/resources/{sid}",
  id: "sid",
  unsetWithDelete: true,
  fields: {
    /** `vm:<vmid>`. */
    sid: text({ required: true, replaceOnChange: true }),
    state: text({ default: "started" }),
    max_restart: int({ default: "1" }),
    max_relocate: int({ default: "1" }),
    failback: bool({ default: "1" }),
    comment: comment(),
  },
});
