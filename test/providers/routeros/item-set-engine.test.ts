import { expect } from "chai";
import { rosIdOf } from "../../../providers/routeros/item-engine";
import { ItemSetEngine, type ItemSetProps } from "../../../providers/routeros/item-set-engine";
import { creationOrder, menus } from "../../../providers/routeros/menus";
import { PartialFailure } from "../../../providers/shared/partial-failure";
import { refused } from "../../support/refused";
import { RouterUnderTest } from "./harness";

/** A router's ports and addresses, keyed as the Router component keys them, in no particular order. */
const interfaces = (): ItemSetProps => ({
  router: "MTK-1",
  concern: "interfaces",
  items: {
    "lo0-address": { menu: "IpAddress", address: "10.255.0.1/32", interface: "lo0" },
    "qsfp28-1-1-address": { menu: "IpAddress", address: "192.168.141.1/30", interface: "qsfp28-1-1" },
    "qsfp28-1-1": { menu: "EthernetSettings", defaultName: "qsfp28-1-1", mtu: 9050, l2mtu: 9134 },
    lo0: { menu: "Bridge", name: "lo0", comment: "loopback" },
  },
});

describe("a set of a router's items as one resource, against the emulator", () => {
  const t = new RouterUnderTest();
  const engine = () => new ItemSetEngine(t.env);
  const commands = () => t.router.commandLog().filter((command) => !/\/(print|login|execute)$/.test(command));

  it("makes each item in creation order, whatever order the stack gives them in, and keeps each id by key", async () => {
    const { id, outs } = await engine().create(interfaces());
    expect(id).to.equal("MTK-1/interfaces");
    expect(commands()).to.deep.equal([
      "/interface/ethernet/set",
      "/interface/bridge/add",
      "/ip/address/add",
      "/ip/address/add",
    ]);
    const addresses = t.router.print("ip/address");
    expect(rosIdOf(outs.ids?.["lo0-address"] as string)).to.equal(
      addresses.find((a) => a.address === "10.255.0.1/32")?.[".id"],
    );
    expect(t.router.print("interface/bridge").map((b) => b.name)).to.include("lo0");
    // The factory item's values before the set, kept to give them back.
    expect(outs.items["qsfp28-1-1"]).to.deep.include({
      menu: "EthernetSettings",
      factoryValues: { mtu: "1500", l2mtu: "1584" },
    });
  });

  it("reads back what it made as unchanged, and leaves out an item gone from the router", async () => {
    const { outs } = await engine().create(interfaces());
    t.nextRun();
    const { props } = await engine().read("MTK-1/interfaces", outs);
    expect(props).to.deep.equal(outs);
    expect(engine().diff(props, interfaces()).changes).to.equal(false);
    t.router.tree.remove("ip/address", rosIdOf(outs.ids?.["qsfp28-1-1-address"] as string));
    t.nextRun();
    const { props: drifted } = await engine().read("MTK-1/interfaces", outs);
    expect(Object.keys(drifted.items)).to.have.members(["lo0", "lo0-address", "qsfp28-1-1"]);
    expect(engine().diff(drifted, interfaces()).changes).to.equal(true);
  });

  it("changes only what differs: one item's field set, one removed, one added", async () => {
    const { outs } = await engine().create(interfaces());
    const news = interfaces();
    news.items.lo0 = { menu: "Bridge", name: "lo0", comment: "the loopback" };
    delete news.items["qsfp28-1-1-address"];
    news.items["qsfp28-2-1-address"] = { menu: "IpAddress", address: "192.168.141.5/30", interface: "qsfp28-2-1" };
    expect(engine().diff(outs, news).changes).to.equal(true);
    t.nextRun();
    const { outs: after } = await engine().update("MTK-1/interfaces", outs, news);
    expect(commands()).to.deep.equal(["/ip/address/remove", "/interface/bridge/set", "/ip/address/add"]);
    expect(t.router.print("ip/address").map((a) => a.address)).to.have.members(["10.255.0.1/32", "192.168.141.5/30"]);
    expect(Object.keys(after.ids ?? {})).to.have.members(Object.keys(news.items));
    expect(engine().diff(after, news).changes).to.equal(false);
  });

  it("makes an item again when its menu cannot change it in place, removing it first when its identity stays", async () => {
    const ospf = (areaId: string): ItemSetProps => ({
      router: "MTK-1",
      concern: "ospf",
      items: {
        ospf: { menu: "OspfInstance", name: "default", routerId: "10.255.0.1" },
        "ospf-backbone": { menu: "OspfArea", name: "backbone", instance: "default", areaId },
      },
    });
    const { outs } = await engine().create(ospf("0.0.0.0"));
    t.nextRun();
    const { outs: after } = await engine().update("MTK-1/ospf", outs, ospf("0.0.0.1"));
    expect(commands()).to.deep.equal(["/routing/ospf/area/remove", "/routing/ospf/area/add"]);
    expect(t.router.print("routing/ospf/area").map((a) => a["area-id"])).to.deep.equal(["0.0.0.1"]);
    expect(after.ids?.["ospf-backbone"]).to.not.equal(outs.ids?.["ospf-backbone"]);
  });

  it("stopped by an item, reports the items made before it as the set's state, and names the item", async () => {
    const props = interfaces();
    props.items["qsfp28-1-1-address"] = { menu: "IpAddress", address: "192.168.141.1/30", interface: "nowhere" };
    const error = await engine()
      .create(props)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).to.be.instanceOf(PartialFailure);
    const failure = error as PartialFailure;
    expect(failure.message).to.match(/^MTK-1 \/ip\/address\/add: .*\(interfaces item qsfp28-1-1-address\)$/);
    expect(Object.keys(failure.properties.items as object)).to.have.members(["qsfp28-1-1", "lo0", "lo0-address"]);
  });

  it("removes every item in the reverse order and gives a factory port its values back", async () => {
    const { outs } = await engine().create(interfaces());
    t.nextRun();
    await engine().delete("MTK-1/interfaces", outs);
    expect(commands()).to.deep.equal([
      "/ip/address/remove",
      "/ip/address/remove",
      "/interface/bridge/remove",
      "/interface/ethernet/set",
    ]);
    expect(t.router.print("interface/ethernet").find((p) => p.name === "qsfp28-1-1")).to.include({
      mtu: "1500",
      l2mtu: "1584",
    });
  });

  it("refuses an existing item unless the set adopts, then takes it over", async () => {
    await engine().create(interfaces());
    t.nextRun();
    expect(await refused(engine().create(interfaces()))).to.match(
      /already exists .*set adopt: true .*make up moves such items into their sets first .*\(interfaces item lo0\)$/,
    );
    t.nextRun();
    await engine().create({ ...interfaces(), adopt: true });
    expect(t.writes()).to.deep.equal({});
  });

  it("orders every menu an item can be in, the firewall chains aside", () => {
    const chains = new Set(["FirewallFilterRule"]);
    expect([...creationOrder].sort()).to.deep.equal(
      Object.keys(menus)
        .filter((type) => !chains.has(type))
        .sort(),
    );
  });
});
