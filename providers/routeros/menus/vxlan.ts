import { bool, comment, disabled, int, text } from "../fields";
import { menu } from "../menu";

/*
  /interface/vxlan/print (7.24):
  .id=*7 name=vxlan-sql vni=111 port=8472 mtu=1500 l2mtu=65535 local-address=192.168.254.3
  vtep-vrf=main vteps-ip-version=ipv4 learning=true allow-fast-path=true dont-fragment=disabled
  arp=enabled arp-timeout=auto mac-address=8A:36:70:DA:F7:FA max-fdb-size=4096 running=true
  disabled=false comment=
*/
export const vxlan = menu({
  type: "Vxlan",
  path: "/interface/vxlan",
  identity: ["name"],
  fields: {
    name: text({ required: true }),
    vni: int({ required: true }),
    // The factory port differs between sources and versions (8472, 4789): only managed when given,
    // so a refresh never "corrects" a router to a port its peers do not use, and never dropped.
    port: int({
      onRemove: {
        refuse: "RouterOS's factory VXLAN port differs between versions (8472, 4789); give the port its VTEPs use",
      },
    }),
    mtu: int({ default: "1500" }),
    "local-address": text({ onRemove: "unset" }),
    // RouterOS 7.20 renamed `vrf` to `vtep-vrf`.
    "vtep-vrf": text({ default: "main", renames: [{ until: "7.20", name: "vrf" }] }),
    learning: bool({ default: "true" }),
    comment: comment(),
    disabled: disabled(),
  },
});
