import { expect } from "chai";
import { type Adjacency, adjacencyMismatch, impliedAdjacencies } from "../../../lab/dataplane/checks";
import { checkTable, summary } from "../../../lab/dataplane/table";
import { planDataPlane } from "../../../lab/dataplane/topology";
import { smallDump, smallLinks } from "./small-dump";

describe("the checks' reading of the plan", () => {
  const plan = planDataPlane(smallDump(), smallLinks, "t-");
  const [ring, toHypervisor] = impliedAdjacencies(plan);
  const changed = (adj: Adjacency, change: Partial<Adjacency["b"]["ospf"]>): Adjacency => ({
    ...adj,
    b: { ...adj.b, ospf: { ...adj.b.ospf, ...change } },
  });

  it("expects an adjacency on every cable whose two ends run OSPF, passive ends excluded", () => {
    expect(
      impliedAdjacencies(plan).map((a) => `${a.a.ns.device} ${a.a.ospf.name} ↔ ${a.b.ns.device} ${a.b.ospf.name}`),
    ).to.deep.equal(["R1 sfp28-1 ↔ R2 sfp28-1", "R1 sfp28-2 ↔ PVE-1 ens1f0"]);
  });

  it("says why two ends cannot become neighbors", () => {
    expect(adjacencyMismatch(ring)).to.equal(undefined);
    expect(adjacencyMismatch(toHypervisor)).to.equal(undefined);
    expect(adjacencyMismatch(changed(ring, { md5: { keyId: 1, key: "other" } }))).to.equal(
      "MD5 keys differ between R1 sfp28-1 and R2 sfp28-1",
    );
    expect(adjacencyMismatch(changed(ring, { md5: undefined }))).to.equal(
      "authentication differs: R1 sfp28-1 signs with MD5, R2 sfp28-1 does not",
    );
    expect(adjacencyMismatch(changed(ring, { network: "broadcast" }))).to.equal(
      "network types differ: R1 sfp28-1 is point-to-point, R2 sfp28-1 broadcast",
    );
    expect(adjacencyMismatch(changed(toHypervisor, { area: "0.0.0.1" }))).to.equal(
      "areas differ: R1 sfp28-2 is in 0.0.0.0, PVE-1 ens1f0 in 0.0.0.1",
    );
    expect(adjacencyMismatch({ ...toHypervisor, b: { ...toHypervisor.b, mtu: 1500 } })).to.equal(
      "MTUs differ: R1 sfp28-2 is at 9050, PVE-1 ens1f0 at 1500",
    );
  });

  it("prints the table with what was sent from where to where", () => {
    const lines = [
      {
        check: "OSPF adjacency Full",
        from: "R1 sfp28-1",
        to: "R2 sfp28-1",
        passed: true,
        detail: "Full",
        seconds: 4.25,
      },
      {
        check: "VM reaches its gateway",
        from: "web-1 (PVE-1)",
        to: "10.1.10.1 (VRRP)",
        passed: false,
        detail: "no answer; path: a | b",
      },
    ];
    expect(checkTable(lines)).to.equal(
      [
        "| # | check | from | to | result | time | detail |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        "| 1 | OSPF adjacency Full | R1 sfp28-1 | R2 sfp28-1 | pass | 4.3 s | Full |",
        "| 2 | VM reaches its gateway | web-1 (PVE-1) | 10.1.10.1 (VRRP) | FAIL |  | no answer; path: a \\| b |",
      ].join("\n"),
    );
    expect(summary(lines)).to.equal("2 checks, 1 FAILED");
  });
});
