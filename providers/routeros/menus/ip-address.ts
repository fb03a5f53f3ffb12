import { comment, disabled, text } from "../fields";
import { menu } from "../menu";

/*
  /ip/address/print:
  .id=*3 address=192.168.141.2/30 network=192.168.141.0 interface=qsfp28-1-1
  actual-interface=qsfp28-1-1 invalid=false dynamic=false slave=false disabled=false
  comment=OSPF ring interface
*/
export const ipAddress = menu({
  type: "IpAddress",
  path: "/ip/address",
  identity: ["address", "interface"],
  apiAddress: "address",
  fields: {
    address: text({ required: true }),
    interface: text({ required: true }),
    network: text({ readOnly: true }),
    comment: comment(),
    disabled: disabled(),
  },
});
