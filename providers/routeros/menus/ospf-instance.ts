import { comment, disabled, int, list, text } from "../fields";
import { menu } from "../menu";

/*
  /routing/ospf/instance/print:
  .id=*0 name=default version=2 vrf=main router-id=192.168.254.3 routing-table=main
  originate-default=never redistribute="" in-filter-chain="" out-filter-chain=""
  disabled=false comment=
*/
export const ospfInstance = menu({
  type: "OspfInstance",
  path: "/routing/ospf/instance",
  identity: ["name"],
  fields: {
    name: text({ required: true }),
    version: int({ default: "2", replaceOnChange: true }),
    "router-id": text({ required: true }),
    vrf: text({ default: "main" }),
    redistribute: list({ default: "" }),
    "originate-default": text({ default: "never" }),
    comment: comment(),
    disabled: disabled(),
  },
});
