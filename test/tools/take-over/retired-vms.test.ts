import { expect } from "chai";
import { retiredVms, TAKE_OVER_VMS, vmsToTakeOver } from "../../../tools/take-over/retired-vms";

describe("the VMs an up takes over from an older budgetcloud", () => {
  it("are the state's own VM resources, by name, and nothing else", () => {
    const resources = [
      { type: "pulumi-nodejs:dynamic/proxmox:Vm", inputs: { name: "prod-sql14-1", node: "PVE-2" } },
      { type: "pulumi-nodejs:dynamic/proxmox:HaResource", inputs: { sid: "vm:68041" } },
      { type: "proxmoxve:index/vmLegacy:VmLegacy", inputs: { name: "app-web-1" } },
      { type: "pulumi-nodejs:dynamic/proxmox:CephPool", inputs: { name: "vm_data" } },
    ];
    expect(retiredVms(resources)).to.deep.equal(["prod-sql14-1"]);
    expect(retiredVms([])).to.deep.equal([]);
  });

  it("are read back from the variable, where empty means none", () => {
    expect(vmsToTakeOver({ [TAKE_OVER_VMS]: "prod-sql14-1,app-web-1" })).to.deep.equal(["prod-sql14-1", "app-web-1"]);
    expect(vmsToTakeOver({ [TAKE_OVER_VMS]: "" })).to.deep.equal([]);
    expect(vmsToTakeOver({})).to.deep.equal([]);
  });
});
