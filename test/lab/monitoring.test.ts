import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { LAB_LIBRENMS_TOKEN, LAB_SNMP_PASSWORDS, LabUnderTest } from "../../lab/lab-under-test";
import { plannedSteps } from "../../lab/planned-steps";

const POLLER = "192.168.255.10";

// The lab stack's monitoring through the real engine: the routers' SNMP agents on the emulated
// routers, every device in the lab's LibreNMS.
describe("the lab stack's monitoring, end to end", function () {
  this.timeout(600_000);
  const lab = new LabUnderTest();
  const librenms = () => {
    if (!lab.librenms) throw new Error("the lab stack is not monitored");
    return lab.librenms.librenms;
  };
  const deviceNamed = (display: string) =>
    librenms()
      .listDevices()
      .find((d) => d.display === display);
  let output = "";
  const collect = { onOutput: (text: string) => (output += text) };

  before(async () => {
    await lab.start();
    await lab.stack.up(collect);
  });
  after(() => lab.stop());

  it("registers every router, hypervisor and VM, polled over SNMPv3 with the stack's user", () => {
    const devices = librenms().listDevices();
    expect(devices.map((d) => `${d.display} ${d.hostname}`)).to.have.members([
      "MTK-1 192.168.255.1",
      "MTK-2 192.168.255.2",
      "MTK-3 192.168.255.3",
      "MTK-4 192.168.255.4",
      // The lab's hypervisors at their managementAddress, their vmbr0 on the management network.
      "PVE-1 192.168.255.11",
      "PVE-2 192.168.255.12",
      "PVE-3 192.168.255.13",
      "prod-sql14-1 192.168.111.52",
      "app-web-1 192.168.110.11",
      "app-web-2 192.168.110.12",
    ]);
    for (const device of devices) {
      expect(device, String(device.display)).to.deep.include({
        snmpver: "v3",
        authlevel: "authPriv",
        authname: "librenms",
        authpass: LAB_SNMP_PASSWORDS.auth,
        authalgo: "SHA",
        cryptopass: LAB_SNMP_PASSWORDS.priv,
        cryptoalgo: "AES",
        port: 161,
        transport: "udp",
        location: "Lab",
        snmp_disable: 0,
      });
    }
  });

  it("groups them by role and by tenant", () => {
    const members = (group: string) =>
      [...librenms().group(group).devices].map((id) => librenms().device(String(id)).display).sort();
    expect(
      librenms()
        .listGroups()
        .map((g) => `${g.name}: ${g.desc} (${g.type})`),
    ).to.have.members([
      "lab-routers: lab: the routers (static)",
      "lab-hypervisors: lab: the hypervisors (static)",
      "lab-vms-sql: lab: the VMs of tenant sql (static)",
      "lab-vms-app: lab: the VMs of tenant app (static)",
    ]);
    expect(members("lab-routers")).to.deep.equal(["MTK-1", "MTK-2", "MTK-3", "MTK-4"]);
    expect(members("lab-hypervisors")).to.deep.equal(["PVE-1", "PVE-2", "PVE-3"]);
    expect(members("lab-vms-app")).to.deep.equal(["app-web-1", "app-web-2"]);
    expect(members("lab-vms-sql")).to.deep.equal(["prod-sql14-1"]);
  });

  it("turns each router's SNMP agent on, with the user only the poller may use, and lets the poller in", () => {
    const router = lab.routers.router("MTK-3");
    expect(router.print("snmp")[0]).to.deep.include({
      enabled: "true",
      contact: "noc@transnomis.com",
      location: "Lab",
      "trap-target": POLLER,
      "trap-community": "librenms",
      "trap-version": "3",
    });
    expect(router.print("snmp/community").map((c) => c.name)).to.deep.equal(["public", "librenms"]);
    expect(router.print("snmp/community")[1]).to.deep.include({
      addresses: `${POLLER}/32`,
      security: "private",
      "authentication-protocol": "SHA1",
      "encryption-protocol": "AES",
      "authentication-password": LAB_SNMP_PASSWORDS.auth,
      "encryption-password": LAB_SNMP_PASSWORDS.priv,
      "read-access": "true",
      "write-access": "false",
    });
    const input = router.print("ip/firewall/filter").filter((r) => r.chain === "input");
    const snmp = input.findIndex((r) => r.comment === "SNMP poller");
    expect(input[snmp]).to.deep.include({
      action: "accept",
      protocol: "udp",
      "src-address": POLLER,
      "dst-port": "161",
    });
    expect(snmp).to.be.lessThan(input.findIndex((r) => r.comment === "drop all"));
    const forward = router.print("ip/firewall/filter").filter((r) => r.chain === "forward");
    expect(forward.filter((r) => r.comment?.startsWith("SNMP poller")).map((r) => r["dst-address"])).to.deep.equal([
      "192.168.110.0/24",
      "192.168.111.0/24",
    ]);
  });

  it("changes nothing on a second up", async () => {
    expect(await plannedSteps(lab, "preview")).to.deep.equal({});
  });

  it("keeps the SNMP passwords and LibreNMS's token out of the state and the output", async () => {
    // The state file itself, as the backend holds it: the automation API's export shows secrets.
    const state = fs.readFileSync(
      path.join(new URL(lab.backendUrl).pathname, ".pulumi/stacks/budgetcloud/lab.json"),
      "utf8",
    );
    expect(state).to.include("dynamic/librenms:Device");
    const { stdout } = await lab.stack.preview({ diff: true });
    for (const secret of [LAB_SNMP_PASSWORDS.auth, LAB_SNMP_PASSWORDS.priv, LAB_LIBRENMS_TOKEN]) {
      expect(state, "state").not.to.include(secret);
      expect(output, "up").not.to.include(secret);
      expect(stdout, "preview --diff").not.to.include(secret);
    }
  });

  it("finds a device changed in LibreNMS by hand, and puts it back", async () => {
    const mtk1 = deviceNamed("MTK-1");
    librenms().updateDevice(String(mtk1?.device_id), { field: ["display", "authpass"], data: ["edge-1", "guessed"] });
    expect(await plannedSteps(lab, "refresh")).to.deep.include({ "lab-monitoring-MTK-1": "update" });
    await lab.stack.up({ refresh: true });
    expect(librenms().device(String(mtk1?.device_id))).to.deep.include({
      display: "MTK-1",
      authpass: LAB_SNMP_PASSWORDS.auth,
    });
  });

  it("removes a VM's device, and takes it out of its group, when the VM leaves the stack", async () => {
    lab.editStackFile((text) => text.replace(/ {4}- name: app-web-2\n(?: {6}.*\n)+/, ""));
    await lab.stack.up();
    expect(deviceNamed("app-web-2")).to.equal(undefined);
    expect(
      [...librenms().group("lab-vms-app").devices].map((id) => librenms().device(String(id)).display),
    ).to.deep.equal(["app-web-1"]);
  });

  it("changes the SNMPv3 passwords everywhere they are held, after stopping at a wrong token", async () => {
    const rotated = "lab-snmp-auth-0001";
    await lab.stack.setConfig("budgetcloud:snmpAuthPassword", { value: rotated, secret: true });
    // The up job's write token is the wrong one.
    const { envVars } = lab.stack.workspace;
    envVars.BUDGETCLOUD_WRITE_LIBRENMS_TOKEN = "a-wrong-librenms-token";
    let said = "";
    try {
      const failed = await lab.stack.up({ onOutput: (text) => (said += text) }).then(
        () => false,
        () => true,
      );
      expect(failed).to.equal(true);
    } finally {
      envVars.BUDGETCLOUD_WRITE_LIBRENMS_TOKEN = LAB_LIBRENMS_TOKEN;
    }
    // Whichever device's change is sent first fails: a hypervisor's or a VM's need not wait for a router.
    expect(said).to.match(/LibreNMS: change device [\w-]+ \(192\.168\.\d+\.\d+, id \d+\): 401 Unauthenticated\./);
    for (const secret of ["a-wrong-librenms-token", rotated]) expect(said).not.to.include(secret);

    await lab.stack.up();
    for (const device of librenms().listDevices()) expect(device.authpass, String(device.display)).to.equal(rotated);
    for (const router of lab.routers.all())
      expect(router.print("snmp/community")[1]).to.deep.include({ "authentication-password": rotated });
    expect(await plannedSteps(lab, "preview")).to.deep.equal({});
  });

  it("leaves LibreNMS empty, and each router's agent as it came, on destroy", async () => {
    await lab.stack.destroy();
    expect(librenms().listDevices()).to.deep.equal([]);
    expect(librenms().listGroups()).to.deep.equal([]);
    const router = lab.routers.router("MTK-1");
    expect(router.print("snmp")[0]).to.deep.include({
      enabled: "false",
      "trap-community": "public",
      "trap-target": "",
    });
    expect(router.print("snmp/community").map((c) => c.name)).to.deep.equal(["public"]);
  });
});
