import { expect } from "chai";
import {
  address,
  bool,
  canonical,
  compareVersions,
  duration,
  durationSeconds,
  int,
  list,
  nameOn,
  text,
  wire,
} from "../../../providers/routeros/fields";

describe("RouterOS field kinds", () => {
  it("compares booleans however they are written or printed", () => {
    for (const yes of ["yes", "true", true]) expect(canonical(bool(), yes)).to.equal("true");
    for (const no of ["no", "false", false]) expect(canonical(bool(), no)).to.equal("false");
    expect(wire(bool(), true)).to.equal("yes");
    expect(wire(bool(), "false")).to.equal("no");
  });

  it("reads durations in every form RouterOS prints them", () => {
    expect(durationSeconds("10s")).to.equal(10);
    expect(durationSeconds("00:00:10")).to.equal(10);
    expect(durationSeconds("1d02:03:04")).to.equal(93784);
    expect(durationSeconds("2w1d")).to.equal(1296000);
    expect(durationSeconds("1m30s")).to.equal(90);
    expect(durationSeconds("500ms")).to.equal(0.5);
    expect(durationSeconds("40")).to.equal(40);
    expect(durationSeconds("soon")).to.equal(undefined);
    expect(canonical(duration(), "00:00:40")).to.equal(canonical(duration(), "40s"));
  });

  it("normalizes integers and lists", () => {
    expect(canonical(int(), 9050)).to.equal("9050");
    expect(canonical(int(), "09050")).to.equal("9050");
    expect(canonical(list(), ["sfp28-1", "sfp28-2"])).to.equal("sfp28-1,sfp28-2");
    expect(canonical(list(), " sfp28-1, sfp28-2 ")).to.equal("sfp28-1,sfp28-2");
    expect(wire(list(), ["a", "b"])).to.equal("a,b");
  });

  it("compares firewall addresses as RouterOS prints them", () => {
    expect(canonical(address(), "192.168.143.1/32")).to.equal("192.168.143.1");
    expect(canonical(address(), "192.168.143.1")).to.equal("192.168.143.1");
    expect(canonical(address(), "192.168.1.7/24")).to.equal("192.168.1.0/24");
    expect(canonical(address(), "!10.0.0.9/32")).to.equal("!10.0.0.9");
    expect(canonical(address(), "10.0.0.1-10.0.0.9")).to.equal("10.0.0.1-10.0.0.9");
    expect(canonical(address(), "")).to.equal("");
    expect(wire(address(), "192.168.143.1/32")).to.equal("192.168.143.1/32");
  });

  it("orders RouterOS versions by their numbers", () => {
    expect(compareVersions("7.9", "7.18")).to.be.lessThan(0);
    expect(compareVersions("7.20.1", "7.20")).to.be.greaterThan(0);
    expect(compareVersions("7.24 (stable)", "7.24")).to.equal(0);
    expect(compareVersions("7.20beta2", "7.20")).to.equal(0);
  });

  it("sends a renamed field under the name the router's version knows", () => {
    const vrf = text({ renames: [{ until: "7.20", name: "vrf" }] });
    expect(nameOn(vrf, "vtep-vrf", "7.16")).to.equal("vrf");
    expect(nameOn(vrf, "vtep-vrf", "7.20")).to.equal("vtep-vrf");
    expect(nameOn(vrf, "vtep-vrf", "7.24")).to.equal("vtep-vrf");
  });

  it("never sends a field to a router older than the field", () => {
    expect(nameOn(text({ since: "7.8" }), "dont-fragment", "7.7")).to.equal(undefined);
    expect(nameOn(text({ since: "7.8" }), "dont-fragment", "7.8")).to.equal("dont-fragment");
  });
});
