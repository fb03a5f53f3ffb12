import { expect } from "chai";
import type { RequestParams } from "../../../providers/proxmox/client";
import type { PveObject } from "../../../providers/proxmox/object";
import { objects } from "../../../providers/proxmox/objects";
import { type Props, type Row, rowValues } from "../../../providers/proxmox/values";
import { propertyName } from "../../../providers/shared/naming";
import { ClusterUnderTest } from "./harness";

type Request = ["POST" | "PUT" | "DELETE", string, RequestParams];

interface Sample {
  /** What the object refers to, made by hand first. */
  needs?: Request[];
  props: Props;
  update: Props;
  /** A change made by hand to the object (a PUT of its item), and what a refresh then reports. */
  drift: { params: RequestParams; shows: Props };
  /** A change that cannot be made in place. */
  replace: Props;
}

const pool: Request = ["POST", "/nodes/PVE-1/ceph/pool", { name: "vm_data" }];
const zone: Request = ["POST", "/cluster/sdn/zones", { zone: "tenants", type: "vxlan", peers: "192.168.254.11" }];
const vm = (vmid: number): Request => ["POST", "/nodes/PVE-1/qemu/9000/clone", { newid: vmid, full: 1 }];
const ha = (vmid: number): Request => ["POST", "/cluster/ha/resources", { sid: `vm:${vmid}` }];
const fabric: Request = [
  "POST",
  "/cluster/sdn/fabrics/fabric",
  { id: "underlay", protocol: "ospf", area: "0.0.0.0", ip_prefix: "192.168.254.8/29" },
];

// One sample per declared object: what it is created with, changed to, drifts to and replaced by.
const samples: Record<string, Sample> = {
  NodeNetworkInterface: {
    props: { node: "PVE-1", iface: "ens1f0", mtu: 9050 },
    update: { mtu: 9000 },
    drift: { params: { type: "eth", mtu: 1500 }, shows: { mtu: 1500 } },
    replace: { iface: "ens1f1" },
  },
  CephPool: {
    props: { node: "PVE-1", name: "vm_data", size: 3, minSize: 2, pgAutoscaleMode: "on", targetSizeRatio: 0.8 },
    update: { minSize: 1, targetSize: "500G", targetSizeRatio: undefined },
    drift: { params: { size: 2 }, shows: { size: 2 } },
    replace: { name: "vm_data2" },
  },
  RbdStorage: {
    needs: [pool],
    props: { storage: "vm_data", pool: "vm_data", content: ["images", "rootdir"], krbd: false },
    update: { krbd: true, nodes: ["PVE-1", "PVE-2"] },
    drift: { params: { content: "images" }, shows: { content: ["images"] } },
    replace: { storage: "vm_data2" },
  },
  SdnOspfFabric: {
    props: { pveId: "underlay", area: "0.0.0.0", ipPrefix: "192.168.254.8/29" },
    update: { area: "0.0.0.1", ipPrefix: "192.168.254.0/27" },
    drift: { params: { protocol: "ospf", area: "0.0.0.2" }, shows: { area: "0.0.0.2" } },
    replace: { pveId: "fabric2" },
  },
  SdnFabricNode: {
    needs: [fabric],
    props: {
      fabricId: "underlay",
      nodeId: "PVE-1",
      ip: "192.168.254.11",
      interfaces: ["name=ens1f0,ip=192.168.121.2/30", "name=ens1f1,ip=192.168.131.2/30"],
    },
    update: {
      ip: "192.168.254.14",
      interfaces: ["name=ens1f1,ip=192.168.131.2/30", "name=ens2f0,ip=192.168.151.2/30"],
    },
    drift: {
      params: { protocol: "ospf", interfaces: ["name=ens2f0,ip=192.168.151.2/30", "name=ens1f0,ip=192.168.121.2/30"] },
      shows: { interfaces: ["ip=192.168.121.2/30,name=ens1f0", "ip=192.168.151.2/30,name=ens2f0"] },
    },
    replace: { nodeId: "PVE-2" },
  },
  SdnVxlanZone: {
    props: { zone: "tenants", peers: ["192.168.254.11", "192.168.254.12", "192.168.254.13"], mtu: 1450 },
    update: { mtu: 8950, peers: ["192.168.254.11", "192.168.254.12"] },
    drift: { params: { mtu: 1500 }, shows: { mtu: 1500 } },
    replace: { zone: "tenant2" },
  },
  SdnVnet: {
    needs: [zone],
    props: { vnet: "vbr111", zone: "tenants", tag: 111 },
    update: { tag: 112, alias: "sql" },
    drift: { params: { vlanaware: 1 }, shows: { vlanaware: true } },
    replace: { vnet: "vbr112" },
  },
  HaResource: {
    needs: [vm(100), vm(101)],
    props: { sid: "vm:100", state: "started" },
    update: { state: "stopped", maxRestart: 2 },
    drift: { params: { comment: "by hand" }, shows: { comment: "by hand" } },
    replace: { sid: "vm:101" },
  },
  HaNodeAffinityRule: {
    needs: [vm(100), ha(100)],
    props: { rule: "sql", resources: ["vm:100"], nodes: ["PVE-2:2", "PVE-1:1"] },
    update: { strict: true, nodes: ["PVE-3:1", "PVE-2:2"] },
    drift: { params: { type: "node-affinity", nodes: "PVE-1" }, shows: { nodes: ["PVE-1"] } },
    replace: { rule: "sql2" },
  },
};

