import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import {
  LAB_LIBRENMS_READ_TOKEN,
  LAB_PASSWORD,
  LAB_PROXMOX_TOKEN,
  LAB_ZEROTIER_TOKEN,
  LabUnderTest,
} from "../../lab/lab-under-test";

const root = path.resolve(__dirname, "../..");

// The lab stack as a least-privilege stack holds it: its own credentials only read (a RouterOS user
// of the read group, a Proxmox token with the read privileges, a global-read LibreNMS token); the
// write set comes from an up job's environment, as LabUnderTest's runs hold it by default.
describe("least privilege: previews and refreshes on the stack's read-only credentials", function () {
  this.timeout(600_000);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-least-privilege-"));
  const stackFile = path.join(dir, "Pulumi.lab.yaml");
  fs.writeFileSync(
    stackFile,
    fs
      .readFileSync(path.join(root, "Pulumi.lab.yaml"), "utf8")
      .replace("    username: budgetcloud\n", "    username: budgetcloud-read\n")
      .replace("    tokenId: budgetcloud@pve!pulumi\n", "    tokenId: budgetcloud@pve!preview\n"),
  );
  const lab = new LabUnderTest(stackFile);

  before(async () => {
    await lab.start();
    await lab.stack.setConfig("budgetcloud:librenmsToken", { value: LAB_LIBRENMS_READ_TOKEN, secret: true });
    await lab.stack.up();
  });
  after(async () => {
    await lab.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("previews clean and refreshes without a change, holding no write credential", async () => {
    lab.holdWriteCredentials(false);
    expect(
      Object.keys(lab.stack.workspace.envVars).filter((name) => name.startsWith("BUDGETCLOUD_WRITE_")),
    ).to.deep.equal([]);
    expect(lab.stack.workspace.envVars.PROXMOX_VE_API_TOKEN).to.match(/^budgetcloud@pve!preview=/);
    expect(Object.keys((await lab.stack.preview()).changeSummary)).to.deep.equal(["same"]);
    const refresh = await lab.stack.refresh();
    expect(Object.keys(refresh.summary.resourceChanges ?? {})).to.deep.equal(["same"]);
    expect(Object.keys((await lab.stack.preview()).changeSummary)).to.deep.equal(["same"]);
  });

  it("has make lab-status read every device with the read set alone", async () => {
    const out = fs.mkdtempSync(path.join(dir, "status-"));
    // Not a synchronous child: the emulators answer from this process.
    const { stdout: printed } = await promisify(execFile)(
      process.execPath,
      [
        "-r",
        "sucrase/register/ts",
        "tools/lab-status/main.ts",
        "--stack-file",
        lab.stackFile,
        "--diagram-dir",
        out,
        "--backup-dir",
        out,
      ],
      {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          LAB_ROUTER_PASSWORD: LAB_PASSWORD,
          LAB_PROXMOX_TOKEN,
          LAB_ZEROTIER_TOKEN,
          LAB_LIBRENMS_TOKEN: LAB_LIBRENMS_READ_TOKEN,
        },
      },
    );
    // Each router as its menus print it to the read user; each section read, none refused.
    for (const router of ["MTK-1", "MTK-2", "MTK-3", "MTK-4"]) {
      expect(printed).to.include(
        `# ${router}: as its menus print it (the user budgetcloud-read may not write the file /export goes through)`,
      );
    }
    expect(printed).to.match(/^\/ip\/address address=192\.168\.255\.1\/24 interface=ether1 /m);
    expect(printed).to.include("# PVE-2, Proxmox VE at");
    expect(printed).to.match(/^\d+\tprod-sql14-1\trunning/m);
    expect(printed).to.include("# ZeroTier network");
    // A section that could not be read says so on a line of its own, as "# LibreNMS: 403 …".
    const unread = printed
      .split("\n")
      .filter(
        (line) =>
          /^# (Proxmox VE|ZeroTier Central|LibreNMS|Topology): /.test(line) ||
          (/^# MTK-\d: /.test(line) && !line.includes("as its menus print it")),
      );
    expect(unread).to.deep.equal([]);
  });

  it("refuses an up that holds only the read set, naming what an up takes, and the router keeps its config", async () => {
    lab.holdWriteCredentials(false);
    const before = lab.routers.router("MTK-1").print("interface/ethernet");
    lab.editStackFile((text) =>
      text.replace(
        "{ name: ether1, comment: Management, address: 192.168.255.1/24 }",
        "{ name: ether1, comment: Management port, address: 192.168.255.1/24 }",
      ),
    );
    const refused = await lab.stack.up().then(
      () => "applied",
      (error: Error) => error.message,
    );
    const said = refused.split("\n").find((line) => line.includes("not enough permissions")) ?? refused.slice(-3000);
    // Safe mode is the first thing an up asks of a router it changes.
    expect(said.trim()).to.match(
      /MTK-1 \/safe-mode\/take: not enough permissions \(9\): this run holds the stack's own credentials, which may only read; an up takes the write credentials from BUDGETCLOUD_WRITE_ROUTER_USERNAME and BUDGETCLOUD_WRITE_ROUTER_PASSWORD$/,
    );
    expect(lab.routers.router("MTK-1").print("interface/ethernet")).to.deep.equal(before);
    // The up job's write set applies it.
    lab.holdWriteCredentials(true);
    await lab.stack.up();
    const ether1 = lab.routers
      .router("MTK-1")
      .print("interface/ethernet")
      .find((row) => row.name === "ether1");
    expect(ether1?.comment).to.equal("Management port");
  });
});
