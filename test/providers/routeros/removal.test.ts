import { expect } from "chai";
import { type ItemProps, rosIdOf } from "../../../providers/routeros/item-engine";
import { ethernet, menus, ospfInterfaceTemplate, vxlan } from "../../../providers/routeros/menus";
import { RouterUnderTest } from "./harness";

// A setting taken out of the stack must change the router as its declaration says, in the run that
// takes it out: nothing may stay behind on the router with no diff to show it.
describe("a RouterOS setting taken out of the stack", () => {
  // engine() is taken anew after each t.nextRun(): a new provider process, with nothing read yet.
  const t = new RouterUnderTest();
  const row = (menu: string, id: string) => t.router.print(menu).find((r) => r[".id"] === rosIdOf(id));

  it("is decided by every declaration: each writable field has a default or says what removing it does", () => {
    const undecided = Object.values(menus).flatMap((menu) =>
      Object.entries(menu.fields)
        .filter(([, field]) => !field.readOnly && !field.required)
        .filter(([, field]) => (field.default === undefined) === (field.onRemove === undefined))
        .map(([name]) => `${menu.path} ${name}`),
    );
    expect(undecided).to.deep.equal([]);
    const factoryOutsideSetOnly = Object.values(menus).flatMap((menu) =>
      Object.entries(menu.fields)
        .filter(([, field]) => field.onRemove === "factory" && !menu.setOnly)
        .map(([name]) => `${menu.path} ${name}`),
    );
    expect(factoryOutsideSetOnly).to.deep.equal([]);
  });

  it("with a default: the router gets the default back", async () => {
    const props: ItemProps = { router: "MTK-1", name: "vxlan-sql", vni: 111, port: 4789, mtu: 8950 };
    const engine = () => t.engine(vxlan);
    const { id } = await engine().create(props);
    const { mtu: _mtu, ...without } = props;
    expect(engine().diff(props, without)).to.deep.include({ changes: true, replaces: [] });
    t.nextRun();
    await engine().update(id, props, without);
    expect(t.writes()).to.deep.equal({ "/interface/vxlan/set": 1 });
    expect(row("interface/vxlan", id)?.mtu).to.equal("1500");
  });

  it("marked unset: RouterOS's unset takes it off the item, and a refresh then shows nothing to do", async () => {
    t.router.tree.add("routing/ospf/instance", { name: "default", "router-id": "192.168.254.1" });
    t.router.tree.add("routing/ospf/area", { name: "backbone", instance: "default" });
    const props: ItemProps = {
      router: "MTK-1",
      area: "backbone",
      interfaces: ["qsfp28-1-1"],
      type: "ptp",
      auth: "md5",
      authId: 2,
      authKey: "transnomis",
    };
    const engine = () => t.engine(ospfInterfaceTemplate);
    const { id } = await engine().create(props);
    const { auth: _auth, authId: _authId, authKey: _authKey, ...without } = props;
    expect(engine().diff(props, without)).to.deep.include({ changes: true, replaces: [] });
    t.nextRun();
    await engine().update(id, props, without);
    expect(t.writes()).to.deep.equal({ "/routing/ospf/interface-template/unset": 3 });
    expect(row("routing/ospf/interface-template", id)).to.not.have.any.keys("auth", "auth-id", "auth-key");
    t.nextRun();
    const { props: refreshed } = await engine().read(id, without);
    expect(engine().diff(refreshed, without).changes).to.equal(false);
  });

  it("marked unset: set again behind the stack's back, a refresh shows it and the next run unsets it", async () => {
    t.router.tree.add("routing/ospf/instance", { name: "default", "router-id": "192.168.254.1" });
    t.router.tree.add("routing/ospf/area", { name: "backbone", instance: "default" });
    const props: ItemProps = { router: "MTK-1", area: "backbone", interfaces: ["qsfp28-1-1"], type: "ptp" };
    const engine = () => t.engine(ospfInterfaceTemplate);
    const { id } = await engine().create(props);
    t.router.tree.update("routing/ospf/interface-template", rosIdOf(id), { auth: "sha1" });
    t.nextRun();
    const { props: drifted } = await engine().read(id, props);
    expect(drifted.auth).to.equal("sha1");
    expect(engine().diff(drifted, props).changes).to.equal(true);
    await engine().update(id, drifted, props);
    expect(row("routing/ospf/interface-template", id)).to.not.have.property("auth");
  });

  it("of a factory item: the port gets back the value it had before budgetcloud set it", async () => {
    const factory = t.router.print("interface/ethernet").find((r) => r["default-name"] === "sfp28-1");
    const props: ItemProps = { router: "MTK-1", defaultName: "sfp28-1", mtu: 9050, l2mtu: 9134 };
    const engine = () => t.engine(ethernet);
    const { id, outs } = await engine().create(props);
    const { l2mtu: _l2mtu, ...without } = props;
    expect(engine().diff(outs, without)).to.deep.include({ changes: true, replaces: [] });
    t.nextRun();
    const { outs: updated } = await engine().update(id, outs, without);
    expect(t.writes()).to.deep.equal({ "/interface/ethernet/set": 1 });
    expect(row("interface/ethernet", id)).to.include({ mtu: "9050", l2mtu: factory?.l2mtu });
    t.nextRun();
    const { props: refreshed } = await engine().read(id, updated);
    expect(engine().diff(refreshed, without).changes).to.equal(false);
  });

  it("refused: the diff fails, naming the router, the menu, the item and why, and nothing is sent", async () => {
    const props: ItemProps = { router: "MTK-1", name: "vxlan-sql", vni: 111, port: 4789 };
    const engine = () => t.engine(vxlan);
    await engine().create(props);
    const { port: _port, ...without } = props;
    t.router.resetCommandCounts();
    expect(() => engine().diff(props, without)).to.throw(
      "MTK-1 /interface/vxlan/set: port cannot be taken out of the stack of name=vxlan-sql (it holds 4789): " +
        "RouterOS's factory VXLAN port differs between versions (8472, 4789); give the port its VTEPs use",
    );
    expect(t.writes()).to.deep.equal({});
  });
});
