import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { Client, type SFTPWrapper } from "ssh2";
import { ProxmoxLab } from "../../../lab/proxmox/lab";
import { generateEd25519Key } from "../../../lab/proxmox/openssh-key";
import { labForSuite, NODES, TOKEN } from "./helpers";

const operator = generateEd25519Key("operator@budgetcloud");
const stranger = generateEd25519Key("stranger@elsewhere");

/** `SHA256:…` of the key the server presented, as a client pinning it computes. */
const fingerprintOf = (key: Buffer) => `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;

async function connect(lab: ProxmoxLab, node: string, privateKey = operator.private) {
  const client = new Client();
  let presented = "";
  await new Promise<void>((resolve, reject) => {
    client.once("ready", () => resolve());
    client.once("error", reject);
    client.connect({
      host: "127.0.0.1",
      port: lab.sshPort(node),
      username: "root",
      privateKey,
      hostVerifier: (key: Buffer) => {
        presented = fingerprintOf(key);
        return presented === lab.sshHostKeyFingerprint(node);
      },
    });
  });
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
    client.sftp((error, session) => (error ? reject(error) : resolve(session))),
  );
  return { client, sftp, presented };
}

const promise = <T>(run: (done: (error: Error | null | undefined, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));

const codeOf = (work: Promise<unknown>) =>
  work.then(
    () => "ok",
    (error: { code?: number }) => error.code,
  );

describe("Proxmox emulator: each node's SSH/SFTP side", () => {
  const lab = labForSuite({ sshAuthorizedKeys: [operator.public] });
  let session: Awaited<ReturnType<typeof connect>> | undefined;
  afterEach(() => session?.client.end());

  it("presents a fixed ED25519 host key per node whose fingerprint reads as ssh-keygen -lf prints it", async () => {
    session = await connect(lab(), "PVE-2");
    expect(session.presented).to.equal(lab().sshHostKeyFingerprint("PVE-2"));
    expect(lab().sshHostKeyFingerprint("PVE-2")).to.match(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pve-lab-key-"));
    fs.writeFileSync(path.join(dir, "host.pub"), `${lab().sshHostPublicKey("PVE-2")}\n`);
    const listed = execFileSync("ssh-keygen", ["-lf", path.join(dir, "host.pub")]).toString();
    fs.rmSync(dir, { recursive: true });
    expect(listed.split(" ")[1]).to.equal(lab().sshHostKeyFingerprint("PVE-2"));
    expect(new Set(NODES.map((node) => lab().sshHostKeyFingerprint(node))).size).to.equal(3);
  });

  it("refuses a key that is not authorized", async () => {
    const refused = await connect(lab(), "PVE-1", stranger.private).then(
      () => "logged in",
      (error: Error) => error.message,
    );
    expect(refused).to.equal("All configured authentication methods failed");
  });

  it("uploads into /var/lib/vz/snippets, renames, stats, lists and removes", async () => {
    session = await connect(lab(), "PVE-3");
    const { sftp } = session;
    const dir = "/var/lib/vz/snippets";
    await promise<void>((done) => sftp.writeFile(`${dir}/.app-1.yaml.tmp`, "#cloud-config\nhostname: app-1\n", done));
    await promise<void>((done) => sftp.rename(`${dir}/.app-1.yaml.tmp`, `${dir}/app-1.yaml`, done));
    const onDisk = path.join(lab().snippetsDir("PVE-3"), "app-1.yaml");
    expect(fs.readFileSync(onDisk, "utf8")).to.equal("#cloud-config\nhostname: app-1\n");
    const stat = await promise<{ size: number }>((done) => sftp.stat(`${dir}/app-1.yaml`, done));
    expect(stat.size).to.equal(30);
    const names = await promise<{ filename: string }[]>((done) => sftp.readdir(dir, done));
    expect(names.map((n) => n.filename)).to.deep.equal(["app-1.yaml"]);
    expect(await promise<string>((done) => sftp.realpath("../var/lib/vz/snippets/./app-1.yaml", done))).to.equal(
      `${dir}/app-1.yaml`,
    );
    const read = await promise<Buffer>((done) => sftp.readFile(`${dir}/app-1.yaml`, done));
    expect(read.toString()).to.equal("#cloud-config\nhostname: app-1\n");
    await promise<void>((done) => sftp.unlink(`${dir}/app-1.yaml`, done));
    expect(fs.existsSync(onDisk)).to.equal(false);
    expect(fs.existsSync(path.join(lab().snippetsDir("PVE-1"), "app-1.yaml"))).to.equal(false);
  });

  it("refuses a rename onto an existing file, as OpenSSH's sftp-server does", async () => {
    session = await connect(lab(), "PVE-1");
    const { sftp } = session;
    const dir = "/var/lib/vz/snippets";
    await promise<void>((done) => sftp.writeFile(`${dir}/a.yaml`, "a", done));
    await promise<void>((done) => sftp.writeFile(`${dir}/b.yaml`, "b", done));
    expect(await codeOf(promise<void>((done) => sftp.rename(`${dir}/a.yaml`, `${dir}/b.yaml`, done)))).to.equal(4);
    expect(await codeOf(promise<void>((done) => sftp.rename(`${dir}/none.yaml`, `${dir}/c.yaml`, done)))).to.equal(2);
  });

  it("refuses paths outside the snippets directory", async () => {
    session = await connect(lab(), "PVE-1");
    const { sftp } = session;
    for (const outside of ["/etc/passwd", "/var/lib/vz/snippets/../images/x", "notes.txt"]) {
      expect(await codeOf(promise<void>((done) => sftp.writeFile(outside, "x", done)))).to.equal(3);
    }
    expect(await codeOf(promise((done) => sftp.readdir("/root", done)))).to.equal(3);
    const parent = await promise<{ isDirectory(): boolean }>((done) => sftp.stat("/var/lib/vz", done));
    expect(parent.isDirectory()).to.equal(true);
  });

  it("keeps host keys, certificate and snippets in a state directory across restarts", async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pve-lab-state-"));
    const options = { nodes: ["PVE-1"], port: 0, tokens: [TOKEN], stateDir };
    const first = new ProxmoxLab(options);
    const fingerprints = [first.sshHostKeyFingerprint("PVE-1"), first.certificate.fingerprint];
    fs.writeFileSync(path.join(first.snippetsDir("PVE-1"), "kept.yaml"), "x");
    const second = new ProxmoxLab(options);
    expect([second.sshHostKeyFingerprint("PVE-1"), second.certificate.fingerprint]).to.deep.equal(fingerprints);
    expect(fs.readdirSync(second.snippetsDir("PVE-1"))).to.deep.equal(["kept.yaml"]);
    fs.rmSync(stateDir, { recursive: true });
  });
});
