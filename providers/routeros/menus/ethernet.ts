import { comment, int, text } from "../fields";
import { menu } from "../menu";

/*
  /interface/ethernet/print (CCR2216, factory):
  .id=*2 name=sfp28-1 default-name=sfp28-1 mtu=1500 l2mtu=9570 mac-address=48:A9:8A:00:00:02
  orig-mac-address=48:A9:8A:00:00:02 arp=enabled arp-timeout=auto loop-protect=default
  auto-negotiation=true advertise=... rx-flow-control=off tx-flow-control=off running=true
  disabled=false comment=
*/
export const ethernet = menu({
  type: "EthernetSettings",
  path: "/interface/ethernet",
  identity: ["default-name"],
  setOnly: true,
  fields: {
    "default-name": text({ readOnly: true, required: true }),
    mtu: int({ default: "1500" }),
    // The factory L2MTU depends on the port and the model: the port gets back the one it had.
    l2mtu: int({ onRemove: "factory" }),
    comment: comment(),
  },
});
