import { comment, disabled, text } from "../fields";
import { menu } from "../menu";

/*
  /interface/vxlan/vteps/print:
  .id=*1 interface=vxlan-sql remote-ip=192.168.254.4 port=8472 disabled=false comment=
*/
export const vxlanVtep = menu({
  type: "VxlanVtep",
  path: "/interface/vxlan/vteps",
  identity: ["interface", "remote-ip"],
  fields: {
    interface: text({ required: true, replaceOnChange: true }),
    "remote-ip": text({ required: true }),
    comment: comment(),
    disabled: disabled(),
  },
});
