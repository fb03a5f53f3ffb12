import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import { renderLinuxUserData } from "../../../../providers/proxmox/snippets/render";
import { haveSshd, TestSshd, withSshd } from "./sshd";

const stackName = "snippets";
const fixture = path.join(__dirname, "fixture");

/** What the fixture renders, for the keys given. */
const userData = (apiKey: string, connectKey: string) =>
  renderLinuxUserData({
    hostname: "prod-sql14-1",
    domain: "transnomis.com",
    timezone: "America/Toronto",
    users: [],
    jumpcloud: { apiKey, connectKey, systemGroupId: "5f3e2a1b0c9d8e7f6a5b4c3d" },
  });
const hex = (text: string) => createHash("sha256").update(text).digest("hex");

// A snippet through the real engine: the dynamic provider is serialized into the state, run in its
// own process with the stack config, and uploads over SFTP to a real sshd.
describe(withSshd("a snippet through the real engine"), function () {
  this.timeout(300_000);

  const apiKey = "jc-api-key-that-must-stay-encrypted-0001";
  const connectKey = "jc-connect-key-that-must-stay-encrypted-1";
  let sshd: TestSshd;
  let backend: string;
  let stack: Stack;
  let remote: string;

  const state = () =>
    fs.readFileSync(path.join(backend, ".pulumi", "stacks", "proxmox-snippets", `${stackName}.json`), "utf8");

  before(async function () {
    if (!haveSshd) this.skip();
    sshd = new TestSshd();
    await sshd.start();
    remote = path.join(sshd.snippets, "prod-sql14-1-user-data.yaml");
    backend = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-snippets-"));
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName, workDir: fixture },
      { envVars: { PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "snippets-test" } },
    );
    const pve2 = {
      name: "PVE-2",
      host: "127.0.0.1",
      loopback: "192.168.254.12/32",
      sshHostKey: sshd.hostKey.fingerprint,
      sshPort: sshd.port,
    };
    await stack.setAllConfig({
      "budgetcloud:hypervisors": { value: JSON.stringify([pve2]) },
      "budgetcloud:proxmox": {
        value: JSON.stringify({
          endpoint: "https://127.0.0.1:8006",
          tokenId: "budgetcloud@pve!pulumi",
          snippetsPath: sshd.snippets,
        }),
      },
      "budgetcloud:snippetsSshKey": { value: sshd.clientKey.privateKey, secret: true },
      "budgetcloud:jumpcloudApiKey": { value: apiKey, secret: true },
      "budgetcloud:jumpcloudConnectKey": { value: connectKey, secret: true },
    });
  });

  after(async () => {
    await stack?.workspace.removeStack(stackName, { force: true });
    if (backend) fs.rmSync(backend, { recursive: true, force: true });
    fs.rmSync(path.join(fixture, `Pulumi.${stackName}.yaml`), { force: true });
    await sshd?.stop();
  });

  it("uploads the rendered user-data and answers with its volume and hash", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ create: 2 });
    expect(fs.readFileSync(remote, "utf8")).to.equal(userData(apiKey, connectKey));
    expect(fs.statSync(remote).mode & 0o777).to.equal(0o600);
    expect(fs.readdirSync(sshd.snippets)).to.deep.equal(["prod-sql14-1-user-data.yaml"]);
    expect(up.outputs.volume.value).to.equal("local:snippets/prod-sql14-1-user-data.yaml");
    expect(up.outputs.path.value).to.equal(remote);
    expect(up.outputs.sha256.value).to.equal(hex(userData(apiKey, connectKey)));
  });

  it("keeps the keys, the content and the SSH key out of the state in plain text", () => {
    const text = state();
    expect(text).to.include("local:snippets/prod-sql14-1-user-data.yaml");
    expect(text).not.to.include(apiKey);
    expect(text).not.to.include(connectKey);
    expect(text).not.to.include("jc_register");
    expect(text).not.to.include(sshd.clientKey.privateKey.split("\n")[1]);
  });

  it("changes nothing, and uploads nothing, on a second up", async () => {
    const inode = fs.statSync(remote).ino;
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ same: 2 });
    expect(fs.statSync(remote).ino).to.equal(inode);
  });

  it("sees the snippet changed on the node out of band, and puts it back", async () => {
    fs.writeFileSync(remote, "#cloud-config\nruncmd: [reboot]\n");
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).to.deep.equal({ same: 1, update: 1 });
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ same: 1, update: 1 });
    expect(fs.readFileSync(remote, "utf8")).to.equal(userData(apiKey, connectKey));
  });

  it("sees the snippet deleted on the node out of band, and puts it back", async () => {
    fs.rmSync(remote);
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).to.deep.equal({ same: 1, delete: 1 });
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ same: 1, create: 1 });
    expect(fs.readFileSync(remote, "utf8")).to.equal(userData(apiKey, connectKey));
  });

  it("uploads again in place when a key changes, still keeping it out of the state", async () => {
    const rotated = "jc-api-key-rotated-and-still-encrypted-02";
    await stack.setConfig("budgetcloud:jumpcloudApiKey", { value: rotated, secret: true });
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ same: 1, update: 1 });
    expect(fs.readFileSync(remote, "utf8")).to.equal(userData(rotated, connectKey));
    expect(up.outputs.sha256.value).to.equal(hex(userData(rotated, connectKey)));
    expect(state()).not.to.include(rotated);
  });

  it("removes the file on destroy", async () => {
    const destroy = await stack.destroy();
    expect(destroy.summary.resourceChanges).to.deep.equal({ delete: 2 });
    expect(fs.readdirSync(sshd.snippets)).to.deep.equal([]);
  });
});
