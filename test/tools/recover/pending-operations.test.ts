import { expect } from "chai";
import { describePending, pendingAdoptions, settlePending } from "../../../tools/recover/pending-operations";

const urn = (type: string, name: string) => `urn:pulumi:lab::budgetcloud::budgetcloud:cloud:Cloud$${type}::${name}`;
const bridge = {
  type: "creating",
  resource: {
    urn: urn("pulumi-nodejs:dynamic/routeros:Bridge", "lab-MTK-1-lo"),
    type: "pulumi-nodejs:dynamic/routeros:Bridge",
  },
};
const vmType = "proxmoxve:index/vmLegacy:VmLegacy";
const vm = {
  type: "creating",
  resource: {
    urn: urn(vmType, "lab-vm-app-web-1"),
    type: vmType,
    custom: true,
    inputs: { vmId: 29908, nodeName: "PVE-1" },
  },
};
const ha = {
  type: "creating",
  resource: {
    urn: urn("proxmoxve:index/haresource:Haresource", "lab-vm-app-web-1-ha"),
    type: "proxmoxve:index/haresource:Haresource",
    inputs: { resourceId: "vm:29908" },
  },
};
const update = { type: "updating", resource: { urn: urn("pulumi-nodejs:dynamic/routeros:Vrrp", "v"), type: "x" } };

describe("a killed run's pending operations", () => {
  it("are told a line each, what then which", () => {
    expect(describePending([bridge, update])).to.deep.equal([
      `creating ${bridge.resource.urn}`,
      `updating ${update.resource.urn}`,
    ]);
  });

  it("give the up budgetcloud's own pending creates to take over, and nothing else", () => {
    expect(pendingAdoptions([bridge, vm, update])).to.deep.equal([bridge.resource.urn]);
  });

  it("make the package's pending creates resources known by their ids, after the others", () => {
    const standing = { urn: urn("pulumi:pulumi:Stack", "s"), type: "pulumi:pulumi:Stack" };
    const settled = settlePending({ resources: [standing], pending_operations: [bridge, vm, ha, update] });
    expect(settled.pending_operations).to.deep.equal([bridge, update]);
    expect(settled.resources).to.deep.equal([
      standing,
      { ...vm.resource, id: "29908", outputs: { vmId: 29908, nodeName: "PVE-1" } },
      { ...ha.resource, id: "vm:29908", outputs: { resourceId: "vm:29908" } },
    ]);
  });

  it("leave a package create alone when its inputs do not say its id", () => {
    const unknown = { ...vm, resource: { ...vm.resource, inputs: {} } };
    expect(settlePending({ pending_operations: [unknown] }).pending_operations).to.deep.equal([unknown]);
  });
});
