import { expect } from "chai";
import type { StackConfig } from "../../../config/schema";
import { forwardAcceptsWithinIntent } from "../../../lab/dataplane/rule-intent";
import { planDataPlane } from "../../../lab/dataplane/topology";
import { smallDump, smallLinks } from "./small-dump";

describe("the forward chains against the stack's intent", () => {
  // The small fabric's stack, as far as its intent goes: R1 and R2's loopbacks and PVE-1's, the
  // tenant app with internet out of R1's uplink.
  const loopback = (address: string) => [{ name: "lo", address: `${address}/32`, loopback: true }];
  const config = {
    routers: [
      { name: "R1", uplink: "sfp28-3", interfaces: loopback("10.0.254.1") },
      { name: "R2", interfaces: loopback("10.0.254.2") },
    ],
    hypervisors: [{ name: "PVE-1", loopback: "10.0.254.11/32" }],
    tenants: [{ name: "app", cidr: "10.1.10.0/24", allow: [], internet: true }],
    firewall: { forward: [], input: [] },
    management: { cidr: "10.0.255.0/24", operators: ["10.99.0.0/24"] },
  } as unknown as StackConfig;
  const linesOf = (dump = smallDump()) =>
    forwardAcceptsWithinIntent(planDataPlane(dump, smallLinks, "t-"), config).map((l) => `${l.from}: ${l.detail}`);

  it("passes the underlay's address list and a tenant's way to the internet", () => {
    expect(linesOf()).to.deep.equal([
      "R1: every accept is one the stack names",
      "R2: every accept is one the stack names",
    ]);
  });

  it("fails a list that holds an address no loopback has, and an accept wider than any allow", () => {
    const dump = smallDump();
    const r1 = dump.routers[0].menus;
    r1["/ip/firewall/address-list"][2].disabled = "false";
    const internet = r1["/ip/firewall/filter"].find((rule) => rule.comment === "tenant app to the internet");
    if (internet) delete internet["out-interface"];
    expect(linesOf(dump)[0]).to.equal(
      'R1: /ip/firewall/filter rule 5 "underlay, loopback to loopback" accepts list underlay (10.0.254.1, 10.0.254.11, 10.0.254.99) to list underlay (10.0.254.1, 10.0.254.11, 10.0.254.99), which no key of the stack allows; ' +
        '/ip/firewall/filter rule 6 "tenant app to the internet" accepts 10.1.10.0/24 to anywhere, which no key of the stack allows',
    );
  });
});
