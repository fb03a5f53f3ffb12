import { expect } from "chai";
import { exportConfiguration } from "../../../providers/routeros/configuration-export";
import { RouterUnderTest } from "./harness";

describe("a router's configuration as its own /export writes it, over the API", () => {
  const t = new RouterUnderTest();

  it("reads back a script larger than one chunk whole, in order, and leaves no file behind", async () => {
    // 2,000 addresses: a script of some 85 kB, two whole chunks and a part.
    for (let i = 0; i < 2000; i++) {
      t.router.tree.add("ip/address", { address: `10.${i >> 8}.${i & 255}.1/32`, interface: "ether1" });
    }
    t.router.resetCommandCounts();
    const script = await exportConfiguration(t.connection);
    const lines = script.split("\n");
    expect(script.length).to.be.greaterThan(2 * 32768);
    expect(lines.filter((line) => line.startsWith("add address="))).to.have.length(2000);
    expect(lines.at(-2)).to.equal("add address=10.7.207.1/32 interface=ether1");
    expect(t.router.print("file")).to.deep.equal([]);
    expect(t.router.commandCounts()).to.deep.equal({
      "/login": 1,
      "/export": 1,
      "/file/read": 3,
      "/file/remove": 1,
    });
  });
});
