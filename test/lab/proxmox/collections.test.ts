import { expect } from "chai";
import { call, data, labForSuite, runTask, taskLog } from "./helpers";

const failure = (message: string) => ({ data: null, message });

describe("Proxmox emulator: configuration collections stored from the schema", () => {
  const lab = labForSuite();

  describe("storage", () => {
    it("starts with local (snippets enabled) and local-lvm", async () => {
      const storages = await data<Record<string, unknown>[]>(lab(), "GET", "/storage");
      const digest = storages[0].digest;
      expect(digest).to.match(/^[0-9a-f]{40}$/);
      expect(storages).to.deep.equal([
        { storage: "local", type: "dir", path: "/var/lib/vz", content: "backup,iso,snippets,vztmpl", digest },
        { storage: "local-lvm", type: "lvmthin", thinpool: "data", vgname: "pve", content: "images,rootdir", digest },
      ]);
    });

    it("creates an RBD storage the way PVE stores it: typed values, sorted content, shared", async () => {
      const created = await data(lab(), "POST", "/storage", {
        storage: "vm_data",
        type: "rbd",
        pool: "vm_data",
        content: "rootdir,images",
        krbd: 0,
        nodes: "PVE-1,PVE-2",
      });
      expect(created).to.deep.equal({ storage: "vm_data", type: "rbd" });
      const read = await data<Record<string, unknown>>(lab(), "GET", "/storage/vm_data");
      expect(read).to.deep.equal({
        storage: "vm_data",
        type: "rbd",
        pool: "vm_data",
        content: "images,rootdir",
        krbd: 0,
        nodes: "PVE-1,PVE-2",
        shared: 1,
        digest: read.digest,
      });
      const rbd = await data<{ storage: string }[]>(lab(), "GET", "/storage?type=rbd");
      expect(rbd.map((s) => s.storage)).to.deep.equal(["vm_data"]);
    });

    it("refuses a duplicate ID and an option the type does not have, in PVE's words", async () => {
      const duplicate = await call(lab(), "POST", "/storage", { storage: "local", type: "dir", path: "/srv" });
      expect([duplicate.status, duplicate.reason]).to.deep.equal([
        500,
        "create storage failed: storage ID 'local' already defined",
      ]);
      expect(duplicate.json).to.deep.equal(failure("create storage failed: storage ID 'local' already defined\n"));
      const wrongType = await call(lab(), "POST", "/storage", { storage: "ceph1", type: "rbd", path: "/srv" });
      expect(wrongType.json).to.deep.equal(failure("unexpected property 'path'\n"));
      const missing = await call(lab(), "POST", "/storage", { storage: "data2", type: "dir" });
      expect(missing.json).to.deep.equal(failure("missing value for required option 'path'\n"));
    });

    it("updates with delete= and digest=, and refuses a stale digest and a fixed option", async () => {
      await data(lab(), "POST", "/storage", { storage: "vm_data", type: "rbd", pool: "vm_data", krbd: 1 });
      const { digest } = await data<{ digest: string }>(lab(), "GET", "/storage/vm_data");
      await data(lab(), "PUT", "/storage/vm_data", { delete: "krbd", content: "images", digest });
      const read = await data<Record<string, unknown>>(lab(), "GET", "/storage/vm_data");
      expect(read.krbd).to.equal(undefined);
      expect(read.content).to.equal("images");
      const stale = await call(lab(), "PUT", "/storage/vm_data", { content: "rootdir", digest });
      expect(stale.json).to.deep.equal(
        failure("update storage failed: detected modified configuration - file changed by other user? Try again.\n"),
      );
      // A fixed option is not in the update schema at all.
      const fixed = await call(lab(), "PUT", "/storage/local", { path: "/srv" });
      expect(fixed.json?.errors).to.deep.equal({
        path: "property is not defined in schema and the schema does not allow additional properties",
      });
      const required = await call(lab(), "PUT", "/storage/local", { delete: "path" });
      expect(required.json).to.deep.equal(failure("update storage failed: unable to delete required option 'path'\n"));
      const both = await call(lab(), "PUT", "/storage/vm_data", { krbd: 1, delete: "krbd" });
      expect(both.json).to.deep.equal(
        failure("update storage failed: cannot set and delete property 'krbd' at the same time!\n"),
      );
    });

    it("reads and deletes by ID, and names a missing one", async () => {
      const missing = await call(lab(), "GET", "/storage/nope");
      expect(missing.json).to.deep.equal(failure("storage 'nope' does not exist\n"));
      const deleteMissing = await call(lab(), "DELETE", "/storage/nope");
      expect(deleteMissing.json).to.deep.equal(failure("delete storage failed: storage 'nope' does not exist\n"));
      expect(await data(lab(), "DELETE", "/storage/local-lvm")).to.equal(null);
      const ids = (await data<{ storage: string }[]>(lab(), "GET", "/storage")).map((s) => s.storage);
      expect(ids).to.deep.equal(["local"]);
    });
  });

  describe("SDN", () => {
    it("keeps changes pending until PUT /cluster/sdn applies them", async () => {
      await data(lab(), "POST", "/cluster/sdn/zones", { zone: "tenants", type: "vxlan", peers: "10.0.0.1,10.0.0.2" });
      await data(lab(), "POST", "/cluster/sdn/vnets", { vnet: "vbr110", zone: "tenants", tag: 110 });
      await data(lab(), "POST", "/cluster/sdn/vnets/vbr110/subnets", {
        subnet: "192.168.110.0/24",
        type: "subnet",
        gateway: "192.168.110.1",
      });
      const pending = await data<Record<string, unknown>[]>(lab(), "GET", "/cluster/sdn/zones?pending=1");
      expect(pending).to.deep.equal([
        {
          zone: "tenants",
          type: "vxlan",
          pending: { peers: "10.0.0.1,10.0.0.2" },
          state: "new",
          digest: null,
        },
      ]);
      expect(await data(lab(), "GET", "/cluster/sdn/zones?running=1")).to.deep.equal([]);
      const subnets = await data<Record<string, unknown>[]>(lab(), "GET", "/cluster/sdn/vnets/vbr110/subnets");
      expect(subnets).to.deep.equal([
        {
          subnet: "tenants-192.168.110.0-24",
          type: "subnet",
          vnet: "vbr110",
          gateway: "192.168.110.1",
          digest: subnets[0].digest,
          id: "tenants-192.168.110.0-24",
          cidr: "192.168.110.0/24",
          zone: "tenants",
          network: "192.168.110.0",
          mask: "24",
          "dhcp-range": [],
        },
      ]);

      const upid = await data<string>(lab(), "PUT", "/cluster/sdn");
      expect(upid).to.match(
        /^UPID:PVE-1:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:reloadnetworkall::budgetcloud@pve!pulumi:$/,
      );
      expect(await data(lab(), "GET", "/cluster/sdn/zones?pending=1")).to.deep.equal([
        { zone: "tenants", type: "vxlan", peers: "10.0.0.1,10.0.0.2", digest: null },
      ]);
      expect(await data(lab(), "GET", "/cluster/sdn/vnets?running=1")).to.deep.equal([
        { vnet: "vbr110", type: "vnet", zone: "tenants", tag: 110, digest: null },
      ]);
      await lab().tasksIdle();
      expect(await taskLog(lab(), upid)).to.deep.equal([
        "PVE-1: reloading network config",
        "PVE-2: reloading network config",
        "PVE-3: reloading network config",
        "TASK OK",
      ]);
      const sdn = await data(lab(), "GET", "/cluster/resources?type=sdn");
      expect(sdn).to.deep.equal(
        ["PVE-1", "PVE-2", "PVE-3"].map((node) => ({
          id: `sdn/${node}/tenants`,
          sdn: "tenants",
          node,
          type: "sdn",
          status: "available",
        })),
      );
    });

    it("shows a changed and a deleted object in the pending view", async () => {
      await data(lab(), "POST", "/cluster/sdn/zones", { zone: "za", type: "simple", mtu: 1450 });
      await data(lab(), "POST", "/cluster/sdn/zones", { zone: "zb", type: "simple" });
      await runTask(lab(), "PUT", "/cluster/sdn");
      await data(lab(), "PUT", "/cluster/sdn/zones/za", { mtu: 9000 });
      await data(lab(), "DELETE", "/cluster/sdn/zones/zb");
      expect(await data(lab(), "GET", "/cluster/sdn/zones?pending=1")).to.deep.equal([
        { zone: "za", mtu: 1450, type: "simple", state: "changed", pending: { mtu: 9000 }, digest: null },
        { zone: "zb", type: "simple", state: "deleted", pending: {}, digest: null },
      ]);
    });

    it("checks zone options by zone type and names SDN errors as pve-network does", async () => {
      const vlan = await call(lab(), "POST", "/cluster/sdn/zones", { zone: "v1", type: "vlan" });
      expect(vlan.json).to.deep.equal(failure("missing value for required option 'bridge'\n"));
      const wrong = await call(lab(), "POST", "/cluster/sdn/zones", { zone: "s1", type: "simple", peers: "10.0.0.1" });
      expect(wrong.json).to.deep.equal(failure("unexpected property 'peers'\n"));
      await data(lab(), "POST", "/cluster/sdn/zones", { zone: "s1", type: "simple" });
      const again = await call(lab(), "POST", "/cluster/sdn/zones", { zone: "s1", type: "simple" });
      expect(again.json).to.deep.equal(
        failure("create sdn zone object failed: sdn zone object ID 's1' already defined\n"),
      );
      const missing = await call(lab(), "GET", "/cluster/sdn/zones/nope");
      expect(missing.json).to.deep.equal(failure("sdn 'nope' does not exist\n"));
      const longId = await call(lab(), "POST", "/cluster/sdn/zones", { zone: "toolongzone", type: "simple" });
      expect(longId.json?.errors).to.deep.equal({
        zone: "invalid format - zone ID 'toolongzone' can't be more length than 8 characters\n",
      });
    });
  });

  describe("HA", () => {
    it("adds a resource for an existing VM as vm:<vmid> and refuses a missing VM", async () => {
      await data(lab(), "POST", "/cluster/ha/resources", { sid: "9000", state: "stopped", comment: "template" });
      expect(await data(lab(), "GET", "/cluster/ha/resources/vm:9000")).to.deep.include({
        sid: "vm:9000",
        type: "vm",
        state: "stopped",
        comment: "template",
      });
      const missing = await call(lab(), "POST", "/cluster/ha/resources", { sid: "vm:123" });
      expect(missing.json).to.deep.equal(failure("resource 'vm:123' does not exist in cluster\n"));
      const bare = await call(lab(), "POST", "/cluster/ha/resources", { sid: "124" });
      expect(bare.json).to.deep.equal(failure("unable to detect SID from VMID - VM/CT 124 does not exist\n"));
      const duplicate = await call(lab(), "POST", "/cluster/ha/resources", { sid: "vm:9000" });
      expect(duplicate.json).to.deep.equal(failure("create resource failed: resource ID 'vm:9000' already defined\n"));
    });

    it("stores node-affinity rules checked against the PVE 9 schema and the cluster", async () => {
      await data(lab(), "POST", "/cluster/ha/resources", { sid: "vm:9000" });
      await data(lab(), "POST", "/cluster/ha/rules", {
        rule: "sql-on-pve2",
        type: "node-affinity",
        resources: "vm:9000",
        nodes: "PVE-2:2,PVE-3:1",
        strict: 1,
      });
      const rules = await data<Record<string, unknown>[]>(lab(), "GET", "/cluster/ha/rules");
      expect(rules).to.deep.equal([
        {
          rule: "sql-on-pve2",
          type: "node-affinity",
          resources: "vm:9000",
          nodes: "PVE-2:2,PVE-3:1",
          strict: 1,
          digest: rules[0].digest,
          order: 1,
        },
      ]);
      const affinity = await call(lab(), "POST", "/cluster/ha/rules", {
        rule: "r2",
        type: "node-affinity",
        resources: "vm:9000",
        nodes: "PVE-1",
        affinity: "positive",
      });
      expect(affinity.json).to.deep.equal(failure("unexpected property 'affinity'\n"));
      const noNodes = await call(lab(), "POST", "/cluster/ha/rules", {
        rule: "r3",
        type: "node-affinity",
        resources: "vm:9000",
      });
      expect(noNodes.json).to.deep.equal(failure("missing value for required option 'nodes'\n"));
      const unmanaged = await call(lab(), "POST", "/cluster/ha/rules", {
        rule: "r4",
        type: "node-affinity",
        resources: "vm:9001",
        nodes: "PVE-9",
      });
      expect(unmanaged.json).to.deep.equal(
        failure("create ha rule failed: cannot use unmanaged resource(s) vm:9001.\n"),
      );
      const badPriority = await call(lab(), "POST", "/cluster/ha/rules", {
        rule: "r5",
        type: "node-affinity",
        resources: "vm:9000",
        nodes: "PVE-1:high",
      });
      expect(badPriority.json?.errors).to.deep.equal({
        nodes: "invalid format - value does not look like a valid ha node\n",
      });
    });

    it("purges a removed resource from the rules, dropping rules left empty", async () => {
      await data(lab(), "POST", "/cluster/ha/resources", { sid: "vm:9000" });
      await data(lab(), "POST", "/cluster/ha/rules", {
        rule: "keep-apart",
        type: "node-affinity",
        resources: "vm:9000",
        nodes: "PVE-1",
      });
      await data(lab(), "DELETE", "/cluster/ha/resources/vm:9000");
      expect(await data(lab(), "GET", "/cluster/ha/rules")).to.deep.equal([]);
      const again = await call(lab(), "DELETE", "/cluster/ha/resources/vm:9000");
      expect(again.json).to.deep.equal(failure("cannot delete service 'vm:9000', not HA managed!\n"));
    });

    it("refuses HA groups, which PVE 9 has migrated to rules", async () => {
      const reply = await call(lab(), "POST", "/cluster/ha/groups", { group: "g1", nodes: "PVE-1" });
      expect(reply.json).to.deep.equal(failure("cannot create group: ha groups have been migrated to rules\n"));
    });
  });

  describe("resource pools", () => {
    it("creates, lists and refuses a duplicate", async () => {
      await data(lab(), "POST", "/pools", { poolid: "tenants", comment: "tenant VMs" });
      const pools = await data<Record<string, unknown>[]>(lab(), "GET", "/pools");
      expect(pools.map(({ poolid, comment }) => ({ poolid, comment }))).to.deep.equal([
        { poolid: "tenants", comment: "tenant VMs" },
      ]);
      const again = await call(lab(), "POST", "/pools", { poolid: "tenants" });
      expect(again.json).to.deep.equal(failure("create pool failed: pool 'tenants' already exists\n"));
    });
  });
});
