import { bool, int, list, text } from "../fields";
import { menu } from "../menu";

/*
  /snmp/print (factory):
  enabled=false contact="" location="" engine-id-suffix="" engine-id=80003a8c04 src-address=::
  trap-target="" trap-community=public trap-version=1 trap-generators=temp-exception vrf=main
*/
export const snmp = menu({
  type: "SnmpSettings",
  path: "/snmp",
  identity: [],
  // The agent comes with the router: a stack turns it on, and taking it out turns it off again.
  setOnly: true,
  settings: true,
  fields: {
    enabled: bool({ default: "false" }),
    contact: text({ default: "" }),
    location: text({ default: "" }),
    "trap-target": list({ default: "" }),
    // Traps go out as the SNMPv3 user the poller knows, so this names its community.
    "trap-community": text({ default: "public" }),
    "trap-version": int({ default: "1" }),
  },
});
