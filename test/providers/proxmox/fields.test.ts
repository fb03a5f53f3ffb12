import { expect } from "chai";
import { bool, canonical, int, list, number, set, size, text, wire } from "../../../providers/proxmox/fields";
import { cephPool, rbdStorage, sdnFabricNode } from "../../../providers/proxmox/objects";
import { changedFields, refreshedProps, rowValues, updateParams } from "../../../providers/proxmox/values";
import { propertyName } from "../../../providers/shared/naming";

describe("Proxmox VE field kinds", () => {
  it("compare what PVE prints with what a stack writes", () => {
    expect(canonical(bool(), 1)).to.equal(canonical(bool(), true));
    expect(canonical(bool(), "0")).to.equal(canonical(bool(), false));
    expect(canonical(int(), "8192")).to.equal(canonical(int(), 8192));
    expect(canonical(number(), "0.80")).to.equal(canonical(number(), 0.8));
    expect(canonical(size(), 536870912000)).to.equal(canonical(size(), "500G"));
    expect(canonical(size(), "1.5T")).to.equal(String(1.5 * 2 ** 40));
    expect(canonical(set(), "rootdir,images")).to.equal(canonical(set(), ["images", "rootdir"]));
    expect(canonical(list({ separator: " " }), "192.168.111.21 192.168.111.22")).to.equal(
      canonical(list(), ["192.168.111.21", "192.168.111.22"]),
    );
    expect(canonical(list(), "b a")).not.to.equal(canonical(list(), "a b"));
  });

  it("keep an array parameter's values whole, and read property strings in any key order", () => {
    const interfaces = sdnFabricNode.fields.interfaces;
    const [ens1f0, ens1f1] = ["name=ens1f0,ip=192.168.121.2/30", "name=ens1f1,ip=192.168.131.2/30"];
    expect(canonical(interfaces, [ens1f1, ens1f0])).to.equal(
      "ip=192.168.121.2/30,name=ens1f0\nip=192.168.131.2/30,name=ens1f1",
    );
    expect(canonical(interfaces, ["ip=192.168.121.2/30,name=ens1f0"])).to.equal(canonical(interfaces, [ens1f0]));
    expect(wire(interfaces, [ens1f1, ens1f0])).to.deep.equal([ens1f1, ens1f0]);
    const node = { fabricId: "underlay", nodeId: "PVE-1", ip: "192.168.254.11", interfaces: [ens1f0] };
    const row = { fabric_id: "underlay", node_id: "PVE-1", protocol: "ospf", ip: "192.168.254.11" };
    const refreshed = (printed: string[]) =>
      refreshedProps(sdnFabricNode.fields, node, rowValues(sdnFabricNode.fields, { ...row, interfaces: printed }));
    expect(refreshed(["ip=192.168.121.2/30,name=ens1f0"])).to.deep.equal(node);
    expect(refreshed([ens1f1, ens1f0])).to.deep.equal({
      ...node,
      interfaces: ["ip=192.168.121.2/30,name=ens1f0", "ip=192.168.131.2/30,name=ens1f1"],
    });
  });

  it("are sent in the form PVE takes", () => {
    expect(wire(bool(), true)).to.equal("1");
    expect(wire(set(), ["images", "rootdir"])).to.equal("images,rootdir");
    expect(wire(list({ separator: " " }), ["192.168.111.21", "192.168.111.22"])).to.equal(
      "192.168.111.21 192.168.111.22",
    );
    expect(wire(text(), "vbr110")).to.equal("vbr110");
  });

  it("name PVE parameters as Pulumi properties", () => {
    expect(
      ["min_size", "vxlan-port", "isolate-ports", "ipconfig0", "destroy-unreferenced-disks"].map(propertyName),
    ).to.deep.equal(["minSize", "vxlanPort", "isolatePorts", "ipconfig0", "destroyUnreferencedDisks"]);
    // Pulumi keeps `id` to itself: a fabric's id is `pveId`, a node's fabric_id `fabricId`.
    expect(["id", "fabric_id", "node_id"].map(propertyName)).to.deep.equal(["pveId", "fabricId", "nodeId"]);
  });
});

describe("Proxmox VE values", () => {
  const pool = { node: "PVE-1", name: "vm_data", size: 3, minSize: 2, pgAutoscaleMode: "on", targetSizeRatio: 0.8 };

  it("see no change in a node the API is reached through, or in a default written out", () => {
    expect(changedFields(cephPool.fields, pool, { ...pool, crushRule: "replicated_rule" })).to.deep.equal([]);
    expect(changedFields(cephPool.fields, pool, { ...pool, node: "PVE-2" })).to.deep.equal(["node"]);
  });

  it("update a pool by sending defaults back, where PVE has no delete", () => {
    const changed = changedFields(cephPool.fields, pool, { ...pool, targetSizeRatio: undefined, node: "PVE-2" });
    expect(updateParams(cephPool.fields, changed, { ...pool, targetSizeRatio: undefined }, false)).to.deep.equal({
      target_size_ratio: "0",
    });
  });

  it("unset a storage's fields with delete, where PVE has it", () => {
    const storage = { storage: "vm_data", pool: "vm_data", content: ["images", "rootdir"], nodes: ["PVE-1"] };
    const news = { storage: "vm_data", pool: "vm_data", krbd: true };
    expect(updateParams(rbdStorage.fields, changedFields(rbdStorage.fields, storage, news), news, true)).to.deep.equal({
      krbd: "1",
      delete: "content,nodes",
    });
  });

  it("refresh to the stack's own values when PVE holds them in another form, and report drift", () => {
    const row = { pool_name: "vm_data", name: "vm_data", size: 3, min_size: 2, pg_autoscale_mode: "on" };
    const status = { ...row, target_size_ratio: 0.8, crush_rule: "replicated_rule", application_list: ["rbd"] };
    expect(refreshedProps(cephPool.fields, pool, rowValues(cephPool.fields, status))).to.deep.equal(pool);
    const drifted = { ...status, min_size: 1, target_size: 107374182400 };
    expect(refreshedProps(cephPool.fields, pool, rowValues(cephPool.fields, drifted))).to.deep.equal({
      ...pool,
      minSize: 1,
      targetSize: "107374182400",
    });
    expect(refreshedProps(cephPool.fields, pool, rowValues(cephPool.fields, row))).to.deep.equal({
      ...pool,
      targetSizeRatio: 0,
    });
  });

  it("keep a secret PVE never returns, and drop a managed field PVE lost", () => {
    const storage = { storage: "ext", pool: "rbd", monhost: ["10.0.0.1"], username: "admin", keyring: "AQB…==" };
    const row = { storage: "ext", type: "rbd", pool: "rbd", monhost: "10.0.0.1" };
    expect(refreshedProps(rbdStorage.fields, storage, rowValues(rbdStorage.fields, row))).to.deep.equal({
      storage: "ext",
      pool: "rbd",
      monhost: ["10.0.0.1"],
      keyring: "AQB…==",
    });
  });
});
