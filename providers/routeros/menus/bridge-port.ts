import { comment, disabled, int, text } from "../fields";
import { menu } from "../menu";

/*
  /interface/bridge/port/print:
  .id=*1 interface=vxlan-sql bridge=br-sql horizon=none pvid=1 priority=0x80 path-cost=10
  internal-path-cost=10 edge=auto point-to-point=auto learn=auto trusted=false hw=true
  inactive=false dynamic=false disabled=false comment=
*/
export const bridgePort = menu({
  type: "BridgePort",
  path: "/interface/bridge/port",
  identity: ["bridge", "interface"],
  fields: {
    bridge: text({ required: true, replaceOnChange: true }),
    interface: text({ required: true, replaceOnChange: true }),
    pvid: int({ default: "1" }),
    horizon: text({ default: "none" }),
    comment: comment(),
    disabled: disabled(),
  },
});
