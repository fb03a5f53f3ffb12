import { expect } from "chai";
import { LabUnderTest } from "../../lab/lab-under-test";
import { expectedCounts, heldCounts, itemPaths } from "../support/held-counts";

for (const [fault, losesReplyOnly] of [
  ["dropped before a command is carried out", false],
  ["dropped after a command is carried out, its reply lost", true],
] as const) {
  describe(`an up whose router connection is ${fault}`, function () {
    this.timeout(600_000);
    const lab = new LabUnderTest();
    before(() => lab.start());
    after(() => lab.stop());

    it("converges on a second up, with no item twice and none orphaned", async () => {
      const mtk3 = lab.routers.router("MTK-3");
      mtk3.knobs.dropAfterCommands = 25;
      mtk3.knobs.dropLosesReplyOnly = losesReplyOnly;
      // The first up may get through on the client's retries, or stop: either way, a second one
      // brings the cloud to what the stack says.
      await lab.stack.up().catch(() => undefined);
      expect(mtk3.knobs.dropAfterCommands, "the drop happened").to.equal(undefined);
      const second = await lab.stack.up();
      expect(second.summary.result).to.equal("succeeded");

      const { counts, doubles } = heldCounts(lab, itemPaths);
      expect(doubles).to.deep.equal([]);
      expect(counts).to.deep.equal(await expectedCounts(lab));
      const preview = await lab.stack.preview();
      expect(Object.keys(preview.changeSummary)).to.deep.equal(["same"]);
    });
  });
}

for (const task of ["cephcreatepool", "qmclone", "qmstart"]) {
  describe(`an up during which the Proxmox task ${task} fails`, function () {
    this.timeout(600_000);
    const lab = new LabUnderTest();
    before(() => lab.start());
    after(() => lab.stop());

    it("fails naming the task, and converges on a second up with nothing twice or orphaned", async () => {
      lab.cluster.failNextTask(task, `${task} failed: the lab says no`);
      const first = await lab.stack.up().then(
        () => "",
        (error: Error) => error.message,
      );
      expect(first).to.include(`${task} failed: the lab says no`);
      const second = await lab.stack.up();
      expect(second.summary.result).to.equal("succeeded");

      const vms = [...lab.cluster.state.vms.values()].filter((vm) => !vm.config.template);
      expect(vms.map((vm) => vm.config.name).sort()).to.deep.equal(["app-web-1", "app-web-2", "prod-sql14-1"]);
      expect(lab.clusterSnapshot()).to.deep.include({
        pools: [".mgr", "vm_data"],
        storage: ["local", "local-lvm", "vm_data"],
        haResources: vms.map((vm) => `vm:${vm.vmid}`).sort(),
      });
      const preview = await lab.stack.preview();
      expect(Object.keys(preview.changeSummary)).to.deep.equal(["same"]);
    });
  });
}
