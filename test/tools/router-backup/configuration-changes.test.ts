import { expect } from "chai";
import { configurationChanges } from "../../../tools/router-backup/configuration-changes";

describe("what changed on a router between two exports", () => {
  const before = [
    "# 2026-12-01 10:00:00 by RouterOS 7.24",
    "# model = CCR2216-1G-12XS-2XQ",
    "/interface ethernet",
    "set [ find default-name=sfp28-1 ] mtu=9050",
    "/ip address",
    "add address=192.168.254.1/32 interface=lo",
    "add address=10.0.0.1/30 interface=sfp28-1",
    "/ip firewall filter",
    'add chain=forward action=accept comment="tenant app to sql"',
    'add chain=forward action=drop comment="drop all"',
    "",
  ].join("\n");

  it("is nothing when only the time of the export differs", () => {
    expect(configurationChanges(before, before.replace("10:00:00", "11:30:00"))).to.deep.equal([]);
  });

  it("names each line added or gone, with the menu it sits in; a rule moved is gone from one place and added at another", () => {
    const after = [
      "# 2026-12-02 10:00:00 by RouterOS 7.24",
      "/interface ethernet",
      "set [ find default-name=sfp28-1 ] mtu=1500",
      "/ip address",
      "add address=10.0.0.1/30 interface=sfp28-1",
      "/ip firewall filter",
      'add chain=forward action=drop comment="drop all"',
      'add chain=forward action=accept comment="tenant app to sql"',
      "",
    ].join("\n");
    expect(configurationChanges(before, after)).to.deep.equal([
      "- /interface ethernet set [ find default-name=sfp28-1 ] mtu=9050",
      "- /ip address add address=192.168.254.1/32 interface=lo",
      "+ /interface ethernet set [ find default-name=sfp28-1 ] mtu=1500",
      '- /ip firewall filter add chain=forward action=accept comment="tenant app to sql"',
      '+ /ip firewall filter add chain=forward action=accept comment="tenant app to sql"',
    ]);
  });

  it("reads a command RouterOS wrapped over several lines as one", () => {
    const wrapped = before.replace(
      "add address=10.0.0.1/30 interface=sfp28-1",
      "add address=10.0.0.1/30 \\\n    interface=sfp28-1",
    );
    expect(configurationChanges(before, wrapped)).to.deep.equal([]);
  });
});
