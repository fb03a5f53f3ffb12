import { comment, disabled, text } from "../fields";
import { menu } from "../menu";

/*
  /interface/bridge/print:
  .id=*A name=lo mtu=auto actual-mtu=1500 l2mtu=65535 arp=enabled arp-timeout=auto
  mac-address=2E:1F:00:00:00:01 protocol-mode=rstp fast-forward=true igmp-snooping=false
  auto-mac=true ageing-time=5m priority=0x8000 vlan-filtering=false dhcp-snooping=false
  running=true disabled=false comment=loopback for OSPF
*/
export const bridge = menu({
  type: "Bridge",
  path: "/interface/bridge",
  identity: ["name"],
  fields: {
    name: text({ required: true }),
    mtu: text({ default: "auto" }),
    "protocol-mode": text({ default: "rstp" }),
    arp: text({ default: "enabled" }),
    comment: comment(),
    disabled: disabled(),
  },
});
