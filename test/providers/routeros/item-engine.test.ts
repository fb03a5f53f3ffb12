import { expect } from "chai";
import { type ItemProps, rosIdOf } from "../../../providers/routeros/item-engine";
import { bridge, ethernet, ipAddress, ospfInterfaceTemplate, vxlan } from "../../../providers/routeros/menus";
import { refused } from "../../support/refused";
import { RouterUnderTest } from "./harness";

describe("the generic RouterOS engine against the emulator", () => {
  const t = new RouterUnderTest();

  describe("an IP address", () => {
    const props: ItemProps = { router: "MTK-1", address: "192.168.141.2/30", interface: "qsfp28-1-1", comment: "ring" };

    it("is created with one add after one read of the whole router", async () => {
      const { id } = await t.engine(ipAddress).create(props);
      expect(id).to.match(/^MTK-1\/\*[0-9A-F]+$/);
      const [row] = t.router.print("ip/address").filter((r) => r.address === "192.168.141.2/30");
      expect(row).to.include({ interface: "qsfp28-1-1", comment: "ring", network: "192.168.141.0" });
      expect(row[".id"]).to.equal(rosIdOf(id));
      expect(t.router.commandCounts()).to.deep.equal({ "/login": 1, "/execute": 1, "/ip/address/add": 1 });
    });

    it("reads back what the router holds, and sees drift", async () => {
      const { id } = await t.engine(ipAddress).create(props);
      t.nextRun();
      expect((await t.engine(ipAddress).read(id, props)).props).to.deep.equal(props);
      t.router.tree.update("ip/address", rosIdOf(id), { comment: "changed by hand" });
      t.nextRun();
      const { props: drifted } = await t.engine(ipAddress).read(id, props);
      expect(drifted.comment).to.equal("changed by hand");
      expect(t.engine(ipAddress).diff(drifted, props).changes).to.equal(true);
    });

    it("updates in place with one set, the interface too", async () => {
      const engine = t.engine(ipAddress);
      const { id } = await engine.create(props);
      const news = { ...props, comment: "ring to MTK-2" };
      expect(engine.diff(props, news)).to.deep.include({ changes: true, replaces: [] });
      t.router.resetCommandCounts();
      await engine.update(id, props, news);
      expect(t.writes()).to.deep.equal({ "/ip/address/set": 1 });
      expect(t.router.print("ip/address").find((r) => r[".id"] === rosIdOf(id))?.comment).to.equal("ring to MTK-2");
      expect(engine.diff(props, { ...props, interface: "qsfp28-2-1" })).to.deep.include({
        changes: true,
        replaces: [],
      });
    });

    it("is deleted, and a second delete of a vanished item succeeds", async () => {
      const engine = t.engine(ipAddress);
      const { id } = await engine.create(props);
      await engine.delete(id, props);
      expect(t.router.print("ip/address").some((r) => r.address === "192.168.141.2/30")).to.equal(false);
      await engine.delete(id, props);
      t.nextRun();
      expect((await engine.read(id, props)).id).to.equal(undefined);
    });

    it("refuses to take over an existing address unless told to adopt it", async () => {
      await t.engine(ipAddress).create(props);
      t.nextRun();
      expect(await refused(t.engine(ipAddress).create(props))).to.match(
        /^MTK-1 \/ip\/address\/add: an item with address=192.168.141.2\/30 interface=qsfp28-1-1 already exists \(\*[0-9A-F]+\); set adopt: true on the resource to take it over$/,
      );
      const adopted = await t.engine(ipAddress).create({ ...props, adopt: true, comment: "adopted" });
      expect(t.router.print("ip/address").filter((r) => r.address === "192.168.141.2/30")).to.have.length(1);
      expect(t.router.print("ip/address").find((r) => r[".id"] === rosIdOf(adopted.id))?.comment).to.equal("adopted");
    });
  });

  describe("the address this run reaches the router's API at", () => {
    // The harness reaches MTK-1 at 127.0.0.1: as far as the engine knows, the item below is its host.
    const host: ItemProps = { router: "MTK-1", address: "127.0.0.1/8", interface: "ether1", comment: "Management" };
    const reason =
      "address=127.0.0.1/8 interface=ether1 holds 127.0.0.1, the address this run reaches MTK-1's API at (its host): changing or removing it would cut the run off the router halfway; move the router's host to another of its addresses in one run, then change this one in the next";

    it("is never changed but for its comment, in the preview already, before any command", () => {
      const engine = t.engine(ipAddress);
      expect(() => engine.diff(host, { ...host, address: "127.0.0.2/8" })).to.throw(`MTK-1 /ip/address/set: ${reason}`);
      expect(() => engine.diff(host, { ...host, interface: "ether2" })).to.throw(`MTK-1 /ip/address/set: ${reason}`);
      expect(() => engine.diff(host, { ...host, disabled: true })).to.throw(`MTK-1 /ip/address/set: ${reason}`);
      expect(engine.diff(host, { ...host, comment: "Out of band" }).changes).to.equal(true);
      expect(t.router.commandCounts()).to.deep.equal({});
    });

    it("is never removed", async () => {
      expect(await refused(t.engine(ipAddress).delete("MTK-1/*9", host))).to.equal(
        `MTK-1 /ip/address/remove: ${reason}`,
      );
      expect(t.router.commandCounts()).to.deep.equal({});
    });
  });

  describe("ethernet settings, a set-only menu", () => {
    const props: ItemProps = { router: "MTK-1", defaultName: "sfp28-1", mtu: 9050, l2mtu: 9134, comment: "PVE-1" };

    it("finds the port by default-name and sets only what differs", async () => {
      await t.engine(ethernet).create(props);
      expect(t.router.print("interface/ethernet").find((r) => r["default-name"] === "sfp28-1")).to.include({
        mtu: "9050",
        l2mtu: "9134",
        comment: "PVE-1",
      });
      expect(t.writes()).to.deep.equal({ "/interface/ethernet/set": 1 });
      t.nextRun();
      await t.engine(ethernet).create(props);
      expect(t.writes()).to.deep.equal({});
    });

    it("names a port the model does not have", async () => {
      expect(await refused(t.engine(ethernet).create({ ...props, defaultName: "sfp28-13" }))).to.equal(
        "MTK-1 /interface/ethernet/set: no such item (default-name=sfp28-13)",
      );
    });

    it("puts the port back as it was found when released", async () => {
      const factory = t.router.print("interface/ethernet").find((r) => r["default-name"] === "sfp28-1");
      const { id, outs } = await t.engine(ethernet).create(props);
      expect(outs.factoryValues).to.deep.equal({ mtu: "1500", l2mtu: "1584", comment: null });
      const changed = { ...props, mtu: 9000 };
      t.nextRun();
      const { outs: updated } = await t.engine(ethernet).update(id, outs, changed);
      expect(updated.factoryValues).to.deep.equal(outs.factoryValues);
      t.nextRun();
      await t.engine(ethernet).delete(id, updated);
      expect(t.router.print("interface/ethernet").find((r) => r["default-name"] === "sfp28-1")).to.deep.equal(factory);
    });
  });

  describe("a secret field", () => {
    it("is written to the router and compared like any other", async () => {
      const props: ItemProps = {
        router: "MTK-1",
        area: "backbone",
        interfaces: ["qsfp28-1-1"],
        type: "ptp",
        auth: "md5",
        authKey: "transnomis",
      };
      t.router.tree.add("routing/ospf/instance", { name: "default", "router-id": "192.168.254.1" });
      t.router.tree.add("routing/ospf/area", { name: "backbone", instance: "default" });
      const { id } = await t.engine(ospfInterfaceTemplate).create(props);
      const row = t.router.print("routing/ospf/interface-template").find((r) => r[".id"] === rosIdOf(id));
      expect(row).to.include({ "auth-key": "transnomis", type: "ptp", interfaces: "qsfp28-1-1" });
    });
  });

  describe("version differences", () => {
    const props: ItemProps = { router: "MTK-1", name: "vxlan-sql", vni: 111, vtepVrf: "main" };

    it("sends vtep-vrf to RouterOS 7.24", async () => {
      await t.engine(vxlan).create(props);
      expect(t.router.print("interface/vxlan")[0]).to.include({ "vtep-vrf": "main", vni: "111" });
    });

    describe("on RouterOS 7.16", () => {
      const old = new RouterUnderTest({ version: "7.16" });
      it("sends the same field as vrf, and reads it back under its declared name", async () => {
        const { id } = await old.engine(vxlan).create(props);
        expect(old.router.print("interface/vxlan")[0]).to.include({ vrf: "main" });
        old.nextRun();
        expect((await old.engine(vxlan).read(id, props)).props).to.deep.equal(props);
      });
    });
  });

  describe("for an API user that may not run scripts", () => {
    const limited = new RouterUnderTest();
    beforeEach(() => {
      limited.router.knobs.refuseScripts = true;
    });

    it("reads a menu at a time instead, and still converges", async () => {
      const props: ItemProps = { router: "MTK-1", address: "192.168.141.2/30", interface: "qsfp28-1-1" };
      const { id } = await limited.engine(ipAddress).create(props);
      expect(limited.router.commandCounts()).to.deep.equal({
        "/login": 1,
        "/execute": 1,
        "/system/resource/print": 1,
        "/ip/address/print": 1,
        "/ip/address/add": 1,
      });
      limited.nextRun();
      expect((await limited.engine(ipAddress).read(id, props)).props).to.deep.equal(props);
    });
  });

  it("answers a menu with no rows (!empty on 7.18+) as no rows", async () => {
    expect(await t.connection.run("/interface/vxlan", "print")).to.deep.equal([]);
    await t.engine(bridge).create({ router: "MTK-1", name: "br0" });
    expect(await t.connection.run("/interface/vxlan", "print")).to.deep.equal([]);
  });
});
