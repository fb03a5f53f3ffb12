import { expect } from "chai";
import { planCloud } from "../../../plan/cloud-plan";
import { contractOf } from "../../../plan/contract";
import { inventoryOf } from "../../../tools/inventory/inventory";
import { stackFileConfig } from "../../support/stack-file";

describe("the Ansible inventory of a stack", () => {
  const prod = stackFileConfig("prod");
  const contract = contractOf(prod, planCloud(prod));
  const inventory = inventoryOf("prod", contract);

  it("groups hosts per role, per tenant and per environment", () => {
    expect(inventory.prod).to.deep.equal({ children: ["routers", "hypervisors", "vms"] });
    expect(inventory.routers).to.deep.equal({ hosts: ["MTK-1", "MTK-2", "MTK-3", "MTK-4"] });
    expect(inventory.hypervisors).to.deep.equal({ hosts: ["PVE-1", "PVE-2", "PVE-3"] });
    expect(inventory.vms).to.deep.equal({ hosts: ["prod-sql14-1"], children: ["linux", "windows"] });
    expect(inventory.tenant_sql).to.deep.equal({ hosts: ["prod-sql14-1"] });
    expect(inventory.tenant_app).to.deep.equal({ hosts: [] });
  });

  it("reaches routers and hypervisors at their management addresses, VMs at theirs as a sudo user", () => {
    const { hostvars } = inventory._meta;
    expect(hostvars["MTK-1"]).to.deep.equal({
      ansible_host: "192.168.255.1",
      ansible_network_os: "community.routeros.routeros",
      ansible_connection: "ansible.netcommon.network_cli",
      budgetcloud_loopback: "192.168.254.1",
    });
    expect(hostvars["PVE-2"]).to.deep.equal({
      ansible_host: "192.168.255.12",
      budgetcloud_node: "PVE-2",
      budgetcloud_loopback: "192.168.254.12",
    });
    const sudoer = prod.vmUsers.find((u) => u.sudo)?.name;
    expect(sudoer).to.be.a("string");
    expect(hostvars["prod-sql14-1"]).to.deep.equal({
      ansible_host: "192.168.111.52",
      ansible_user: sudoer,
      budgetcloud_fqdn: "prod-sql14-1.transnomis.com",
      budgetcloud_tenant: "sql",
      budgetcloud_node: "PVE-2",
      budgetcloud_os: "linux",
    });
  });

  it("reaches Windows VMs over WinRM, with no cloud-init user", () => {
    const windows = { ...contract.vms[0], name: "prod-win-1", os: "windows" as const };
    const listed = inventoryOf("prod", { ...contract, vms: [...contract.vms, windows] });
    expect(listed.windows).to.deep.equal({ hosts: ["prod-win-1"] });
    expect(listed._meta.hostvars["prod-win-1"]).to.deep.include({ ansible_connection: "winrm" });
    expect(listed._meta.hostvars["prod-win-1"]).to.not.have.property("ansible_user");
  });

  it("refuses the outputs of a stack last updated before it exported what Ansible needs", () => {
    const { hypervisors: _, vmUsers: __, ...older } = contract;
    expect(() => inventoryOf("qa", { ...older, vms: older.vms.map(({ tenant: _t, ...vm }) => vm) })).to.throw(
      "qa exports no hypervisors, vmUsers, vms[].tenant, vms[].os: its outputs are from before budgetcloud exported them; " +
        "run pulumi up on qa once and ask again",
    );
  });
});
