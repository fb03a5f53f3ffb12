import { expect } from "chai";
import { exportText } from "../../../providers/routeros/export";
import { ethernet, ipAddress, ospfInterfaceTemplate } from "../../../providers/routeros/menus";

describe("a router's managed menus as /export prints them", () => {
  const rows: Record<string, Record<string, string>[]> = {
    "/interface/ethernet": [
      { ".id": "*1", "default-name": "ether1", name: "ether1", mtu: "1500", l2mtu: "1600", comment: "" },
      {
        ".id": "*2",
        "default-name": "sfp28-1",
        name: "sfp28-1",
        mtu: "9050",
        l2mtu: "9134",
        comment: "PVE-1 (Port 2)",
      },
    ],
    "/ip/address": [
      {
        ".id": "*1",
        address: "192.168.254.3/32",
        interface: "lo",
        network: "192.168.254.3",
        disabled: "false",
        comment: "",
      },
      {
        ".id": "*2",
        address: "10.0.0.1/24",
        interface: "ether1",
        network: "10.0.0.0",
        dynamic: "true",
        disabled: "false",
      },
    ],
    "/routing/ospf/interface-template": [
      {
        ".id": "*1",
        area: "backbone",
        interfaces: "sfp28-1",
        type: "ptp",
        auth: "md5",
        "auth-key": "s3cret",
        cost: "1",
      },
    ],
  };

  it("shows changed factory ports, added items with their non-default fields, and no secret", () => {
    expect(exportText([ethernet, ipAddress, ospfInterfaceTemplate], (path) => rows[path] ?? [], "7.24")).to.equal(
      [
        "/interface ethernet",
        'set [ find default-name=sfp28-1 ] mtu=9050 l2mtu=9134 comment="PVE-1 (Port 2)"',
        "/ip address",
        "add address=192.168.254.3/32 interface=lo",
        "/routing ospf interface-template",
        "add area=backbone interfaces=sfp28-1 type=ptp auth=md5",
      ].join("\n"),
    );
  });
});
