import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { readStackFile } from "../../../cli/stack-file";
import type { StackConfig } from "../../../config/schema";
import type { CheckLine } from "../../../lab/dataplane/checks";
import { dumpDevices } from "../../../lab/dataplane/device-dump";
import { DataPlane } from "../../../lab/dataplane/realize";
import { verifyDataPlane } from "../../../lab/dataplane/verify";
import { LAB_PASSWORD, LAB_PROXMOX_TOKEN, LAB_ZEROTIER_TOKEN, LabUnderTest } from "../../../lab/lab-under-test";
import { connectionTo, type RouterConnection } from "../../../providers/routeros/client";

const failures = (lines: CheckLine[]) =>
  lines.filter((l) => !l.passed).map((l) => `${l.check}: ${l.from} → ${l.to}: ${l.detail}`);

// The talk's cloud through the real engine into the emulators, then a real data plane from what
// they hold: namespaces, FRR, keepalived and nftables. Needs root, as CI runs it.
describe("the lab's data plane, built from what the devices hold", function () {
  this.timeout(300_000);

  const lab = new LabUnderTest();
  // Under a folder only root may enter, as a clone in /root or a home folder is: FRR, which drops
  // to its own user, must not need to go there.
  const privateFolder = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-private-"));
  const stateDir = path.join(privateFolder, ".lab", "dataplane");
  // Not the lab's bc- prefix: a lab left up by make lab-verify keeps its namespaces.
  const prefix = "bct-";
  let config: StackConfig;

  const verify = async (faults: boolean) => {
    const dump = await dumpDevices(config, {
      routerPassword: LAB_PASSWORD,
      proxmoxTokenSecret: LAB_PROXMOX_TOKEN,
      zerotierToken: LAB_ZEROTIER_TOKEN,
    });
    return (await verifyDataPlane({ config, dump, stateDir, faults, prefix, power: await lab.clusterPower() })).lines;
  };

  /** Changes a router through its API, the way an operator would by hand. */
  const outOfBand = async (router: string, change: (connection: RouterConnection) => Promise<void>) => {
    const target = config.routers.find((r) => r.name === router);
    const connection = connectionTo({
      name: router,
      host: "127.0.0.1",
      port: target?.port,
      username: config.routerApi.username,
      password: LAB_PASSWORD,
      plaintext: true,
      tls: config.routerApi.tls,
      timeoutSeconds: 10,
    });
    try {
      await change(connection);
    } finally {
      connection.close();
    }
  };
  const removeWhere = async (
    connection: RouterConnection,
    menu: string,
    match: (row: Record<string, string>) => boolean,
  ) => {
    const row = (await connection.run(menu, "print")).find(match);
    if (!row) throw new Error(`${connection.endpoint.name} ${menu}: nothing to remove`);
    await connection.run(menu, "remove", { ".id": row[".id"] });
  };

  before(async () => {
    await lab.start();
    await lab.stack.up();
    config = readStackFile(lab.stackFile);
  });
  after(async () => {
    new DataPlane(stateDir).destroy();
    await lab.stop();
  });

  it("passes every check and fault on the talk's topology", async () => {
    const lines = await verify(true);
    expect(failures(lines)).to.deep.equal([]);
    const count = (check: string) => lines.filter((l) => l.check === check).length;
    // Ten cables between OSPF speakers, seven loopbacks, three VMs, two tenants and the operators'
    // ZeroTier network (the laptop, through MTK-3's zerotier1), four routers.
    expect(count("OSPF adjacency Full")).to.equal(10);
    expect(count("loopback reaches every loopback")).to.equal(7);
    expect(count("VM reaches its gateway")).to.equal(3);
    expect(count("VM reaches its tenant on another hypervisor")).to.equal(2);
    expect(
      lines.filter((l) => l.check === "allowed tenant pair reaches").map((l) => `${l.from} → ${l.to}`),
    ).to.deep.equal([
      "app: app-web-2 → sql: prod-sql14-1",
      "app: app-web-2 → ops: varun-laptop-thinkpad",
      "sql: prod-sql14-1 → app: app-web-2",
      "sql: prod-sql14-1 → ops: varun-laptop-thinkpad",
      "ops: varun-laptop-thinkpad → app: app-web-2",
      "ops: varun-laptop-thinkpad → sql: prod-sql14-1",
    ]);
    expect(count("API dropped from elsewhere (input chain)")).to.equal(6);
    // The laptop reaches each router's management address through MTK-3; each tenant's VM reaches none.
    expect(
      lines.filter((l) => l.check === "API reached from the operators' devices").map((l) => `${l.from} → ${l.to}`),
    ).to.deep.equal(
      ["MTK-1", "MTK-2", "MTK-3", "MTK-4"].map(
        (r, i) => `varun-laptop-thinkpad 192.168.192.253 → ${r} 192.168.255.${i + 1}:${lab.routers.router(r).port}`,
      ),
    );
    expect(count("API dropped from the tenants")).to.equal(8);
    // Each node's API on its vmbr0 and LibreNMS on the poller's address, from the laptop and the
    // management network; from no tenant, and not from the internet.
    expect(
      lines
        .filter((l) => /^(Proxmox API|LibreNMS) reached from the operators' devices$/.test(l.check))
        .map((l) => `${l.from} → ${l.to}`)
        .sort(),
    ).to.deep.equal([
      "varun-laptop-thinkpad 192.168.192.253 → PVE-1 192.168.255.11:8006",
      "varun-laptop-thinkpad 192.168.192.253 → PVE-2 192.168.255.12:8006",
      "varun-laptop-thinkpad 192.168.192.253 → PVE-3 192.168.255.13:8006",
      "varun-laptop-thinkpad 192.168.192.253 → librenms 192.168.255.10:80",
    ]);
    expect(count("Proxmox API reached from the management network")).to.equal(3);
    expect(count("LibreNMS reached from the management network")).to.equal(1);
    expect(count("Proxmox API dropped from the tenants") + count("LibreNMS dropped from the tenants")).to.equal(8);
    expect(count("the internet does not reach the management network")).to.equal(4);
    expect(count("the internet does not reach into a tenant")).to.equal(3);
    const internet = lines.filter((l) => l.check.startsWith("tenant"));
    expect(internet.map((l) => `${l.from} ${l.detail}`)).to.deep.equal([
      "app: app-web-2 192.168.110.12 arrived from 198.51.100.3 (MTK-3 sfp28-12), answered",
      "sql: prod-sql14-1 192.168.111.52 arrived from 198.51.100.3 (MTK-3 sfp28-12), answered",
    ]);
    expect(lines.filter((l) => l.check.startsWith("fault")).map((l) => l.check)).to.deep.equal([
      "fault: ring link cut, loopbacks reroute",
      "fault: VRRP master down, VM reaches the gateway through the backup",
      "fault: VRRP master back, preempts",
      "fault: OSPF key changed on one router, adjacency stays down",
      "fault: OSPF key mismatch leaves the others Full",
      "fault: OSPF key put back, adjacency Full again",
      "fault: hypervisor dies, each of its HA VMs answers its gateway from another node",
      "fault: hypervisor back, its HA VMs fail back to it",
    ]);
    // PVE-2, the first of the nodes with the most VMs that is not the API's, loses its power.
    const death = lines.filter((l) => l.check.startsWith("fault: hypervisor"));
    expect(death.map((l) => `${l.from} → ${l.to}`)).to.deep.equal([
      `prod-sql14-1 (PVE-2 powered off) → 192.168.111.1 from ${death[0].to.split(" from ")[1]}`,
      "prod-sql14-1 → 192.168.111.1 from PVE-2",
    ]);
    expect(death[0].to).to.match(/ from PVE-[13]$/);
  });

  it("fails the matching check, naming the devices and the packet's path, for what is broken out of band", async () => {
    // Someone deauthorizes MTK-3 in Central: its zerotier1 loses its address, and the operators' route via it goes nowhere.
    const central = lab.zeroTierCentral;
    const [network] = central.listNetworks();
    const mtk3 = String(lab.routers.router("MTK-3").print("zerotier")[0].identity).split(":")[0];
    central.updateMember(String(network.id), mtk3, { config: { authorized: false } });
    await outOfBand("MTK-3", (c) =>
      removeWhere(c, "/ip/firewall/filter", (r) => r.chain === "forward" && r.comment === "drop all"),
    );
    await outOfBand("MTK-2", async (c) => {
      const [template] = await c.run("/routing/ospf/interface-template", "print", {}, ["?interfaces=qsfp28-1-1"]);
      await c.run("/routing/ospf/interface-template", "set", { ".id": template[".id"], "auth-key": "changed-by-hand" });
    });
    await outOfBand("MTK-4", (c) =>
      removeWhere(
        c,
        "/interface/vxlan/vteps",
        (r) => r.interface === "vxlan111" && r["remote-ip"] === "192.168.254.12",
      ),
    );
    // Someone puts PVE-1's NIC to MTK-4 back to 1500 in PVE's network panel, and applies it.
    lab.cluster.networks.stage("PVE-1", "ens1f0", { type: "eth", delete: "mtu" });
    lab.cluster.networks.reload("PVE-1");
    // What a failed TCP probe heard (a timeout, or "No route to host" once ARP gave up) is the machine's timing.
    const all = failures(await verify(false)).map((line) => line.replace(/dropped \([^)]*\)/, "dropped"));
    // How far the two ospfds got before the MTU stopped them is their timing; the cause is not.
    const mtu = all.filter((line) => line.startsWith("OSPF adjacency Full: MTK-4 sfp28-1 → PVE-1 ens1f0: "));
    expect(mtu).to.have.length(1);
    expect(mtu[0]).to.match(/: not Full: .*; MTUs differ: MTK-4 sfp28-1 is at 9050, PVE-1 ens1f0 at 1500$/);
    // Without MTK-3's final drop a tenant's request reaches a node's API through MTK-3; whether the
    // answer makes it back depends on which router OSPF sends it through (the others drop answers
    // to requests they never saw), so which of these lines fail is the routes' choice.
    const tenantsToNodes = all.filter((line) => line.startsWith("Proxmox API dropped from the tenants"));
    for (const line of tenantsToNodes)
      expect(line).to.match(/: accepted, expected dropped; path: \S+ \(eth0\) → MTK-3 \(ether1\) → PVE-\d$/);
    const failed = all.filter((line) => !tenantsToNodes.includes(line) && !mtu.includes(line));
    const api = (router: string, address: string) =>
      `API reached from the operators' devices: varun-laptop-thinkpad 192.168.192.253 → ${router} ${address}:${lab.routers.router(router).port}: dropped, expected accepted; path: varun-laptop-thinkpad (eth0) → 192.168.192.3 (no namespace holds it)`;
    const service = (name: string, to: string) =>
      `${name} reached from the operators' devices: varun-laptop-thinkpad 192.168.192.253 → ${to}: dropped, expected accepted; path: varun-laptop-thinkpad (eth0) → 192.168.192.3 (no namespace holds it)`;
    expect(failed).to.deep.equal([
      "OSPF adjacency Full: MTK-1 qsfp28-2-1 → MTK-2 qsfp28-1-1: not Full: MTK-1 sees no neighbor, MTK-2 sees no neighbor; MD5 keys differ between MTK-1 qsfp28-2-1 and MTK-2 qsfp28-1-1",
      "gateway router reaches the VM over VXLAN: MTK-4 vbr111 192.168.111.3 → prod-sql14-1 (PVE-2): no answer: MTK-4 vxlan111 has no VTEP for PVE-2 192.168.254.12 (it floods to 192.168.254.3, 192.168.254.11, 192.168.254.13); path: MTK-4 (vbr111) → prod-sql14-1",
      // MTK-3 holds no address on the operators' network: replies to the laptop and its requests both
      // follow the managed routes via 192.168.192.3 into nothing, though OSPF finds MTK-4's way to it.
      "allowed tenant pair reaches: app: app-web-2 → ops: varun-laptop-thinkpad: app allows ops: no answer, expected an answer; path: app-web-2 (eth0) → MTK-3 (qsfp28-2-1) → MTK-4 (zerotier1) → varun-laptop-thinkpad; back: varun-laptop-thinkpad (eth0) → 192.168.192.3 (no namespace holds it)",
      "allowed tenant pair reaches: sql: prod-sql14-1 → ops: varun-laptop-thinkpad: sql allows ops: no answer, expected an answer; path: prod-sql14-1 (eth0) → MTK-3 (qsfp28-2-1) → MTK-4 (zerotier1) → varun-laptop-thinkpad; back: varun-laptop-thinkpad (eth0) → 192.168.192.3 (no namespace holds it)",
      "allowed tenant pair reaches: ops: varun-laptop-thinkpad → app: app-web-2: ops allows app: no answer, expected an answer; path: varun-laptop-thinkpad (eth0) → 192.168.192.3 (no namespace holds it); back: app-web-2 (eth0) → MTK-3 (qsfp28-2-1) → MTK-4 (zerotier1) → varun-laptop-thinkpad",
      "allowed tenant pair reaches: ops: varun-laptop-thinkpad → sql: prod-sql14-1: ops allows sql: no answer, expected an answer; path: varun-laptop-thinkpad (eth0) → 192.168.192.3 (no namespace holds it); back: prod-sql14-1 (eth0) → MTK-3 (qsfp28-2-1) → MTK-4 (zerotier1) → varun-laptop-thinkpad",
      // Without its final drop, MTK-3 lets the internet into every tenant it is a gateway of.
      "the internet does not reach into a tenant: internet 198.51.100.6 → app: app-web-2 192.168.110.12: routed in through MTK-3 sfp28-12 198.51.100.3: arrived from 198.51.100.6; path: internet (lan) → MTK-3 (vbr110) → app-web-2",
      "the internet does not reach into a tenant: internet 198.51.100.6 → sql: prod-sql14-1 192.168.111.52: routed in through MTK-3 sfp28-12 198.51.100.3: arrived from 198.51.100.6; path: internet (lan) → MTK-3 (vbr111) → prod-sql14-1",
      // And into the management network, to each node's vmbr0 and to the poller.
      ...["PVE-1 192.168.255.11", "PVE-2 192.168.255.12", "PVE-3 192.168.255.13", "librenms 192.168.255.10"].map(
        (host) =>
          `the internet does not reach the management network: internet 198.51.100.6 → management: ${host}: routed in through MTK-3 sfp28-12 198.51.100.3: arrived from 198.51.100.6; path: internet (lan) → MTK-3 (ether1) → ${host.split(" ")[0]}`,
      ),
      // The laptop's way to the management network is Central's route via MTK-3 too: no router's
      // API, no node's API and no LibreNMS answers it.
      api("MTK-1", "192.168.255.1"),
      api("MTK-2", "192.168.255.2"),
      api("MTK-3", "192.168.255.3"),
      api("MTK-4", "192.168.255.4"),
      ...["PVE-1 192.168.255.11", "PVE-2 192.168.255.12", "PVE-3 192.168.255.13"].map((node) =>
        service("Proxmox API", `${node}:8006`),
      ),
      service("LibreNMS", "librenms 192.168.255.10:80"),
    ]);
  });

  it("leaves no namespace or daemon behind", () => {
    expect(fs.statSync(privateFolder).mode & 0o777).to.equal(0o700);
    const dataPlane = new DataPlane(stateDir);
    const pidFiles = dataPlane.daemonPidFiles();
    // zebra and ospfd in each router and hypervisor, keepalived in each router with a gateway.
    expect(pidFiles.filter((file) => file.endsWith("/zebra.pid")).length).to.be.greaterThan(4);
    expect(pidFiles.filter((file) => file.endsWith("/keepalived.pid")).length).to.be.greaterThan(1);
    const pids = pidFiles.map((file) => Number(fs.readFileSync(file, "utf8")));
    dataPlane.destroy();
    const namespaces = fs.existsSync("/run/netns")
      ? fs.readdirSync("/run/netns").filter((n) => n.startsWith(prefix))
      : [];
    expect(namespaces).to.deep.equal([]);
    // A daemon's zombie waits for its reaper; only a process still running counts.
    const running = (pid: number) =>
      fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    expect(pids.filter(running)).to.deep.equal([]);
    expect(fs.existsSync(stateDir)).to.equal(false);
    fs.rmSync(privateFolder, { recursive: true, force: true });
  });
});
