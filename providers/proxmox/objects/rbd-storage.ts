import { bool, set, text } from "../fields";
import { pveObject } from "../object";

/*
  GET /storage (9.1), one entry:
  {"storage":"vm_data","type":"rbd","pool":"vm_data","content":"images,rootdir","krbd":0,
   "digest":"…"}
*/
export const rbdStorage = pveObject({
  type: "RbdStorage",
  collection: "/storage",
  item: "/storage/{storage}",
  id: "storage",
  constants: { create: { type: "rbd" } },
  unsetWithDelete: true,
  fields: {
    storage: text({ required: true, replaceOnChange: true }),
    pool: text({ default: "rbd" }),
    content: set({ default: "images" }),
    krbd: bool({ default: "0" }),
    /** The nodes that may use it; all of them when unset. */
    nodes: set({ default: "" }),
    disable: bool({ default: "0" }),
    // An external Ceph cluster: its monitors, the client to log in as and that client's key. The
    // cluster PVE runs itself needs none of them.
    monhost: set({ separator: " " }),
    username: text(),
    keyring: text({ secret: true }),
  },
});
