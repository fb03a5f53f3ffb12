import { expect } from "chai";
import { type ItemProps, rosIdOf } from "../../../providers/routeros/item-engine";
import { menus } from "../../../providers/routeros/menus";
import { givenValues, rowValues } from "../../../providers/routeros/values";
import { propertyName } from "../../../providers/shared/naming";
import { RouterUnderTest } from "./harness";

interface Sample {
  /** Items the sample refers to, added out of band first: [menu, fields]. */
  needs?: [string, Record<string, string>][];
  props: Omit<ItemProps, "router">;
  update: Omit<ItemProps, "router">;
  /** A change that cannot be made in place. */
  replace?: Omit<ItemProps, "router">;
}

const ospf: [string, Record<string, string>][] = [
  ["routing/ospf/instance", { name: "v2", "router-id": "10.254.0.1" }],
  ["routing/ospf/area", { name: "core", instance: "v2" }],
];

// One sample per declared menu (the firewall filter menu is run as a chain, tested on its own).
const samples: Record<string, Sample> = {
  EthernetSettings: { props: { defaultName: "sfp28-2", mtu: 9050, l2mtu: 9134 }, update: { mtu: 9000 } },
  Bridge: { props: { name: "br-x", comment: "tenant" }, update: { protocolMode: "none" } },
  BridgePort: {
    needs: [["interface/bridge", { name: "br-x" }]],
    props: { bridge: "br-x", interface: "sfp28-3" },
    update: { pvid: 10 },
    replace: { interface: "sfp28-4" },
  },
  IpAddress: { props: { address: "10.1.0.1/30", interface: "sfp28-5" }, update: { comment: "to PVE-1" } },
  OspfInstance: {
    props: { name: "v2", routerId: "10.254.0.1" },
    update: { routerId: "10.254.0.2" },
    replace: { version: 3 },
  },
  OspfArea: {
    needs: ospf.slice(0, 1),
    props: { name: "core", instance: "v2" },
    update: { comment: "backbone" },
    replace: { areaId: "0.0.0.1" },
  },
  OspfInterfaceTemplate: {
    needs: ospf,
    props: { area: "core", interfaces: ["sfp28-6"], type: "ptp" },
    update: { cost: 10 },
  },
  Vxlan: { props: { name: "vx1", vni: 10, port: 4789 }, update: { vni: 11 } },
  VxlanVtep: {
    needs: [
      ["interface/vxlan", { name: "vx1", vni: "10" }],
      ["interface/vxlan", { name: "vx2", vni: "20" }],
    ],
    props: { interface: "vx1", remoteIp: "10.254.0.2" },
    update: { remoteIp: "10.254.0.3" },
    replace: { interface: "vx2" },
  },
  Vrrp: {
    needs: [["interface/bridge", { name: "br-x" }]],
    props: { name: "vr1", interface: "br-x", vrid: 5, priority: 200 },
    update: { priority: 100 },
  },
  // A /32, which RouterOS prints as the bare address: read back, it is still the entry as given.
  FirewallAddressList: { props: { list: "underlay", address: "10.254.0.1/32" }, update: { comment: "MTK-1" } },
  NatRule: {
    // A /32, which RouterOS prints as the bare address: read back, it is still the rule as given.
    props: { chain: "srcnat", action: "masquerade", srcAddress: "192.168.143.1/32", outInterface: "ether1" },
    update: { comment: "tenants" },
  },
  // The agent is one set of settings: no id, no add, and released as it was found.
  SnmpSettings: {
    props: { enabled: true, contact: "noc@example.net", trapTarget: ["10.0.0.5"], trapVersion: 3 },
    update: { location: "rack 4" },
  },
  SnmpCommunity: {
    props: {
      name: "librenms",
      addresses: ["10.0.0.5/32"],
      security: "private",
      authenticationProtocol: "SHA1",
      encryptionProtocol: "AES",
      authenticationPassword: "auth-secret-1",
      encryptionPassword: "priv-secret-1",
    },
    update: { addresses: ["10.0.0.6/32"] },
  },
  // The CCR2216 under test has the ZeroTier package, and its instance zt1 from the factory.
  ZeroTierInstance: { props: { name: "zt1", disabled: false }, update: { port: 9994 } },
  ZeroTierInterface: {
    props: { name: "zerotier1", instance: "zt1", network: "8056c2e21c000001" },
    update: { allowGlobal: true },
  },
};

