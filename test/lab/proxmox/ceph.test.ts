import { expect } from "chai";
import { call, data, labForSuite, runTask, taskLog } from "./helpers";

const failure = (message: string) => ({ data: null, message });

describe("Proxmox emulator: Ceph pools", () => {
  const lab = labForSuite();

  it("starts with Ceph's .mgr pool only", async () => {
    const pools = await data<Record<string, unknown>[]>(lab(), "GET", "/nodes/PVE-1/ceph/pool");
    expect(
      pools.map(({ pool, pool_name, application_metadata }) => ({ pool, pool_name, application_metadata })),
    ).to.deep.equal([{ pool: "1", pool_name: ".mgr", application_metadata: { mgr: {} } }]);
  });

  it("creates a pool in a task, with PVE's defaults, and shows it as PVE lists and reads pools", async () => {
    const upid = await data<string>(lab(), "POST", "/nodes/PVE-2/ceph/pool", {
      name: "vm_data",
      pg_autoscale_mode: "on",
      target_size_ratio: 0.8,
    });
    expect(upid).to.match(/:cephcreatepool:vm_data:budgetcloud@pve!pulumi:$/);
    expect(lab().state.cephPools.has("vm_data")).to.equal(false);
    await lab().tasksIdle();
    expect(await taskLog(lab(), upid)).to.deep.equal([
      "skipping 'size', did not change",
      "pool vm_data: applying application = rbd",
      "skipping 'min_size', did not change",
      "skipping 'pg_autoscale_mode', did not change",
      "skipping 'pg_num', did not change",
      "pool vm_data: applying target_size_ratio = 0.8",
      "TASK OK",
    ]);
    const listed = await data<Record<string, unknown>[]>(lab(), "GET", "/nodes/PVE-1/ceph/pool");
    expect(listed[1]).to.deep.include({
      pool: "2",
      pool_name: "vm_data",
      size: 3,
      min_size: 2,
      pg_num: 128,
      crush_rule: "0",
      crush_rule_name: "replicated_rule",
      pg_autoscale_mode: "on",
      application_metadata: { rbd: {} },
      target_size: null,
      target_size_ratio: 0.8,
    });
    expect(await data(lab(), "GET", "/nodes/PVE-3/ceph/pool/vm_data/status")).to.deep.equal({
      id: 2,
      name: "vm_data",
      size: 3,
      min_size: 2,
      pg_num: 128,
      pg_num_min: null,
      pgp_num: 128,
      crush_rule: "replicated_rule",
      pg_autoscale_mode: "on",
      noscrub: "0",
      "nodeep-scrub": "0",
      nodelete: "0",
      nopgchange: "0",
      nosizechange: "0",
      write_fadvise_dontneed: "0",
      hashpspool: "1",
      use_gmt_hitset: "1",
      fast_read: "0",
      target_size: null,
      target_size_ratio: 0.8,
    });
    const verbose = await data<Record<string, unknown>>(
      lab(),
      "GET",
      "/nodes/PVE-1/ceph/pool/vm_data/status?verbose=1",
    );
    expect(verbose.application_list).to.deep.equal(["rbd"]);
  });

  it("changes settings setting by setting, size first (which resets min_size), and reports what Ceph refuses", async () => {
    await runTask(lab(), "POST", "/nodes/PVE-1/ceph/pool", { name: "vm_data" });
    const size = await runTask(lab(), "PUT", "/nodes/PVE-1/ceph/pool/vm_data", { size: 2, target_size: "100G" });
    expect(await taskLog(lab(), size.upid)).to.deep.equal([
      "pool vm_data: applying size = 2",
      "pool vm_data: applying target_size_bytes = 107374182400",
      "TASK OK",
    ]);
    const status = await data<Record<string, unknown>>(lab(), "GET", "/nodes/PVE-1/ceph/pool/vm_data/status");
    expect([status.size, status.min_size, status.target_size]).to.deep.equal([2, 1, 107374182400]);
    const refused = await runTask(lab(), "PUT", "/nodes/PVE-1/ceph/pool/vm_data", { min_size: 3 });
    expect(refused.exitstatus).to.equal("Could not set: min_size");
    expect(await taskLog(lab(), refused.upid)).to.deep.equal([
      "pool vm_data: applying min_size = 3",
      "mon_command failed - pool min_size must be between 1 and size, which is set to 2",
      "",
      "TASK ERROR: Could not set: min_size",
    ]);
  });

  it("names a pool Ceph does not know, in a read and in a task", async () => {
    const read = await call(lab(), "GET", "/nodes/PVE-1/ceph/pool/nope/status");
    expect(read.json).to.deep.equal(failure("mon_command failed - unrecognized pool 'nope'\n"));
    const set = await runTask(lab(), "PUT", "/nodes/PVE-1/ceph/pool/nope", { size: 2 });
    expect(set.exitstatus).to.equal("mon_command failed - unrecognized pool 'nope'");
  });

  it("adds an RBD storage for the pool with add_storages, and destroys a pool only when no image uses it", async () => {
    await runTask(lab(), "POST", "/nodes/PVE-1/ceph/pool", { name: "vm_data", add_storages: 1 });
    expect(await data(lab(), "GET", "/storage/vm_data")).to.deep.include({
      type: "rbd",
      pool: "vm_data",
      krbd: 0,
      content: "images,rootdir",
      shared: 1,
    });
    await runTask(lab(), "POST", "/nodes/PVE-1/qemu", { vmid: 100, scsi0: "vm_data:4" });
    const inUse = await runTask(lab(), "DELETE", "/nodes/PVE-1/ceph/pool/vm_data");
    expect(inUse.exitstatus).to.equal("ceph pool 'vm_data' still in use by storage 'vm_data'");
    await runTask(lab(), "DELETE", "/nodes/PVE-1/qemu/100");
    const destroyed = await runTask(lab(), "DELETE", "/nodes/PVE-1/ceph/pool/vm_data?remove_storages=1");
    expect(await taskLog(lab(), destroyed.upid)).to.deep.equal([
      "checking storage 'vm_data' for RBD images..",
      "TASK OK",
    ]);
    expect(lab().state.cephPools.has("vm_data")).to.equal(false);
    expect((await call(lab(), "GET", "/storage/vm_data")).json?.message).to.equal("storage 'vm_data' does not exist\n");
  });
});
