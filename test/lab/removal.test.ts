import { expect } from "chai";
import { LabUnderTest } from "../../lab/lab-under-test";

// An operator takes settings out of the lab stack file; the next up changes the routers as each
// field's declaration says, and the preview after it is clean.
describe("settings taken out of the lab stack", function () {
  this.timeout(600_000);

  const lab = new LabUnderTest();
  let factoryL2mtu: string | undefined;
  const port = (router: string, name: string) =>
    lab.routers
      .router(router)
      .print("interface/ethernet")
      .find((r) => r["default-name"] === name);
  const template = (router: string, iface: string) =>
    lab.routers
      .router(router)
      .print("routing/ospf/interface-template")
      .find((r) => r.interfaces === iface);

  /** The stack file's text with `from` replaced, which must be there. */
  const without = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`the lab stack no longer says ${from}`);
    return text.replace(from, to);
  };

  before(async () => {
    await lab.start();
    factoryL2mtu = port("MTK-3", "sfp28-1")?.l2mtu;
    await lab.stack.up();
  });
  after(() => lab.stop());

  it("start out as the stack says", () => {
    expect(port("MTK-3", "sfp28-1")).to.include({ l2mtu: "9134", comment: "PVE-1 (Port 2)" });
    expect(template("MTK-1", "qsfp28-2-1")).to.include({ auth: "md5" }).and.to.have.property("auth-key");
    expect(factoryL2mtu).to.not.equal("9134");
  });

  it("go back on the routers as their declarations say, in one up", async () => {
    lab.editStackFile((text) => {
      // A factory port's l2mtu, which the port gets its own back for, and its comment (a default).
      let edited = without(
        text,
        "{ name: sfp28-1, comment: PVE-1 (Port 2), address: 192.168.131.1/30, mtu: 9050, l2mtu: 9134 }",
        "{ name: sfp28-1, address: 192.168.131.1/30, mtu: 9050 }",
      );
      // OSPF authentication on the MTK-1 to MTK-2 link, at both ends: RouterOS's unset.
      edited = without(
        edited,
        "- { interface: qsfp28-2-1, type: ptp, auth: md5 }\n          - { interface: lo, type: passive }\n          - { interface: sfp28-1, type: broadcast }\n    - name: MTK-2",
        "- { interface: qsfp28-2-1, type: ptp }\n          - { interface: lo, type: passive }\n          - { interface: sfp28-1, type: broadcast }\n    - name: MTK-2",
      );
      return without(
        edited,
        "routerId: 192.168.254.2\n        interfaces:\n          - { interface: qsfp28-1-1, type: ptp, auth: md5 }",
        "routerId: 192.168.254.2\n        interfaces:\n          - { interface: qsfp28-1-1, type: ptp }",
      );
    });
    const up = await lab.stack.up();
    // MTK-3's interfaces (the port, and its address, which carried the port's comment), and the
    // OSPF of MTK-1 and MTK-2 (a template each).
    expect(up.summary.resourceChanges).to.include({ update: 3 });
    // The comment has a default (none); the l2mtu is the port's factory one.
    expect(port("MTK-3", "sfp28-1")).to.include({ l2mtu: factoryL2mtu, mtu: "9050", comment: "" });
    const address = lab.routers
      .router("MTK-3")
      .print("ip/address")
      .find((r) => r.address === "192.168.131.1/30");
    expect(address).to.include({ interface: "sfp28-1", comment: "" });
    for (const [router, iface] of [
      ["MTK-1", "qsfp28-2-1"],
      ["MTK-2", "qsfp28-1-1"],
    ]) {
      expect(template(router, iface), `${router} ${iface}`).to.not.have.any.keys("auth", "auth-key");
    }
  });

  it("leave nothing for the next preview to do", async () => {
    const preview = await lab.stack.preview({ refresh: true });
    const { same: _same, ...changed } = preview.changeSummary;
    expect(changed).to.deep.equal({});
  });
});
