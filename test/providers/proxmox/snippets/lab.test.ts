import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { generateHostKey, SNIPPETS_PATH, SshNode } from "../../../../lab/proxmox/ssh";
import { SftpSession } from "../../../../providers/proxmox/snippets/sftp-session";
import { SnippetFiles } from "../../../../providers/proxmox/snippets/snippet-files";
import { keyPair } from "./sshd";

const fileName = "prod-sql14-1-user-data.yaml";
const hex = (text: string) => createHash("sha256").update(text).digest("hex");

// The lab's Proxmox nodes speak SSH through their own server, which `make lab` points the stack's
// snippets at: the same client has to work there as on a real node.
describe("snippets against the lab's Proxmox node SSH server", function () {
  this.timeout(30_000);
  let directory: string;
  let node: SshNode;
  let session: SftpSession;
  let files: SnippetFiles;
  let hostKey: string;
  const log: string[] = [];
  const onNode = (name = fileName) => path.join(directory, "snippets", name);

  before(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-lab-ssh-"));
    const client = keyPair(directory, "client_ed25519");
    node = new SshNode({
      node: "PVE-2",
      host: "127.0.0.1",
      port: 0,
      hostKey: generateHostKey("root@PVE-2").private,
      authorizedKeys: [client.publicKey],
      snippetsDir: path.join(directory, "snippets"),
      log: (line) => log.push(line),
    });
    await node.start();
    hostKey = node.hostKeyFingerprint;
    session = await SftpSession.open({
      node: "PVE-2",
      host: "127.0.0.1",
      port: node.port,
      hostKey,
      username: "root",
      privateKey: client.privateKey,
      timeoutSeconds: 5,
    });
    files = new SnippetFiles("PVE-2", session, SNIPPETS_PATH);
  });

  after(async () => {
    session?.close();
    await node?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("logs in once, and uploads and replaces a snippet in /var/lib/vz/snippets", async () => {
    await files.upload(fileName, "first\n");
    await files.upload(fileName, "second\n");
    expect(fs.readFileSync(onNode(), "utf8")).to.equal("second\n");
    expect(fs.readdirSync(path.join(directory, "snippets"))).to.deep.equal([fileName]);
    expect(log.filter((line) => /login|remove/.test(line))).to.deep.equal([
      "PVE-2: ssh login as root",
      `PVE-2: sftp remove ${SNIPPETS_PATH}/${fileName}`,
    ]);
  });

  it("reads the snippet's hash, changed or missing", async () => {
    expect(await files.sha256Of(fileName)).to.equal(hex("second\n"));
    fs.writeFileSync(onNode(), "changed by hand\n");
    expect(await files.sha256Of(fileName)).to.equal(hex("changed by hand\n"));
    fs.rmSync(onNode());
    expect(await files.sha256Of(fileName)).to.equal(undefined);
  });

  it("removes a snippet, and a missing one is no error", async () => {
    await files.upload(fileName, "first\n");
    await files.remove(fileName);
    await files.remove(fileName);
    expect(fs.readdirSync(path.join(directory, "snippets"))).to.deep.equal([]);
  });

  it("is refused by a node whose host key is not the pinned one", async () => {
    const pinned = `SHA256:${"B".repeat(43)}`;
    let message = "";
    await SftpSession.open({
      node: "PVE-2",
      host: "127.0.0.1",
      port: node.port,
      hostKey: pinned,
      username: "root",
      privateKey: keyPair(directory, "other_ed25519").privateKey,
      timeoutSeconds: 5,
    }).catch((error: Error) => {
      message = error.message;
    });
    expect(message).to.equal(
      `PVE-2: host key mismatch at 127.0.0.1:${node.port}: the stack pins ${pinned} (sshHostKey), the server presented ${hostKey}; not logging in`,
    );
  });
});
