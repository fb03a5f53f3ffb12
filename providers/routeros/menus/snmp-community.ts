import { bool, comment, disabled, list, text } from "../fields";
import { menu } from "../menu";

/*
  /snmp/community/print:
  .id=*1 name=librenms addresses=10.10.10.5/32 security=private read-access=true write-access=false
  authentication-protocol=SHA1 encryption-protocol=AES authentication-password=… encryption-password=…
  default=false disabled=false comment=
*/
export const snmpCommunity = menu({
  type: "SnmpCommunity",
  path: "/snmp/community",
  identity: ["name"],
  fields: {
    // For SNMPv3, the community's name is the user's.
    name: text({ required: true }),
    addresses: list({ default: "::/0" }),
    security: text({ default: "none" }),
    "read-access": bool({ default: "true" }),
    "write-access": bool({ default: "false" }),
    "authentication-protocol": text({ default: "MD5" }),
    "encryption-protocol": text({ default: "DES" }),
    "authentication-password": text({ default: "", secret: true }),
    "encryption-password": text({ default: "", secret: true }),
    comment: comment(),
    disabled: disabled(),
  },
});
