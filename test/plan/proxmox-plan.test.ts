import { expect } from "chai";
import { planNics, planProxmoxApi, planSdn, planVm, vmidFor } from "../../plan/proxmox-plan";
import { stackFileConfig } from "../support/stack-file";

describe("the plan of the hypervisors", () => {
  const prod = stackFileConfig("prod");

  it("sets each hypervisor's NIC at its link's MTU, and leaves one the stack gives none to be put back", () => {
    expect(planNics(prod)).to.deep.equal(
      ["PVE-1", "PVE-2", "PVE-3"].flatMap((node) => ["ens1f0", "ens1f1"].map((iface) => ({ node, iface, mtu: 9050 }))),
    );
    const config = structuredClone(prod);
    delete config.hypervisors[1].interfaces[0].mtu;
    config.hypervisors[1].node = "pve2";
    expect(planNics(config)[2]).to.deep.equal({ node: "pve2", iface: "ens1f0" });
  });

  it("routes the hypervisors' loopbacks in the routers' backbone, and puts every tenant in one VXLAN zone over every loopback", () => {
    expect(planSdn(prod)).to.deep.equal({
      fabric: { id: "underlay", area: "0.0.0.0", ipPrefix: "192.168.254.8/29" },
      fabricNodes: [
        {
          fabricId: "underlay",
          nodeId: "PVE-1",
          ip: "192.168.254.11",
          interfaces: ["name=ens1f0,ip=192.168.121.2/30", "name=ens1f1,ip=192.168.131.2/30"],
        },
        {
          fabricId: "underlay",
          nodeId: "PVE-2",
          ip: "192.168.254.12",
          interfaces: ["name=ens1f0,ip=192.168.122.2/30", "name=ens1f1,ip=192.168.132.2/30"],
        },
        {
          fabricId: "underlay",
          nodeId: "PVE-3",
          ip: "192.168.254.13",
          interfaces: ["name=ens1f0,ip=192.168.123.2/30", "name=ens1f1,ip=192.168.133.2/30"],
        },
      ],
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
      ],
    });
  });

  it("names each fabric node after its Proxmox node, and fits the fabric's prefix to the hypervisors' loopbacks", () => {
    const [pve1, pve2] = prod.hypervisors;
    const hypervisors = [
      { ...pve1, node: "pve1" },
      { ...pve2, loopback: "192.168.254.17/32" },
    ];
    const sdn = planSdn({ ...prod, hypervisors });
    expect(sdn?.fabric.ipPrefix).to.equal("192.168.254.0/27");
    expect(sdn?.fabricNodes.map((n) => `${n.nodeId} ${n.ip}`)).to.deep.equal([
      "pve1 192.168.254.11",
      "PVE-2 192.168.254.17",
    ]);
    expect(planSdn({ ...prod, hypervisors: [pve2] })?.fabric.ipPrefix).to.equal("192.168.254.12/32");
  });

  it("keeps the fabric without tenants, dropping only their zone and vnets", () => {
    const sdn = planSdn({ ...prod, tenants: [], vms: [] });
    expect(sdn?.fabric).to.deep.equal({ id: "underlay", area: "0.0.0.0", ipPrefix: "192.168.254.8/29" });
    expect(sdn?.fabricNodes).to.have.length(3);
    expect(sdn).not.to.have.property("zone");
    expect(sdn?.vnets).to.deep.equal([]);
    expect(planSdn({ ...prod, hypervisors: [] })).to.equal(undefined);
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
      template: { vmid: 9000, node: "PVE-1" },
      storage: "vm_data",
      diskSize: 30,
      cores: 4,
      memory: 8192,
      address: "192.168.111.52/24",
      gateway: "192.168.111.1",
      nameservers: ["192.168.111.21", "192.168.111.22"],
      domain: "transnomis.com",
      bridge: "vbr111",
      ostype: "l26",
      onboot: true,
      ha: { nodes: { "PVE-2": 2, "PVE-1": 1, "PVE-3": 1 } },
      snippetFile: "prod-sql14-1-user-data.yaml",
      snippetHypervisors: ["PVE-2", "PVE-1", "PVE-3"],
      protect: true,
      setup: {
        timezone: "America/Toronto",
        users: [
          {
            name: "ansible",
            sudo: true,
            sshAuthorizedKeys: [
              "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlaceholderReplaceWithTheAnsibleKey0000 ansible@transnomis",
            ],
          },
        ],
        jumpcloudGroup: "5f0c1e2d3b4a59687a8b9c0d",
        snmp: {
          user: { name: "librenms", authProtocol: "SHA1", privProtocol: "AES" },
          location: "Toronto",
          contact: "noc@transnomis.com",
        },
      },
      tags: ["budgetcloud", "prod", "sql"],
    });
  });

  it("puts a VM's snippet on each node its HA rule lets it start on, and on its own node alone without HA", () => {
    expect(planVm(prod, prod.vms[0]).snippetHypervisors).to.deep.equal(["PVE-2", "PVE-1", "PVE-3"]);
    expect(planVm(prod, { ...prod.vms[0], ha: false }).snippetHypervisors).to.deep.equal(["PVE-2"]);
  });

  it("clones from the template's copy on the VM's own node where there is one", () => {
    const templates = [
      { name: "ubuntu2204-cloudinit", vmid: 9000, node: "PVE-1" },
      { name: "ubuntu2204-cloudinit", vmid: 9100, node: "PVE-2" },
    ];
    expect(planVm({ ...prod, templates }, prod.vms[0]).template).to.deep.equal({ vmid: 9100, node: "PVE-2" });
    const elsewhere = { ...prod.vms[0], node: "PVE-3" };
    expect(planVm({ ...prod, templates }, elsewhere).template).to.deep.equal({ vmid: 9000, node: "PVE-1" });
  });

  it("gives a Windows VM a config drive for cloudbase-init", () => {
    const vm = planVm(prod, { ...prod.vms[0], name: "prod-rdp-1", os: "windows" });
    expect(vm).to.include({ ostype: "win11", citype: "configdrive2", snippetFile: "prod-rdp-1-user-data.mime" });
    expect(vm.setup.users, "cloudbase-init makes no Linux users").to.deep.equal([]);
  });

  it("has the plugin verify the cluster whenever the stack trusts it by a CA or a pin; insecure only where it says so", () => {
    const lab = stackFileConfig("lab");
    const proxmox = lab.proxmox;
    if (!proxmox) throw new Error("the lab stack has a Proxmox API");
    const insecureWith = (tls: typeof proxmox.tls) =>
      planProxmoxApi({ ...lab, proxmox: { ...proxmox, tls } })?.insecure;
    expect(insecureWith({ ca: "PEM", insecure: false })).to.equal(false);
    expect(insecureWith({ fingerprint: "AB", insecure: false })).to.equal(false);
    expect(insecureWith({ insecure: true })).to.equal(true);
  });

  it("derives a VM's id from its name: the same on every run, clear of templates", () => {
    expect(vmidFor("prod-sql14-1")).to.equal(vmidFor("prod-sql14-1"));
    expect(vmidFor("prod-sql14-1")).to.be.within(10000, 99999);
    expect(vmidFor("prod-sql14-2")).not.to.equal(vmidFor("prod-sql14-1"));
  });
});
