import { bool, comment, disabled, duration, int, list, text } from "../fields";
import { menu } from "../menu";

/*
  /routing/ospf/interface-template/print:
  .id=*1 area=backbone interfaces=qsfp28-1-1 networks="" type=ptp passive=false cost=1
  priority=128 hello-interval=10s dead-interval=40s retransmit-interval=5s transmit-delay=1s
  auth=md5 auth-id=1 auth-key=... inactive=false disabled=false comment=
*/
export const ospfInterfaceTemplate = menu({
  type: "OspfInterfaceTemplate",
  path: "/routing/ospf/interface-template",
  identity: ["area", "interfaces"],
  fields: {
    area: text({ required: true }),
    interfaces: list({ required: true }),
    networks: list({ default: "" }),
    type: text({ default: "broadcast" }),
    passive: bool({ default: "false" }),
    cost: int({ default: "1" }),
    "hello-interval": duration({ default: "10s" }),
    "dead-interval": duration({ default: "40s" }),
    // Without authentication a template shows none of these: leaving them out unsets them.
    auth: text({ onRemove: "unset" }),
    "auth-id": int({ onRemove: "unset" }),
    "auth-key": text({ onRemove: "unset", secret: true }),
    comment: comment(),
    disabled: disabled(),
  },
});
