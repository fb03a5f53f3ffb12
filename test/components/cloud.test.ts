import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { Cloud } from "../../components/cloud";
import { TenantNetwork } from "../../components/tenant-network";
import { planCloud } from "../../plan/cloud-plan";
import * as proxmox from "../../providers/proxmox/resources";
import { stackFileConfig } from "../support/stack-file";
import { recorder } from "./graph";

const short = (type: string) => type.replace("pulumi-nodejs:dynamic/routeros:", "");

describe("the TenantNetwork component", () => {
  const plan = planCloud(stackFileConfig("prod"));
  const sql = plan.config.tenants.find((t) => t.name === "sql");
  const gateways = plan.routers.flatMap((r) =>
    r.gateways.filter((g) => g.tenant === "sql").map((g) => ({ router: r.name, plan: g })),
  );

  it("puts a VXLAN, its VTEPs, a bridge and a VRRP gateway on each gateway router", () => {
    const { declared, transformations } = recorder();
    const tenant = new TenantNetwork(
      "prod-tenant-sql",
      { name: "sql", vni: 111, cidr: sql?.cidr ?? "", gateway: sql?.gateway ?? "", gateways },
      { transformations },
    );
    const mine = declared.filter((d) => d.parent === tenant);
    expect(mine.filter((d) => d.props.router === "MTK-3").map((d) => `${short(d.type)} ${d.name}`)).to.deep.equal([
      "Vxlan prod-tenant-sql-MTK-3-vxlan",
      "VxlanVtep prod-tenant-sql-MTK-3-vtep-192.168.254.4",
      "VxlanVtep prod-tenant-sql-MTK-3-vtep-192.168.254.11",
      "VxlanVtep prod-tenant-sql-MTK-3-vtep-192.168.254.12",
      "VxlanVtep prod-tenant-sql-MTK-3-vtep-192.168.254.13",
      "Bridge prod-tenant-sql-MTK-3-bridge",
      "BridgePort prod-tenant-sql-MTK-3-bridge-vxlan",
      "IpAddress prod-tenant-sql-MTK-3-address",
      "Vrrp prod-tenant-sql-MTK-3-vrrp",
      "IpAddress prod-tenant-sql-MTK-3-gateway",
    ]);
    const props = (name: string) => mine.find((d) => d.name === name)?.props ?? {};
    expect(props("prod-tenant-sql-MTK-3-vxlan")).to.include({
      name: "vxlan111",
      vni: 111,
      port: 4789,
      localAddress: "192.168.254.3",
    });
    expect(props("prod-tenant-sql-MTK-3-vrrp")).to.include({
      name: "vrrp111",
      interface: "vbr111",
      vrid: 111,
      priority: 200,
    });
    expect(props("prod-tenant-sql-MTK-4-vrrp")).to.include({ vrid: 111, priority: 100 });
    expect(props("prod-tenant-sql-MTK-3-gateway")).to.include({ address: "192.168.111.1/32", interface: "vrrp111" });
    expect(props("prod-tenant-sql-MTK-4-address")).to.include({ address: "192.168.111.3/24", interface: "vbr111" });
  });

  it("authenticates VRRP with version 2 when the stack has a VRRP password", async () => {
    const { declared, transformations } = recorder();
    new TenantNetwork(
      "prod-tenant-sql",
      { name: "sql", vni: 111, cidr: "", gateway: "", gateways, vrrpPassword: pulumi.secret("vrrp-pass") },
      { transformations },
    );
    const vrrp = declared.find((d) => d.name === "prod-tenant-sql-MTK-3-vrrp")?.props ?? {};
    expect(vrrp).to.include({ version: 2, authentication: "simple" });
    expect(await pulumi.isSecret(pulumi.output(vrrp.password))).to.equal(true);
  });
});

