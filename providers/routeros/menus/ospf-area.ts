import { comment, disabled, text } from "../fields";
import { menu } from "../menu";

/*
  /routing/ospf/area/print:
  .id=*0 name=backbone instance=default area-id=0.0.0.0 type=default default-cost=""
  disabled=false comment=
*/
export const ospfArea = menu({
  type: "OspfArea",
  path: "/routing/ospf/area",
  identity: ["name"],
  fields: {
    name: text({ required: true }),
    instance: text({ required: true }),
    "area-id": text({ default: "0.0.0.0", replaceOnChange: true }),
    type: text({ default: "default" }),
    comment: comment(),
    disabled: disabled(),
  },
});
