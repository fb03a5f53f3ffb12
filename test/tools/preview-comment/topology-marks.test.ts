import { expect } from "chai";
import { topologyOf } from "../../../plan/topology";
import { topologyMarks } from "../../../tools/preview-comment/topology-marks";
import { stackFileConfig } from "../../support/stack-file";

const cloud = "budgetcloud:cloud:Cloud$";
const step = (op: "create" | "update" | "delete" | "replace" | "same", chain: string, name: string) => ({
  op,
  urn: `urn:pulumi:lab::budgetcloud::${cloud}${chain}::${name}`,
});

describe("what a preview marks on the topology", () => {
  const lab = stackFileConfig("lab");
  const web = { ...lab.tenants[0], name: "web", vni: 120, cidr: "192.168.120.0/24", gateway: "192.168.120.1" };
  const app2 = { ...lab.tenants[0], name: "app-2", vni: 130, cidr: "192.168.130.0/24", gateway: "192.168.130.1" };
  const topology = topologyOf({
    ...lab,
    tenants: [...lab.tenants, { ...web, vrid: 120, bridge: "vbr120" }, { ...app2, vrid: 130, bridge: "vbr130" }],
  });
  const tenantChild = "budgetcloud:network:TenantNetwork$pulumi-nodejs:dynamic/routeros:Vxlan";

  it("adds a tenant whose component is created, and not also changes it for its children", () => {
    const marks = topologyMarks(topology, [
      step("create", tenantChild, "lab-tenant-web-MTK-3-vxlan"),
      step("create", "budgetcloud:network:TenantNetwork", "lab-tenant-web"),
      step("create", tenantChild, "lab-tenant-web-MTK-4-vxlan"),
    ]);
    expect([...marks]).to.deep.equal([["tenant:web", "added"]]);
  });

  it("changes an element when something under its component changes; the longest name owns a child", () => {
    const marks = topologyMarks(topology, [
      step("update", "budgetcloud:network:Router$pulumi-nodejs:dynamic/routeros:NatRule", "lab-MTK-3-srcnat-web"),
      step("replace", tenantChild, "lab-tenant-app-2-MTK-3-vxlan"),
      step("same", tenantChild, "lab-tenant-app-MTK-3-vxlan"),
      step("update", "budgetcloud:compute:LinuxVm$proxmoxve:index/vmLegacy:VmLegacy", "lab-vm-app-web-1"),
    ]);
    expect(Object.fromEntries(marks)).to.deep.equal({
      "router:MTK-3": "changed",
      "tenant:app-2": "changed",
      "vm:app-web-1": "changed",
    });
  });

  it("removes what the new config no longer has, named from its component's delete", () => {
    const marks = topologyMarks(topology, [
      step("delete", "budgetcloud:compute:LinuxVm$proxmoxve:index/vmLegacy:VmLegacy", "lab-vm-old-db-1"),
      step("delete", "budgetcloud:compute:LinuxVm", "lab-vm-old-db-1"),
      step("delete", "budgetcloud:network:TenantNetwork", "lab-tenant-legacy"),
    ]);
    expect(Object.fromEntries(marks)).to.deep.equal({ "vm:old-db-1": "removed", "tenant:legacy": "removed" });
  });
});
