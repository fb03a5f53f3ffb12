import { bool, comment, disabled, text } from "../fields";
import { menu } from "../menu";

/*
  /zerotier/interface/print (CCR2216 with the zerotier package):
  .id=*1A name=zerotier1 mac-address=02:00:00:00:00:1A arp-timeout=auto instance=zt1
  network=8056c2e21c000001 allow-managed=true allow-global=false allow-default=false
  disable-running-check=false running=true disabled=false comment=
*/
export const zerotierInterface = menu({
  type: "ZeroTierInterface",
  path: "/zerotier/interface",
  package: "zerotier",
  identity: ["name"],
  fields: {
    name: text({ required: true }),
    instance: text({ required: true }),
    network: text({ required: true }),
    // Central's managed routes are how the VPN's subnet and the fabric's prefixes reach each other.
    "allow-managed": bool({ default: "true" }),
    "allow-global": bool({ default: "false" }),
    "allow-default": bool({ default: "false" }),
    comment: comment(),
    disabled: disabled(),
  },
});
