import { bool, int, text } from "../fields";
import { menu } from "../menu";

/*
  /zerotier/print (CCR2216 with the zerotier package, factory):
  .id=*1 name=zt1 identity=0a1b2c3d4e:0:…:… identity.public=0a1b2c3d4e:0:… interfaces=all port=9993
  route-distance=1 disabled=true comment=ZeroTier Central controller - https://my.zerotier.com/
*/
export const zerotierInstance = menu({
  type: "ZeroTierInstance",
  path: "/zerotier",
  package: "zerotier",
  identity: ["name"],
  // The package comes with its instance: a stack turns it on, and taking it out turns it off again.
  setOnly: true,
  fields: {
    name: text({ required: true }),
    port: int({ default: "9993" }),
    // The controller's managed routes: a joined router must not prefer them to the fabric's own.
    "route-distance": int({ default: "1" }),
    disabled: bool({ default: "true" }),
    // The router's ZeroTier address and public key: the address is the member Central authorizes.
    "identity.public": text({ readOnly: true, reported: true }),
  },
});
