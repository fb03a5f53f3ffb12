import { bool, comment, disabled, duration, int, text } from "../fields";
import { menu } from "../menu";

/*
  /interface/vrrp/print:
  .id=*9 name=vrrp-sql interface=br-sql mac-address=00:00:5E:00:01:6F arp=enabled
  arp-timeout=auto vrid=111 priority=200 interval=1s preemption-mode=true authentication=none
  password="" version=3 v3-protocol=ipv4 on-master="" on-backup="" running=true
  disabled=false comment=
*/
export const vrrp = menu({
  type: "Vrrp",
  path: "/interface/vrrp",
  identity: ["name"],
  fields: {
    name: text({ required: true }),
    interface: text({ required: true }),
    vrid: int({ default: "1" }),
    priority: int({ default: "100" }),
    interval: duration({ default: "1s" }),
    "preemption-mode": bool({ default: "true" }),
    // VRRPv3 carries no authentication; a password needs version 2.
    version: int({ default: "3" }),
    authentication: text({ default: "none" }),
    password: text({ default: "", secret: true }),
    comment: comment(),
    disabled: disabled(),
  },
});