describe("create, read, update, replace and delete of every RouterOS menu", () => {
  const t = new RouterUnderTest();

  it("has a sample for every declared menu but the chain's rules", () => {
    expect(Object.keys(samples).sort()).to.deep.equal(
      Object.keys(menus)
        .filter((type) => type !== "FirewallFilterRule")
        .sort(),
    );
  });

  for (const [type, sample] of Object.entries(samples)) {
    const menu = menus[type];
    const path = menu.path.slice(1);
    const row = (id: string) =>
      menu.settings ? t.router.print(path)[0] : t.router.print(path).find((r) => r[".id"] === rosIdOf(id));
    /** Asserts the router holds every given field as given. */
    const holds = (id: string, props: ItemProps) => {
      const actual = rowValues(menu, row(id) ?? {}, "7.24");
      for (const [name, value] of givenValues(menu, props)) {
        if (!menu.fields[name].readOnly) expect(actual.get(name), `${type} ${propertyName(name)}`).to.equal(value);
      }
    };

    it(type, async () => {
      for (const [needed, fields] of sample.needs ?? []) t.router.tree.add(needed, fields);
      const engine = t.engine(menu);
      const props: ItemProps = { router: "MTK-1", ...sample.props };

      const { id, outs } = await engine.create(props);
      holds(id, props);

      t.nextRun();
      // What only the router knows (an instance's public identity) is reported besides the props.
      const reported = Object.keys(menu.fields)
        .filter((name) => menu.fields[name].reported)
        .map(propertyName);
      const read = (await t.engine(menu).read(id, props)).props;
      for (const name of reported) expect(read[name], `${type} ${name}`).to.be.a("string").that.is.not.empty;
      const unreported = Object.fromEntries(Object.entries(read).filter(([name]) => !reported.includes(name)));
      expect(unreported, "read").to.deep.equal(props);

      const updated = { ...props, ...sample.update };
      expect(engine.diff(props, updated)).to.deep.include({ changes: true, replaces: [] });
      t.nextRun();
      // Pulumi hands the engine what it returned (a factory item's values before it was set).
      const updatedOuts = (await t.engine(menu).update(id, outs, updated)).outs;
      holds(id, updated);
      expect(Object.keys(t.writes()), "an update is one set").to.deep.equal([`${menu.path}/set`]);

      let current = { id, props: updatedOuts };
      const later = t.engine(menu);
      if (sample.replace) {
        const replaced = { ...updated, ...sample.replace };
        const diff = later.diff(updated, replaced);
        expect(diff.replaces).to.deep.equal(Object.keys(sample.replace));
        // As Pulumi runs a replacement: delete first when the two would collide, else create first.
        if (diff.deleteBeforeReplace) await later.delete(id, updated);
        const created = await later.create(replaced);
        if (!diff.deleteBeforeReplace) await later.delete(id, updated);
        holds(created.id, replaced);
        expect(row(id), "the replaced item is gone").to.equal(undefined);
        current = { id: created.id, props: replaced };
      }

      await later.delete(current.id, current.props);
      if (menu.setOnly) {
        const released = rowValues(menu, row(current.id) ?? {}, "7.24");
        for (const name of givenValues(menu, current.props).keys()) {
          if (menu.fields[name].default !== undefined && !menu.identity.includes(name))
            expect(released.get(name), `${type} ${propertyName(name)} released`).to.equal(menu.fields[name].default);
        }
      } else expect(row(current.id), "deleted").to.equal(undefined);
    });
  }
});
