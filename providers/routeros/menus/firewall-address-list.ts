import { address, comment, disabled, text } from "../fields";
import { menu } from "../menu";

/*
  /ip/firewall/address-list/print:
  .id=*2 list=underlay address=192.168.254.1 creation-time=2026-12-04 18:20:11 dynamic=false
  disabled=false comment=MTK-1
*/
/** One address of a named list, which firewall rules match as a whole with src- and dst-address-list. */
export const firewallAddressList = menu({
  type: "FirewallAddressList",
  path: "/ip/firewall/address-list",
  identity: ["list", "address"],
  fields: {
    list: text({ required: true }),
    // RouterOS prints a /32 as the bare address: compared that way.
    address: address({ required: true }),
    comment: comment(),
    disabled: disabled(),
  },
});
