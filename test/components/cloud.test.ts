import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import type { CephStorage } from "../../components/ceph-storage";
import { Cloud } from "../../components/cloud";
import type { HypervisorNetwork } from "../../components/hypervisor-network";
import { TenantNetwork } from "../../components/tenant-network";
import { planCloud } from "../../plan/cloud-plan";
import * as proxmox from "../../providers/proxmox/resources";
import { stackFileConfig } from "../support/stack-file";
import { recorder, setItems, settled } from "./graph";

const importOf = (opts?: pulumi.ResourceOptions) => (opts as pulumi.CustomResourceOptions | undefined)?.import;

/** prod's VMs join its JumpCloud group, so its stack cannot do without the keys. */
const monitoringKeys = { snmpAuthPassword: pulumi.secret("auth-pass"), snmpPrivPassword: pulumi.secret("priv-pass") };
const jumpcloudKeys = {
  jumpcloudApiKey: pulumi.secret("api"),
  jumpcloudConnectKey: pulumi.secret("connect"),
  ...monitoringKeys,
};

const short = (type: string) => type.replace("pulumi-nodejs:dynamic/routeros:", "");

describe("the TenantNetwork component", () => {
  const plan = planCloud(stackFileConfig("prod"));
  const sql = plan.tenants.find((t) => t.name === "sql");
  if (!sql) throw new Error("prod has no sql tenant");

  it("puts a VXLAN, its VTEPs, a bridge and a VRRP gateway on each gateway router, as one set per router", () => {
    const { declared, transformations } = recorder();
    const tenant = new TenantNetwork("prod-tenant-sql", { plan: sql }, { transformations });
    const mine = declared.filter((d) => d.parent === tenant && d.type.endsWith(":ItemSet"));
    expect(mine.map((d) => `${short(d.type)} ${d.name} ${d.props.concern}`)).to.deep.equal([
      "ItemSet prod-tenant-sql-MTK-3 tenant-sql",
      "ItemSet prod-tenant-sql-MTK-4 tenant-sql",
    ]);
    expect(mine.map((d) => d.props.router)).to.deep.equal(["MTK-3", "MTK-4"]);
    const items = setItems(declared, "prod-tenant-sql-MTK-3");
    expect(Object.entries(items).map(([key, item]) => `${item.menu} ${key}`)).to.deep.equal([
      "Vxlan vxlan",
      "VxlanVtep vtep-192.168.254.4",
      "VxlanVtep vtep-192.168.254.11",
      "VxlanVtep vtep-192.168.254.12",
      "VxlanVtep vtep-192.168.254.13",
      "Bridge bridge",
      "BridgePort bridge-vxlan",
      "IpAddress address",
      "OspfInterfaceTemplate ospf",
      "Vrrp vrrp",
      "IpAddress gateway",
    ]);
    expect(items.vxlan).to.include({ name: "vxlan111", vni: 111, port: 4789, localAddress: "192.168.254.3" });
    expect(items.vrrp).to.include({ name: "vrrp111", interface: "vbr111", vrid: 111, priority: 200 });
    expect(setItems(declared, "prod-tenant-sql-MTK-4").vrrp).to.include({ vrid: 111, priority: 100 });
    expect(items.gateway).to.include({ address: "192.168.111.1/32", interface: "vrrp111" });
    expect(setItems(declared, "prod-tenant-sql-MTK-4").address).to.include({
      address: "192.168.111.3/24",
      interface: "vbr111",
    });
    // The segment in OSPF, passive: routers that are not sql's gateways reach it.
    expect(items.ospf).to.deep.include({ area: "backbone", interfaces: ["vbr111"], type: "broadcast", passive: true });
  });

  it("authenticates VRRP with version 2 when the stack has a VRRP password, kept secret inside the set", async () => {
    const { declared, transformations } = recorder();
    new TenantNetwork("prod-tenant-sql", { plan: sql, vrrpPassword: "vrrp-pass" }, { transformations });
    const { vrrp } = setItems(declared, "prod-tenant-sql-MTK-3");
    expect(vrrp).to.include({ version: 2, authentication: "simple" });
    expect(await pulumi.isSecret(pulumi.output(vrrp.password))).to.equal(true);
    expect(await settled(vrrp.password as pulumi.Output<string>)).to.equal("vrrp-pass");
  });
});

