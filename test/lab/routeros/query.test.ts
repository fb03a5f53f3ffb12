import { expect } from "chai";
import { compileQuery } from "../../../lab/routeros/query";

const rows: Record<string, string>[] = [
  { name: "ether1", type: "ether", mtu: "1500", disabled: "false" },
  { name: "ether2", type: "ether", mtu: "9000", disabled: "true", slave: "true" },
  { name: "br0", type: "bridge", mtu: "auto", disabled: "false" },
  { name: "vlan10", type: "vlan", mtu: "1500", disabled: "false" },
];
const names = (...words: string[]) => rows.filter(compileQuery(words)).map((r) => r.name);

describe("RouterOS print queries", () => {
  it("matches every row without query words", () => {
    expect(names()).to.deep.equal(["ether1", "ether2", "br0", "vlan10"]);
  });

  it("compares for equality in both word forms", () => {
    expect(names("?type=ether")).to.deep.equal(["ether1", "ether2"]);
    expect(names("?=name=br0")).to.deep.equal(["br0"]);
  });

  it("reads yes/no as the booleans print shows as true/false", () => {
    expect(names("?disabled=no")).to.deep.equal(["ether1", "br0", "vlan10"]);
  });

  it("tests for the presence and absence of a property", () => {
    expect(names("?slave")).to.deep.equal(["ether2"]);
    expect(names("?-slave")).to.deep.equal(["ether1", "br0", "vlan10"]);
  });

  it("compares numbers as numbers with ?< and ?>", () => {
    expect(names("?>mtu=2000")).to.deep.equal(["ether2"]);
    expect(names("?<mtu=2000")).to.deep.equal(["ether1", "vlan10"]);
  });

  it("ORs with ?#| and ANDs what is left on the stack", () => {
    expect(names("?type=bridge", "?type=vlan", "?#|")).to.deep.equal(["br0", "vlan10"]);
    expect(names("?type=ether", "?mtu=1500")).to.deep.equal(["ether1"]);
  });

  it("runs the manual's example: (ether or vlan or bridge) and not disabled and not slave", () => {
    const words = [
      "?-slave",
      "?=disabled=no",
      "?=type=bridge",
      "?=type=ether",
      "?=type=vlan",
      "?#|",
      "?#|",
      "?#&",
      "?#&",
    ];
    expect(names(...words)).to.deep.equal(["ether1", "br0", "vlan10"]);
  });

  it("negates with ! and copies stack values by index", () => {
    expect(names("?type=ether", "?#!")).to.deep.equal(["br0", "vlan10"]);
    // Push type=bridge, type=vlan; "0" alone at the end keeps only the top value (type=vlan).
    expect(names("?type=bridge", "?type=vlan", "?#0")).to.deep.equal(["vlan10"]);
    // "1&" copies the value below the top (type=bridge) and ANDs it with the top (type=vlan): never true.
    expect(names("?type=bridge", "?type=vlan", "?#1&|")).to.deep.equal(["br0"]);
  });
});
