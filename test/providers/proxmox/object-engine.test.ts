import { expect } from "chai";
import { ApplyEngine } from "../../../providers/proxmox/apply-engine";
import { ProxmoxClient } from "../../../providers/proxmox/client";
import { ObjectEngine } from "../../../providers/proxmox/object-engine";
import { cephPool, haResource, sdnApplyRequest, sdnVnet, sdnVxlanZone } from "../../../providers/proxmox/objects";
import { ReadCache } from "../../../providers/proxmox/read-cache";
import { refused } from "../../support/refused";
import { ClusterUnderTest, token } from "./harness";
import { StubApi, selfSignedCertificate } from "./stub-api";

const pool = { node: "PVE-1", name: "vm_data", size: 3, minSize: 2, pgAutoscaleMode: "on", targetSizeRatio: 0.8 };

describe("the generic Proxmox VE engine against the emulator", function () {
  this.timeout(20_000);
  const t = new ClusterUnderTest();

  describe("a Ceph pool while the stack protects storage", () => {
    it("is created and updated, but neither deleted nor replaced, and nothing is sent", async () => {
      await t.engine(cephPool).create(pool);
      t.protect = true;
      await t.engine(cephPool).update("vm_data", pool, { ...pool, size: 2, minSize: 1 });
      expect(t.lab.state.cephPools.get("vm_data")).to.deep.include({ size: 2, minSize: 1 });
      t.nextRun();
      expect(await refused(t.engine(cephPool).delete("vm_data", pool))).to.equal(
        "refusing to delete Ceph pool vm_data on PVE-1: budgetcloud:protect is on for this stack; " +
          "set it to false (pulumi config set budgetcloud:protect false) and run pulumi up again to delete it " +
          "(or pulumi destroy --run-program, which reads the stack's config anew)",
      );
      expect(() => t.engine(cephPool).diff("vm_data", pool, { ...pool, name: "vm_pool" })).to.throw(
        "refusing to replace Ceph pool vm_data on PVE-1 (name cannot change in place): budgetcloud:protect is on " +
          "for this stack; set it to false (pulumi config set budgetcloud:protect false) and run pulumi up again " +
          "to replace it",
      );
      expect(t.lab.requestCounts()).to.deep.equal({});
      expect(t.lab.state.cephPools.has("vm_data")).to.equal(true);
    });

    it("is deleted once the stack lifts the protection", async () => {
      await t.engine(cephPool).create(pool);
      t.protect = false;
      await t.engine(cephPool).delete("vm_data", pool);
      expect([...t.lab.state.cephPools.keys()]).to.deep.equal([".mgr"]);
    });
  });

  describe("tasks", () => {
    it("fails a create whose task fails, with the task's error and the end of its log", async () => {
      t.lab.failNextTask(
        "cephcreatepool",
        "pool vm_data: mon_command failed - pg_num 128 size 3 would mean 768 total pgs",
      );
      const message = await refused(t.engine(cephPool).create(pool));
      expect(message).to.match(
        /^PVE-1 POST \/nodes\/PVE-1\/ceph\/pool: task UPID:PVE-1:\S+:cephcreatepool:vm_data:budgetcloud@pve!pulumi: failed: pool vm_data: mon_command failed - pg_num 128 size 3 would mean 768 total pgs; its log ends:\n {2}lab knob: this cephcreatepool task was set to fail\n {2}TASK ERROR: pool vm_data: mon_command failed - pg_num 128 size 3 would mean 768 total pgs$/,
      );
    });

    it("answers PVE's parameter errors, naming the node, the path and the parameter", async () => {
      expect(await refused(t.engine(cephPool).create({ ...pool, size: 0 }))).to.equal(
        "PVE-1 POST /nodes/PVE-1/ceph/pool: Parameter verification failed. size: value must have a minimum value of 1",
      );
    });
  });

  describe("reads", () => {
    it("refreshes many objects of a collection with one GET of its list", async () => {
      for (const vmid of [100, 101, 102]) {
        await t.byHand("POST", "/nodes/PVE-1/qemu/9000/clone", { newid: vmid, full: 1 });
        await t.engine(haResource).create({ sid: `vm:${vmid}` });
      }
      t.nextRun();
      const engine = t.engine(haResource);
      const reads = await Promise.all([100, 101, 102].map((vmid) => engine.read(`vm:${vmid}`, { sid: `vm:${vmid}` })));
      expect(reads.map((read) => read.id)).to.deep.equal(["vm:100", "vm:101", "vm:102"]);
      expect(t.lab.requestCounts()).to.deep.equal({ "GET /cluster/ha/resources": 1 });
    });

    it("sees a pool deleted by hand as gone", async () => {
      await t.engine(cephPool).create(pool);
      await t.byHand("DELETE", "/nodes/PVE-1/ceph/pool/vm_data");
      t.nextRun();
      expect(await t.engine(cephPool).read("vm_data", pool)).to.deep.equal({ props: pool });
    });
  });

  describe("SDN", () => {
    const zone = { zone: "tenants", peers: ["192.168.254.11", "192.168.254.12"] };
    const vnet = { vnet: "vbr111", zone: "tenants", tag: 111 };
    const applied = () => t.client.get<{ zone: string; state?: string }[]>("/cluster/sdn/zones", { pending: 1 });

    it("stages zones and vnets until the apply resource applies them, once", async () => {
      await t.engine(sdnVxlanZone).create(zone);
      await t.engine(sdnVnet).create(vnet);
      const apply = new ApplyEngine(sdnApplyRequest, t.env);
      expect(apply.diff({ revision: "a" }, { revision: "a" }).changes, "a run that wrote SDN objects applies").to.equal(
        true,
      );
      expect((await applied())[0].state).to.equal("new");
      await apply.create({ revision: "a" });
      expect((await applied())[0].state).to.equal(undefined);
      expect(apply.diff({ revision: "a" }, { revision: "a" }).changes).to.equal(false);
      expect(apply.diff({ revision: "a" }, { revision: "b" }).changes).to.equal(true);
      expect(t.writes()).to.deep.equal({
        "POST /cluster/sdn/zones": 1,
        "POST /cluster/sdn/vnets": 1,
        "PUT /cluster/sdn": 1,
      });
    });

    it("applies a deleted zone itself, since deletes come after the apply resource", async () => {
      await t.engine(sdnVxlanZone).create(zone);
      await new ApplyEngine(sdnApplyRequest, t.env).create({ revision: "a" });
      t.nextRun();
      await t.engine(sdnVxlanZone).delete("tenants", zone);
      expect(await applied()).to.deep.equal([]);
      expect(t.writes()).to.deep.equal({ "DELETE /cluster/sdn/zones/{zone}": 1, "PUT /cluster/sdn": 1 });
    });
  });
});