describe("the Cloud component", () => {
  it("builds a Router per router and a TenantNetwork per tenant, under itself", () => {
    const { declared, transformations } = recorder();
    const cloud = new Cloud(
      "prod",
      { plan: planCloud(stackFileConfig("prod")), secrets: { ...jumpcloudKeys, ospfAuthKey: pulumi.secret("k") } },
      { transformations },
    );
    expect(declared.filter((d) => d.parent === cloud).map((d) => `${d.type} ${d.name}`)).to.deep.equal([
      "budgetcloud:network:ZeroTierNetwork prod-zerotier",
      "budgetcloud:network:Router prod-MTK-1",
      "budgetcloud:network:Router prod-MTK-2",
      "budgetcloud:network:Router prod-MTK-3",
      "budgetcloud:network:Router prod-MTK-4",
      "budgetcloud:network:HypervisorNetwork prod-sdn",
      "budgetcloud:network:TenantNetwork prod-tenant-app",
      "budgetcloud:network:TenantNetwork prod-tenant-sql",
      "pulumi-nodejs:dynamic/proxmox:SdnApply prod-sdn-apply",
      "budgetcloud:storage:CephStorage prod-ceph",
      "pulumi:providers:proxmoxve prod-proxmox",
      "budgetcloud:compute:LinuxVm prod-vm-prod-sql14-1",
      "budgetcloud:monitoring:Monitoring prod-monitoring",
    ]);
    expect(Object.keys(cloud.routers)).to.deep.equal(["MTK-1", "MTK-2", "MTK-3", "MTK-4"]);
  });

  it("gives what it built as its outputs: each router's loopback, each VM's id, the Ceph pools, the SDN ids", async () => {
    const { declared, transformations } = recorder();
    const secrets = { ...jumpcloudKeys, ospfAuthKey: pulumi.secret("k"), proxmoxTokenSecret: pulumi.secret("t") };
    const cloud = new Cloud("prod", { plan: planCloud(stackFileConfig("prod")), secrets }, { transformations });
    expect(await settled(cloud.loopbacks)).to.deep.equal({
      "MTK-1": "192.168.254.1/32",
      "MTK-2": "192.168.254.2/32",
      "MTK-3": "192.168.254.3/32",
      "MTK-4": "192.168.254.4/32",
    });
    expect(await settled(cloud.vmids)).to.deep.equal({ "prod-sql14-1": 68041 });
    const child = <T>(type: string) => declared.find((d) => d.type === type)?.resource as T;
    expect(await settled(child<CephStorage>("budgetcloud:storage:CephStorage").pools)).to.deep.equal(["vm_data"]);
    const sdn = child<HypervisorNetwork>("budgetcloud:network:HypervisorNetwork");
    expect(await settled(sdn.fabricId)).to.equal("underlay");
    expect(await settled(sdn.zoneId ?? "")).to.equal("tenants");
  });

  it("refuses a VM that joins JumpCloud when the stack gave no JumpCloud keys, naming the VM", () => {
    const secrets = { ospfAuthKey: pulumi.secret("k"), proxmoxTokenSecret: pulumi.secret("t"), ...monitoringKeys };
    expect(() => new Cloud("prod", { plan: planCloud(stackFileConfig("prod")), secrets })).to.throw(
      "VM prod-sql14-1: budgetcloud:jumpcloud is set but its keys are not given",
    );
  });

  it("protects prod's Ceph pools and storage from deletion and replacement", () => {
    const { declared, transformations } = recorder();
    new Cloud(
      "prod",
      { plan: planCloud(stackFileConfig("prod")), secrets: { ...jumpcloudKeys, ospfAuthKey: pulumi.secret("k") } },
      { transformations },
    );
    const storage = declared.filter((d) => /CephPool|RbdStorage/.test(d.type));
    expect(storage.map((d) => d.name)).to.deep.equal(["prod-ceph-pool-vm_data", "prod-ceph-rbd-vm_data"]);
    for (const d of storage) expect(d.opts.protect, d.name).to.equal(true);
  });

  it("builds a VM from its snippet, its clone and its HA, through the stack's proxmoxve provider", async () => {
    const { declared, transformations } = recorder();
    const cloud = new Cloud(
      "prod",
      {
        plan: planCloud(stackFileConfig("prod")),
        secrets: { ...jumpcloudKeys, ospfAuthKey: pulumi.secret("k"), proxmoxTokenSecret: pulumi.secret("t") },
      },
      { transformations },
    );
    const vm = cloud.vms["prod-sql14-1"];
    const children = declared.filter((d) => d.parent === vm);
    expect(children.map((d) => `${d.type.replace(/^pulumi-nodejs:dynamic\/proxmox:/, "")} ${d.name}`)).to.deep.equal([
      "Snippet prod-vm-prod-sql14-1-user-data-PVE-2",
      "Snippet prod-vm-prod-sql14-1-user-data-PVE-1",
      "Snippet prod-vm-prod-sql14-1-user-data-PVE-3",
      "proxmoxve:index/vmLegacy:VmLegacy prod-vm-prod-sql14-1",
      "proxmoxve:index/haresource:Haresource prod-vm-prod-sql14-1-ha",
      "proxmoxve:index/harule:Harule prod-vm-prod-sql14-1-ha-affinity",
    ]);
    const provider = declared.find((d) => d.name === "prod-proxmox");
    expect(await settled(provider?.props.endpoint)).to.equal("https://192.168.255.11:8006");
    // A provider's inputs travel as JSON strings.
    expect(await settled(provider?.props.insecure)).to.equal("false");
    // Its token comes from the run's environment (PROXMOX_VE_API_TOKEN), never from the state.
    expect(provider?.props.apiToken).to.equal(undefined);
    const byName = (name: string) => children.find((d) => d.name === name);
    const clone = byName("prod-vm-prod-sql14-1");
    expect(clone?.props).to.deep.include({
      name: "prod-sql14-1",
      nodeName: "PVE-2",
      clone: { vmId: 9000, nodeName: "PVE-1", full: true, datastoreId: "vm_data" },
      cpu: { cores: 4 },
      memory: { dedicated: 8192 },
      disks: [{ interface: "scsi0", datastoreId: "vm_data", size: 30 }],
      networkDevices: [{ bridge: "vbr111", model: "virtio", firewall: false }],
      tags: ["budgetcloud", "prod", "sql"],
      rebootAfterUpdate: false,
    });
    expect(clone?.opts.ignoreChanges).to.deep.equal(["clone", "disks[0].speed"]);
    expect(importOf(clone?.opts)).to.equal(undefined);
    expect(byName("prod-vm-prod-sql14-1-ha")?.props).to.include({ resourceId: "vm:68041", state: "started" });
    expect(byName("prod-vm-prod-sql14-1-ha-affinity")?.props).to.deep.include({
      rule: "prod-sql14-1-affinity",
      type: "node-affinity",
      nodes: { "PVE-2": 2, "PVE-1": 1, "PVE-3": 1 },
      strict: false,
    });
    // PVE reads cicustom on the node a start happens on: each node HA may start the VM on holds it.
    const snippets = children.filter((d) => d.type.endsWith("Snippet"));
    expect(snippets.map((d) => [d.props.node, d.props.fileName])).to.deep.equal(
      ["PVE-2", "PVE-1", "PVE-3"].map((node) => [node, "prod-sql14-1-user-data.yaml"]),
    );
    expect(snippets.map((d) => d.opts.aliases)).to.deep.equal([
      [{ name: "prod-vm-prod-sql14-1-user-data" }],
      undefined,
      undefined,
    ]);
    expect(clone?.opts.dependsOn).to.include.members(snippets.map((d) => d.resource));
    for (const child of children.slice(3)) expect(child.opts.provider, child.name).to.equal(provider?.resource);
  });

  it("takes over the VMs an older budgetcloud made by importing them, and refuses one the config lost", () => {
    const { declared, transformations } = recorder();
    const plan = planCloud(stackFileConfig("prod"));
    const secrets = { ...jumpcloudKeys, ospfAuthKey: pulumi.secret("k"), proxmoxTokenSecret: pulumi.secret("t") };
    new Cloud("prod", { plan, secrets, takeOverVms: ["prod-sql14-1"] }, { transformations });
    const imports = Object.fromEntries(declared.filter((d) => importOf(d.opts)).map((d) => [d.name, importOf(d.opts)]));
    expect(imports).to.deep.equal({
      "prod-vm-prod-sql14-1": "PVE-2/68041",
      "prod-vm-prod-sql14-1-ha": "vm:68041",
      "prod-vm-prod-sql14-1-ha-affinity": "prod-sql14-1-affinity",
    });
    expect(() => new Cloud("prod2", { plan, secrets, takeOverVms: ["gone-1"] })).to.throw(
      "VMs gone-1: the state holds them but the stack config does not",
    );
  });

  it("builds the hypervisors' fabric and zone, each tenant's vnet, and applies them all at once", () => {
    const { declared, transformations } = recorder();
    const plan = planCloud(stackFileConfig("prod"));
    const cloud = new Cloud(
      "prod",
      { plan, secrets: { ...jumpcloudKeys, ospfAuthKey: pulumi.secret("k") } },
      { transformations },
    );
    const network = declared.find((d) => d.parent === cloud && d.name === "prod-sdn")?.resource;
    const children = declared.filter((d) => d.parent === network);
    const byName = (name: string) => declared.find((d) => d.name === name);
    expect(children.map((d) => `${d.type.replace(/^pulumi-nodejs:dynamic\/proxmox:/, "")} ${d.name}`)).to.deep.equal([
      ...["PVE-1", "PVE-2", "PVE-3"].flatMap((n) =>
        ["ens1f0", "ens1f1"].map((nic) => `NodeNetworkInterface prod-sdn-nic-${n}-${nic}`),
      ),
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
    expect(byName("prod-sdn-nic-PVE-2-ens1f1")?.props).to.include({ node: "PVE-2", iface: "ens1f1", mtu: 9050 });
    // A node joins the fabric once its NICs have their links' MTU.
    expect(node?.opts.dependsOn).to.deep.equal([
      byName("prod-sdn-fabric-underlay")?.resource,
      byName("prod-sdn-nic-PVE-2-ens1f0")?.resource,
      byName("prod-sdn-nic-PVE-2-ens1f1")?.resource,
    ]);
    const sql = byName("prod-tenant-sql-vnet");
    expect(sql?.parent).to.equal(cloud.tenants.sql);
    expect(sql?.props).to.include({ vnet: "vbr111", zone: "tenants", tag: 111, alias: "sql" });
    expect(sql?.opts.dependsOn).to.deep.equal([byName("prod-sdn-zone-tenants")?.resource]);
    const apply = byName("prod-sdn-apply");
    expect(apply?.parent).to.equal(cloud);
    // The NICs are each applied to their node as they are set: SDN's apply waits for SDN alone.
    expect(apply?.opts.dependsOn).to.deep.equal([
      ...children.filter((d) => !d.name.startsWith("prod-sdn-nic-")).map((d) => d.resource),
      ...["app", "sql"].map((t) => byName(`prod-tenant-${t}-vnet`)?.resource),
    ]);
    expect(apply?.props.revision).to.equal(proxmox.sdnRevision(plan.sdn));
  });
});
