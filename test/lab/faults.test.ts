import { expect } from "chai";
import { menus } from "../../providers/routeros/menus";
import { LabUnderTest } from "../support/lab-under-test";

/**
 * What the state says each router should hold, per menu: an item per resource, a rule per managed
 * firewall rule. Factory ports are left out: they are there either way.
 */
async function expectedCounts(lab: LabUnderTest): Promise<Record<string, Record<string, number>>> {
  const { deployment } = await lab.stack.exportStack();
  const counts: Record<string, Record<string, number>> = {};
  for (const resource of deployment.resources ?? []) {
    const type = String(resource.type).replace("pulumi-nodejs:dynamic/routeros:", "");
    const outputs = resource.outputs ?? {};
    const path = type === "FirewallChain" ? "/ip/firewall/filter" : menus[type]?.path;
    if (!path || menus[type]?.setOnly) continue;
    counts[outputs.router] ??= {};
    const perRouter = counts[outputs.router];
    perRouter[path] = (perRouter[path] ?? 0) + (type === "FirewallChain" ? outputs.ruleIds.length : 1);
  }
  return counts;
}

/** What each router holds, counted the same way, and any item that stands there twice. */
function heldCounts(lab: LabUnderTest, paths: string[]) {
  const counts: Record<string, Record<string, number>> = {};
  const doubles: string[] = [];
  for (const router of lab.routers.all()) {
    for (const path of paths) {
      // A factory item (the community `public`) is there either way, as a factory port is.
      const rows = router.print(path.slice(1)).filter((r) => r.dynamic !== "true" && r.default !== "true");
      if (rows.length > 0) {
        counts[router.name] ??= {};
        counts[router.name][path] = rows.length;
      }
      const seen = new Set<string>();
      for (const { ".id": _, ...content } of rows) {
        const key = JSON.stringify(content);
        if (seen.has(key)) doubles.push(`${router.name} ${path} ${key}`);
        seen.add(key);
      }
    }
  }
  return { counts, doubles };
}

const itemPaths = [
  ...new Set(
    Object.values(menus)
      .filter((m) => !m.setOnly)
      .map((m) => m.path),
  ),
];

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