describe("create, read, update, drift, replace and delete of every Proxmox VE object", function () {
  this.timeout(20_000);
  const t = new ClusterUnderTest({ nics: { "PVE-1": ["ens1f0", "ens1f1"] } });

  it("has a sample for every declared object", () => {
    expect(Object.keys(samples).sort()).to.deep.equal(Object.keys(objects).sort());
  });

  /** A path template filled from the props, as `{node}` from `node` and `{fabric_id}` from `fabricId`. */
  const fill = (template: string, props: Props) =>
    template.replace(/\{([^}]+)\}/g, (_, name: string) => String(props[propertyName(name)]));

  /** The object as PVE answers it now, read without the engine. */
  async function onPve(object: PveObject, props: Props): Promise<Row | undefined> {
    const id = String(props[propertyName(object.id)]);
    if (object.read) return t.client.get<Row>(fill(object.read, props), object.readParams).catch(() => undefined);
    const rows = await t.client.get<Row[]>(fill(object.collection, props));
    return rows.find((row) => row[object.id] === id);
  }

  /** PVE holds every field the props give, as they give it. */
  async function holds(object: PveObject, props: Props) {
    const actual = rowValues(object.fields, (await onPve(object, props)) ?? {});
    const wanted = rowValues(
      object.fields,
      Object.fromEntries(Object.keys(object.fields).map((name) => [name, props[propertyName(name)]])),
    );
    for (const [name, field] of Object.entries(object.fields)) {
      if (!field.secret) expect(actual.get(name), `${object.type} ${name}`).to.equal(wanted.get(name));
    }
  }

  /** The object is gone: deleted, or for one PVE had before (a NIC), back to what it holds with nothing set. */
  async function gone(object: PveObject, props: Props, message: string) {
    if (!object.preexisting) {
      expect(await onPve(object, props), message).to.equal(undefined);
      return;
    }
    const bare = Object.fromEntries(
      Object.entries(object.fields)
        .filter(([name, field]) => field.location || name === object.id)
        .map(([name]) => [propertyName(name), props[propertyName(name)]]),
    );
    await holds(object, bare);
  }

  for (const [type, sample] of Object.entries(samples)) {
    const object = objects[type];
    const idOf = (props: Props) => String(props[propertyName(object.id)]);
    const item = (props: Props) => fill(object.item, props);
    const applies = object.appliedBy ? { [`${object.appliedBy.method} ${object.appliedBy.path}`]: 1 } : {};
    const appliedByEach = object.appliedByEachWrite ? applies : {};
    // PVE's own object is set by a PUT of its item, and put back by another.
    const creation = object.preexisting ? { [`PUT ${object.item}`]: 1 } : { [`POST ${object.collection}`]: 1 };
    const deletion = object.preexisting ? { [`PUT ${object.item}`]: 1 } : { [`DELETE ${object.item}`]: 1 };

    it(type, async () => {
      for (const [method, path, params] of sample.needs ?? []) await t.byHand(method, path, params);
      t.nextRun();
      const props = sample.props;

      const { id } = await t.engine(object).create(props);
      expect(id).to.equal(idOf(props));
      await holds(object, props);
      expect(t.writes(), "a create is one write").to.deep.equal({ ...creation, ...appliedByEach });

      t.nextRun();
      expect((await t.engine(object).read(id, props)).props, "read").to.deep.equal(props);

      const updated = { ...props, ...sample.update };
      expect(t.engine(object).diff(id, props, updated)).to.deep.include({ changes: true, replaces: [] });
      t.nextRun();
      await t.engine(object).update(id, props, updated);
      await holds(object, updated);
      expect(t.writes(), "an update is one PUT").to.deep.equal({ [`PUT ${object.item}`]: 1, ...appliedByEach });

      const { params, shows } = sample.drift;
      await t.byHand("PUT", item(updated), params);
      t.nextRun();
      const drifted = (await t.engine(object).read(id, updated)).props;
      expect(drifted, "drift").to.deep.equal({ ...updated, ...shows });
      t.nextRun();
      await t.engine(object).update(id, drifted, updated);
      await holds(object, updated);

      const replaced = { ...updated, ...sample.replace };
      const later = t.engine(object);
      const diff = later.diff(id, updated, replaced);
      expect(diff).to.deep.equal({ changes: true, replaces: Object.keys(sample.replace), deleteBeforeReplace: false });
      const created = await later.create(replaced);
      await later.delete(id, updated);
      await holds(object, replaced);
      await gone(object, updated, "the replaced object is gone");

      t.nextRun();
      await t.engine(object).delete(created.id, replaced);
      await gone(object, replaced, "deleted");
      expect(t.writes(), "a delete is one write").to.deep.equal({ ...deletion, ...applies });
      await t.engine(object).delete(created.id, replaced);
      t.nextRun();
      // A NIC stays the node's after budgetcloud lets go of it.
      if (!object.preexisting)
        expect((await t.engine(object).read(created.id, replaced)).id, "read after delete").to.equal(undefined);
    });
  }
});