describe("the Cloud component", () => {
  it("builds a Router per router and a TenantNetwork per tenant, under itself", () => {
    const { declared, transformations } = recorder();
    const cloud = new Cloud(
      "prod",
      { plan: planCloud(stackFileConfig("prod")), secrets: { ospfAuthKey: pulumi.secret("k") } },
      { transformations },
    );
    expect(declared.filter((d) => d.parent === cloud).map((d) => `${d.type} ${d.name}`)).to.deep.equal([
      "budgetcloud:network:Router prod-MTK-1",
      "budgetcloud:network:Router prod-MTK-2",
      "budgetcloud:network:Router prod-MTK-3",
      "budgetcloud:network:Router prod-MTK-4",
      "budgetcloud:network:HypervisorNetwork prod-sdn",
      "budgetcloud:network:TenantNetwork prod-tenant-app",
      "budgetcloud:network:TenantNetwork prod-tenant-sql",
      "budgetcloud:network:TenantNetwork prod-tenant-ops",
      "pulumi-nodejs:dynamic/proxmox:SdnApply prod-sdn-apply",
      "budgetcloud:storage:CephStorage prod-ceph",
      "budgetcloud:compute:LinuxVm prod-vm-prod-sql14-1",
    ]);
    expect(Object.keys(cloud.routers)).to.deep.equal(["MTK-1", "MTK-2", "MTK-3", "MTK-4"]);
  });

  it("protects prod's Ceph pools and storage from deletion and replacement", () => {
    const { declared, transformations } = recorder();
    new Cloud(
      "prod",
      { plan: planCloud(stackFileConfig("prod")), secrets: { ospfAuthKey: pulumi.secret("k") } },
      { transformations },
    );
    const storage = declared.filter((d) => /CephPool|RbdStorage/.test(d.type));
    expect(storage.map((d) => d.name)).to.deep.equal(["prod-ceph-pool-vm_data", "prod-ceph-rbd-vm_data"]);
    for (const d of storage) expect(d.opts.protect, d.name).to.equal(true);
  });

  it("builds a VM from its snippet, its clone and its HA", () => {
    const { declared, transformations } = recorder();
    const cloud = new Cloud(
      "prod",
      { plan: planCloud(stackFileConfig("prod")), secrets: { ospfAuthKey: pulumi.secret("k") } },
      { transformations },
    );
    const vm = cloud.vms["prod-sql14-1"];
    const children = declared.filter((d) => d.parent === vm);
    expect(children.map((d) => `${d.type.replace(/^pulumi-nodejs:dynamic\/proxmox:/, "")} ${d.name}`)).to.deep.equal([
      "Snippet prod-vm-prod-sql14-1-user-data",
      "Vm prod-vm-prod-sql14-1",
      "HaResource prod-vm-prod-sql14-1-ha",
      "HaNodeAffinityRule prod-vm-prod-sql14-1-ha-affinity",
    ]);
    const props = (name: string) => children.find((d) => d.name === name)?.props ?? {};
    expect(props("prod-vm-prod-sql14-1")).to.include({
      name: "prod-sql14-1",
      node: "PVE-2",
      template: "ubuntu2204-cloudinit",
      storage: "vm_data",
      diskSize: 30,
      cores: 4,
      memory: 8192,
      ipconfig0: "ip=192.168.111.52/24,gw=192.168.111.1",
      net0: "virtio,bridge=vbr111",
      searchdomain: "transnomis.com",
    });
    expect(props("prod-vm-prod-sql14-1-ha-affinity")).to.include({ rule: "prod-sql14-1-affinity", strict: false });
    expect(props("prod-vm-prod-sql14-1-ha-affinity").nodes).to.deep.equal(["PVE-2:2", "PVE-1:1", "PVE-3:1"]);
  });

  it("builds the hypervisors' fabric and zone, each tenant's vnet, and applies them all at once", () => {
    const { declared, transformations } = recorder();
    const plan = planCloud(stackFileConfig("prod"));
    const cloud = new Cloud("prod", { plan, secrets: { ospfAuthKey: pulumi.secret("k") } }, { transformations });
    const network = declared.find((d) => d.parent === cloud && d.name === "prod-sdn")?.resource;
    const children = declared.filter((d) => d.parent === network);
    const byName = (name: string) => declared.find((d) => d.name === name);
    expect(children.map((d) => `${d.type.replace(/^pulumi-nodejs:dynamic\/proxmox:/, "")} ${d.name}`)).to.deep.equal([
      "SdnOspfFabric prod-sdn-fabric-underlay",
      "SdnFabricNode prod-sdn-fabric-underlay-PVE-1",
      "SdnFabricNode prod-sdn-fabric-underlay-PVE-2",
      "SdnFabricNode prod-sdn-fabric-underlay-PVE-3",
      "SdnVxlanZone prod-sdn-zone-tenants",
    ]);
    expect(byName("prod-sdn-fabric-underlay")?.props).to.include({
      pveId: "underlay",
      area: "0.0.0.0",
      ipPrefix: "192.168.254.8/29",
    });
    const node = byName("prod-sdn-fabric-underlay-PVE-2");
    expect(node?.props).to.include({ fabricId: "underlay", nodeId: "PVE-2", ip: "192.168.254.12" });
    expect(node?.props.interfaces).to.deep.equal([
      "name=ens1f0,ip=192.168.122.2/30",
      "name=ens1f1,ip=192.168.132.2/30",
    ]);
    expect(node?.opts.dependsOn).to.equal(byName("prod-sdn-fabric-underlay")?.resource);
    const sql = byName("prod-tenant-sql-vnet");
    expect(sql?.parent).to.equal(cloud.tenants.sql);
    expect(sql?.props).to.include({ vnet: "vbr111", zone: "tenants", tag: 111, alias: "sql" });
    expect(sql?.opts.dependsOn).to.deep.equal([byName("prod-sdn-zone-tenants")?.resource]);
    const apply = byName("prod-sdn-apply");
    expect(apply?.parent).to.equal(cloud);
    expect(apply?.opts.dependsOn).to.deep.equal([
      ...children.map((d) => d.resource),
      ...["app", "sql", "ops"].map((t) => byName(`prod-tenant-${t}-vnet`)?.resource),
    ]);
    expect(apply?.props.revision).to.equal(proxmox.sdnRevision(plan.sdn));
  });
});
