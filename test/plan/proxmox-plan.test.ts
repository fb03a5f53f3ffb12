import { expect } from "chai";
import { planSdn, planVm, vmidFor } from "../../plan/proxmox-plan";
import { stackFileConfig } from "../support/stack-file";

describe("the plan of the hypervisors", () => {
  const prod = stackFileConfig("prod");

  it("puts every tenant in one VXLAN zone over every loopback of the fabric", () => {
    expect(planSdn(prod)).to.deep.equal({
      zone: {
        zone: "tenants",
        peers: [
          "192.168.254.1",
          "192.168.254.2",
          "192.168.254.3",
          "192.168.254.4",
          "192.168.254.11",
          "192.168.254.12",
          "192.168.254.13",
        ],
        mtu: 1500,
        vxlanPort: 4789,
      },
      vnets: [
        { vnet: "vbr110", zone: "tenants", tag: 110, alias: "app" },
        { vnet: "vbr111", zone: "tenants", tag: 111, alias: "sql" },
        { vnet: "vbr192", zone: "tenants", tag: 192, alias: "ops" },
      ],
    });
  });

  it("plans the talk's SQL VM as its Terraform says", () => {
    const vm = planVm(prod, prod.vms[0]);
    expect(vm).to.deep.equal({
      name: "prod-sql14-1",
      vmid: vmidFor("prod-sql14-1"),
      fqdn: "prod-sql14-1.transnomis.com",
      os: "linux",
      hypervisor: "PVE-2",
      node: "PVE-2",
      template: "ubuntu2204-cloudinit",
      storage: "vm_data",
      diskSize: 30,
      cores: 4,
      memory: 8192,
      ipconfig0: "ip=192.168.111.52/24,gw=192.168.111.1",
      nameserver: ["192.168.111.21", "192.168.111.22"],
      searchdomain: "transnomis.com",
      net0: "virtio,bridge=vbr111",
      ostype: "l26",
      onboot: true,
      ha: { nodes: ["PVE-2:2", "PVE-1:1", "PVE-3:1"] },
      snippetFile: "prod-sql14-1-user-data.yaml",
    });
  });

  it("gives a Windows VM a config drive for cloudbase-init", () => {
    const vm = planVm(prod, { ...prod.vms[0], name: "prod-rdp-1", os: "windows" });
    expect(vm).to.include({ ostype: "win11", citype: "configdrive2", snippetFile: "prod-rdp-1-user-data.mime" });
  });

  it("derives a VM's id from its name: the same on every run, clear of templates", () => {
    expect(vmidFor("prod-sql14-1")).to.equal(vmidFor("prod-sql14-1"));
    expect(vmidFor("prod-sql14-1")).to.be.within(10000, 99999);
    expect(vmidFor("prod-sql14-2")).not.to.equal(vmidFor("prod-sql14-1"));
  });
});
