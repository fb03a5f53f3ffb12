import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import type { LabUnderTest } from "../../lab/lab-under-test";
import { plannedSteps } from "../../lab/planned-steps";
import { managedPaths } from "../../providers/routeros/menus";
import { previewComment } from "../../tools/preview-comment/preview-comment";
import { configurationChanges } from "../../tools/router-backup/configuration-changes";
import { labOnS3 } from "../support/lab-on-s3";

// biome-ignore lint/suspicious/noExplicitAny: the tests read Central's JSON wherever they need to.
type Held = Record<string, any>;

/** The menus budgetcloud manages, as the emulator names them, with the ZeroTier package's (the lab's routers have it). */
const managedMenus = [...managedPaths.map((path) => path.slice(1)), "zerotier", "zerotier/interface"];

// The lab stack's whole life against the emulators, through the real engine, its state in a real
// S3 server as prod's is in Ceph RGW.
describe("the lab stack, end to end", function () {
  this.timeout(600_000);

  const { lab, s3 } = labOnS3();
  let factory: ReturnType<LabUnderTest["snapshot"]>;
  let factoryCluster: ReturnType<LabUnderTest["clusterSnapshot"]>;
  let resources = 0;

  before(() => {
    factory = lab.snapshot(managedMenus);
    factoryCluster = lab.clusterSnapshot();
  });

  it("comes up from empty", async () => {
    const up = await lab.stack.up();
    resources = up.summary.resourceChanges?.create ?? 0;
    expect(up.summary.result).to.equal("succeeded");
    expect(resources).to.be.greaterThan(100);
    expect(s3.objects(".pulumi/stacks")).to.include(".pulumi/stacks/budgetcloud/lab.json");
    const mtk3 = lab.routers.router("MTK-3");
    expect(mtk3.print("interface/vrrp").map((r) => `${r.name} ${r.vrid} ${r.priority}`)).to.have.members([
      "vrrp110 110 200",
      "vrrp111 111 200",
    ]);
    expect(
      mtk3
        .print("ip/firewall/filter")
        .filter((r) => r.chain === "forward")
        .at(-1),
    ).to.include({
      action: "drop",
      comment: "drop all",
    });
  });

  it("joins MTK-3 and MTK-4 to the operators' network: each authorized at its address as the member its own identity makes", async () => {
    const central = lab.zeroTierCentral;
    const [network] = central.listNetworks() as Held[];
    expect(network.config.name).to.equal("ops");
    expect(network.config.routes).to.deep.equal([
      { target: "192.168.192.0/24", via: null },
      // The management network, through the first router that joins, which src-NATs the operators there.
      { target: "192.168.255.0/24", via: "192.168.192.3" },
      { target: "192.168.110.0/24", via: "192.168.192.3" },
      { target: "192.168.111.0/24", via: "192.168.192.3" },
    ]);
    const mtk3 = lab.routers.router("MTK-3");
    const [zt1] = mtk3.print("zerotier");
    expect(zt1.disabled).to.equal("false");
    expect(mtk3.print("zerotier/interface")).to.have.length(1);
    expect(mtk3.print("zerotier/interface")[0]).to.include({ name: "zerotier1", instance: "zt1", network: network.id });
    const address = zt1.identity.split(":")[0];
    const member = central.member(network.id, address) as Held;
    expect(member).to.deep.include({ name: "MTK-3", lastSeen: 0 });
    expect(member.config).to.deep.include({ authorized: true, ipAssignments: ["192.168.192.3"], capabilities: [1] });
    // The routers' packages ask for the network; the laptop has not joined yet.
    expect(lab.joinZeroTier()).to.deep.equal([`MTK-3 ${network.id}`, `MTK-4 ${network.id}`]);
    expect((central.member(network.id, address) as Held).lastSeen).to.be.greaterThan(0);
    expect((central.member(network.id, "e04ec2cc59") as Held).lastSeen).to.equal(0);
    expect(central.listMembers(network.id)).to.have.length(3);
  });

  it("serves its contract to another project through the typed helper", async () => {
    const consumer = await LocalWorkspace.createOrSelectStack(
      { stackName: "consumer", workDir: path.resolve(__dirname, "../../examples/consumer") },
      { envVars: { PULUMI_BACKEND_URL: lab.backendUrl, PULUMI_CONFIG_PASSPHRASE: "consumer", ...lab.backendEnv } },
    );
    try {
      await consumer.setConfig("cloudStack", { value: "organization/budgetcloud/lab" });
      const up = await consumer.up();
      expect(up.outputs.databaseGateway.value).to.equal("192.168.111.1");
      expect(up.outputs.databaseNetwork.value).to.equal("192.168.111.0/24");
      expect(up.outputs.databaseHosts.value).to.deep.equal(["prod-sql14-1.transnomis.com"]);
    } finally {
      await consumer.workspace.removeStack("consumer", { force: true });
      fs.rmSync(path.resolve(__dirname, "../../examples/consumer/Pulumi.consumer.yaml"), { force: true });
    }
  });

  it("lists its hosts for Ansible: the real ansible-inventory and ansible read its exports", async () => {
    const inventory = path.resolve(__dirname, "../../tools/inventory/budgetcloud");
    const env = {
      ...process.env,
      ...lab.cliEnv,
      BUDGETCLOUD_STACK: "lab",
      // A script that fails must fail the command, not leave an empty inventory behind a warning.
      ANSIBLE_INVENTORY_ENABLED: "script",
      ANSIBLE_INVENTORY_UNPARSED_FAILED: "true",
    };
    // Asynchronously: the emulators answer from this process.
    const run = (command: string, ...args: string[]) =>
      promisify(execFile)(command, ["-i", inventory, ...args], { cwd: lab.projectDir, env });
    const listed = JSON.parse((await run("ansible-inventory", "--list")).stdout);
    expect(listed.routers.hosts).to.deep.equal(["MTK-1", "MTK-2", "MTK-3", "MTK-4"]);
    expect(listed.hypervisors.hosts).to.deep.equal(["PVE-1", "PVE-2", "PVE-3"]);
    expect(listed.linux.hosts).to.have.members(["prod-sql14-1", "app-web-1", "app-web-2"]);
    expect(listed.tenant_app.hosts).to.deep.equal(["app-web-1", "app-web-2"]);
    expect(listed.tenant_sql.hosts).to.deep.equal(["prod-sql14-1"]);
    expect(listed.lab.children).to.have.members(["routers", "hypervisors", "vms"]);
    expect(listed._meta.hostvars["app-web-1"]).to.deep.equal({
      ansible_host: "192.168.110.11",
      budgetcloud_fqdn: "app-web-1.transnomis.com",
      budgetcloud_tenant: "app",
      budgetcloud_node: "PVE-1",
      budgetcloud_os: "linux",
    });
    expect(listed._meta.hostvars["MTK-3"]).to.deep.include({
      ansible_host: "127.0.0.1",
      ansible_network_os: "community.routeros.routeros",
    });
    const { stdout } = await run("ansible", "all", "--list-hosts");
    expect(stdout).to.match(/^ {2}hosts \(10\):$/m);
  });

  it("keeps each router's own export before an up, as make up does: whole, its secrets hidden", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-backup-"));
    try {
      const backup = path.resolve(__dirname, "../../tools/router-backup/main.ts");
      const { stdout } = await promisify(execFile)(
        "node",
        ["-r", "sucrase/register/ts", backup, "--stack", "lab", "--dir", dir],
        { cwd: lab.projectDir, env: { ...process.env, ...lab.cliEnv } },
      );
      expect(stdout).to.include(`MTK-3: its configuration before this up: ${dir}/lab-routers/MTK-3.rsc`);
      expect(fs.readdirSync(path.join(dir, "lab-routers")).sort()).to.deep.equal([
        "MTK-1.rsc",
        "MTK-2.rsc",
        "MTK-3.rsc",
        "MTK-4.rsc",
      ]);
      const mtk3 = fs.readFileSync(path.join(dir, "lab-routers", "MTK-3.rsc"), "utf8");
      expect(mtk3).to.match(/^# .* by RouterOS 7\.24\n/);
      // Each line under its menu, as configurationChanges reads an export.
      const lines = configurationChanges("", mtk3).map((line) => line.slice(2));
      // On RouterOS 7's built-in lo, which no line makes: the address carries the loopback's comment.
      expect(lines).to.include('/ip address add address=192.168.254.3/32 interface=lo comment="loopback for OSPF"');
      expect(lines.filter((line) => line.startsWith("/interface bridge add name=lo"))).to.deep.equal([]);
      expect(lines).to.include(
        '/interface ethernet set [ find default-name=sfp28-1 ] l2mtu=9134 mtu=9050 comment="PVE-1 (Port 2)"',
      );
      expect(lines).to.include(
        "/routing ospf interface-template add area=backbone interfaces=qsfp28-1-1 type=ptp auth=md5",
      );
      // The OSPF key is in the stack's secrets; the export, like RouterOS's own, leaves it out.
      expect(mtk3).not.to.include("auth-key");
      expect(lab.routers.router("MTK-3").print("file")).to.deep.equal([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("previews no change right after", async () => {
    expect(await plannedSteps(lab, "preview")).to.deep.equal({});
  });

  it("previews exactly a config change: a new tenant and its NAT rule in the middle, two firewall rules swapped, a VM resized", async () => {
    lab.editStackFile((text) =>
      text
        .replace(
          '{ src: 192.168.1.0/24, dst: app, comment: "CUSTOM:1" }\n      - { src: app, dst: 192.168.1.0/24, comment: "CUSTOM:2" }',
          '{ src: app, dst: 192.168.1.0/24, comment: "CUSTOM:2" }\n      - { src: 192.168.1.0/24, dst: app, comment: "CUSTOM:1" }',
        )
        .replace("disk: { size: 30, storage: vm_data }", "disk: { size: 40, storage: vm_data }")
        .replace(
          "    - { src: 192.168.110.0/23, comment: tenants }\n",
          "    - { src: 192.168.110.0/23, comment: tenants }\n    - { src: 192.168.120.0/24, comment: web }\n",
        )
        .replace(
          "  # The operators' VPN",
          [
            "    - name: web",
            "      vni: 120",
            "      cidr: 192.168.120.0/24",
            "      gateway: 192.168.120.1",
            "      vrid: 120",
            "      bridge: vbr120",
            "      routers: [{ router: MTK-3, priority: 200 }, { router: MTK-4, priority: 100 }]",
            "  # The operators' VPN",
          ].join("\n"),
        ),
    );
    const steps = await plannedSteps(lab, "preview");
    // The merge request's comment draws the cloud after the change, the new tenant marked added;
    // it runs as a preview job does, without the write set.
    const { body } = await previewComment({
      stack: "lab",
      cwd: lab.projectDir,
      env: { ...process.env, ...lab.cliEnvHolding(false) },
      print: true,
    });
    expect(body).to.include('subgraph tenant_web["tenant web · VNI 120 · 192.168.120.0/24 (added)"]');
    expect(body).to.include("style tenant_web fill:#d3f9d8,stroke:#2b8a3e,stroke-width:3px");
    expect(body).to.match(/class [\w,]*router_MTK_3[\w,]* changed/);
    expect(steps).to.deep.equal({
      "lab-tenant-web": "create",
      // Each gateway router's part of the tenant is one set of its items.
      "lab-tenant-web-MTK-3": "create",
      "lab-tenant-web-MTK-4": "create",
      // The new NAT rule is the only NAT step: the bastion's rule after it keeps its name.
      "lab-MTK-3-srcnat-web": "create",
      "lab-MTK-4-srcnat-web": "create",
      "lab-MTK-3-forward": "update",
      "lab-MTK-4-forward": "update",
      "lab-tenant-web-vnet": "create",
      "lab-sdn-apply": "update",
      "lab-vm-prod-sql14-1": "update",
      // The operators' network gets a route to the new tenant.
      "lab-zerotier-network": "update",
    });
    const up = await lab.stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ create: 6, update: 5, same: resources - 5 });
    resources += 6;
    const web = lab.routers.router("MTK-3");
    expect(web.print("interface/vxlan/vteps").filter((v) => v.interface === "vxlan120")).to.have.length(4);
    expect(
      web
        .print("ip/address")
        .filter((a) => a.interface === "vrrp120")
        .map((a) => a.address),
    ).to.deep.equal(["192.168.120.1/32"]);
    const vm = [...lab.cluster.state.vms.values()].find((v) => v.config.name === "prod-sql14-1");
    expect(vm?.config.scsi0).to.match(/size=40G/);
    const forward = lab.routers
      .router("MTK-3")
      .print("ip/firewall/filter")
      .filter((r) => r.chain === "forward")
      .map((r) => r.comment);
    expect(forward.indexOf("CUSTOM:2")).to.equal(forward.indexOf("CUSTOM:1") - 1);
    const [network] = lab.zeroTierCentral.listNetworks() as Held[];
    expect(network.config.routes).to.deep.include({ target: "192.168.120.0/24", via: "192.168.192.3" });
  });

  it("sees changes made on the routers and the cluster out of band, and puts them back", async () => {
    const mtk2 = lab.routers.router("MTK-2");
    const ring = mtk2.print("interface/ethernet").find((r) => r["default-name"] === "qsfp28-1-1");
    mtk2.tree.update("interface/ethernet", ring?.[".id"] as string, { mtu: "1500" });
    const mtk1 = lab.routers.router("MTK-1");
    const loopback = mtk1.print("ip/address").find((r) => r.address === "192.168.254.1/32");
    mtk1.tree.remove("ip/address", loopback?.[".id"] as string);
    const vm = [...lab.cluster.state.vms.values()].find((v) => v.config.name === "prod-sql14-1");
    if (vm) vm.config.memory = "4096";
    // Someone takes the laptop's admin capability away and deauthorizes MTK-4 in Central's web UI.
    const central = lab.zeroTierCentral;
    const [network] = central.listNetworks() as Held[];
    const mtk4 = (lab.routers.router("MTK-4").print("zerotier")[0].identity as string).split(":")[0];
    central.updateMember(network.id, "e04ec2cc59", { config: { capabilities: [3, 4] } });
    central.updateMember(network.id, mtk4, { config: { authorized: false } });

    const refresh = await lab.stack.refresh();
    // Each router's item gone or changed is its set's change: MTK-1's set no longer holds its loopback address.
    expect(refresh.summary.resourceChanges).to.deep.include({ update: 5 });
    // Refresh also shows when each router was last seen: their packages joined after the up.
    const held = (await lab.stack.exportStack()).deployment.resources.find((r: { urn: string }) =>
      r.urn.endsWith("::lab-MTK-3-zerotier-member"),
    );
    expect(held.outputs.lastSeen).to.be.greaterThan(0);
    expect(await plannedSteps(lab, "preview")).to.deep.equal({
      "lab-MTK-2-interfaces": "update",
      "lab-MTK-1-interfaces": "update",
      "lab-vm-prod-sql14-1": "update",
      "lab-zerotier-varun-laptop-thinkpad": "update",
      "lab-MTK-4-zerotier-member": "update",
    });
    await lab.stack.up();
    expect(mtk2.print("interface/ethernet").find((r) => r["default-name"] === "qsfp28-1-1")?.mtu).to.equal("9050");
    expect(mtk1.print("ip/address").filter((r) => r.address === "192.168.254.1/32")).to.have.length(1);
    expect(vm?.config.memory).to.equal("8192");
    expect((central.member(network.id, "e04ec2cc59") as Held).config.capabilities).to.have.members([
      2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect((central.member(network.id, mtk4) as Held).config.authorized).to.equal(true);
    expect(await plannedSteps(lab, "preview")).to.deep.equal({});
  });

  it("destroys everything, leaving every router and the cluster as they started", async () => {
    await lab.stack.destroy();
    expect(lab.snapshot(managedMenus)).to.deep.equal(factory);
    expect(lab.clusterSnapshot()).to.deep.equal(factoryCluster);
    // The lab's network is not protected (only prod's is): it goes with its members.
    expect(lab.zeroTierCentral.listNetworks()).to.deep.equal([]);
  });
});