describe("the generic Proxmox VE engine when a connection is lost", () => {
  const tls = selfSignedCertificate("PVE-1");
  let stub: StubApi;
  let engine: ObjectEngine;

  beforeEach(async () => {
    stub = new StubApi(tls);
    await stub.start();
    const client = new ProxmoxClient({
      url: `https://127.0.0.1:${stub.port}`,
      tokenId: token.id,
      tokenSecret: token.secret,
      tls: { fingerprint: tls.fingerprint, insecure: false },
      timeoutSeconds: 5,
      taskTimeoutSeconds: 5,
    });
    engine = new ObjectEngine(haResource, {
      client: () => client,
      cache: new ReadCache(),
      protect: () => false,
      staged: new Set(),
    });
  });
  afterEach(() => stub.stop());

  it("finds a create that landed before the connection went, and does not send it again", async () => {
    stub.on("POST", "/cluster/ha/resources", "drop");
    stub.on("GET", "/cluster/ha/resources", { body: { data: [{ sid: "vm:105", type: "vm", state: "started" }] } });
    expect(await engine.create({ sid: "vm:105" })).to.deep.equal({ id: "vm:105", outs: { sid: "vm:105" } });
    expect(stub.seen.map((s) => `${s.method} ${s.path}`)).to.deep.equal([
      "POST /cluster/ha/resources",
      "GET /cluster/ha/resources",
    ]);
  });

  it("takes over an object a killed run's create left, bringing it to what is declared now", async () => {
    stub.on("GET", "/cluster/ha/resources", {
      body: { data: [{ sid: "vm:105", type: "vm", state: "stopped" }] },
    });
    stub.on("PUT", "/cluster/ha/resources/vm:105", { body: { data: null } });
    const props = { sid: "vm:105", state: "started", adopt: true };
    expect(await engine.create(props)).to.deep.equal({ id: "vm:105", outs: props });
    expect(stub.seen.map((s) => `${s.method} ${s.path} ${JSON.stringify(s.params)}`)).to.deep.equal([
      "GET /cluster/ha/resources {}",
      'PUT /cluster/ha/resources/vm:105 {"state":"started"}',
    ]);
  });

  it("creates what a killed run's create never made", async () => {
    stub.on("GET", "/cluster/ha/resources", { body: { data: [] } });
    stub.on("POST", "/cluster/ha/resources", { body: { data: null } });
    await engine.create({ sid: "vm:105", adopt: true });
    expect(stub.seen.map((s) => `${s.method} ${s.path}`)).to.deep.equal([
      "GET /cluster/ha/resources",
      "POST /cluster/ha/resources",
    ]);
  });

  it("sends a create that did not land once more", async () => {
    let posts = 0;
    stub.on("POST", "/cluster/ha/resources", () => (++posts === 1 ? "drop" : { body: { data: null } }));
    stub.on("GET", "/cluster/ha/resources", { body: { data: [] } });
    expect(await engine.create({ sid: "vm:105" })).to.deep.equal({ id: "vm:105", outs: { sid: "vm:105" } });
    expect(stub.seen.map((s) => `${s.method} ${s.path}`)).to.deep.equal([
      "POST /cluster/ha/resources",
      "GET /cluster/ha/resources",
      "POST /cluster/ha/resources",
    ]);
  });

  it("fails a create whose second try is lost too, naming the lost request", async () => {
    stub.on("POST", "/cluster/ha/resources", "drop");
    stub.on("GET", "/cluster/ha/resources", { body: { data: [] } });
    expect(await refused(engine.create({ sid: "vm:105" }))).to.equal(
      `127.0.0.1:${stub.port} POST /cluster/ha/resources: connection lost (socket hang up); ` +
        "the request may or may not have been applied",
    );
    // Looked for before the second try; what the client then does with a dropped keep-alive is its own.
    expect(stub.seen.slice(0, 3).map((s) => `${s.method} ${s.path}`)).to.deep.equal([
      "POST /cluster/ha/resources",
      "GET /cluster/ha/resources",
      "POST /cluster/ha/resources",
    ]);
  });
});
