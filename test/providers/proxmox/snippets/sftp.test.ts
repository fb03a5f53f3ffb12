import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { expect } from "chai";
import { freePort } from "../../../../lab/free-port";
import { type HypervisorSsh, SftpSession, sftpSessionTo } from "../../../../providers/proxmox/snippets/sftp-session";
import { SnippetFiles } from "../../../../providers/proxmox/snippets/snippet-files";
import { PlainSftpServer } from "./plain-sftp-server";
import { haveSshd, keyPair, TestSshd, withSshd } from "./sshd";

const fileName = "prod-sql14-1-user-data.yaml";
const hex = (text: string) => createHash("sha256").update(text).digest("hex");

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in 5s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe(withSshd("snippets over SFTP against OpenSSH's sshd"), function () {
  this.timeout(30_000);
  let server: TestSshd;
  let session: SftpSession;
  let files: SnippetFiles;

  const endpoint = (overrides: Partial<HypervisorSsh> = {}): HypervisorSsh => ({
    node: "PVE-2",
    host: "127.0.0.1",
    port: server.port,
    hostKey: server.hostKey.fingerprint,
    username: "root",
    privateKey: server.clientKey.privateKey,
    timeoutSeconds: 5,
    ...overrides,
  });
  const logins = () => server.log().match(/Accepted publickey for root/g)?.length ?? 0;
  const listing = () => fs.readdirSync(server.snippets).sort();
  const remote = (name = fileName) => path.join(server.snippets, name);

  before(async function () {
    if (!haveSshd) this.skip();
    server = new TestSshd();
    await server.start();
    session = await SftpSession.open(endpoint());
    files = new SnippetFiles("PVE-2", session, server.snippets);
  });

  after(async () => {
    session?.close();
    await server?.stop();
  });

  beforeEach(() => {
    for (const name of fs.readdirSync(server.snippets)) fs.rmSync(remote(name), { recursive: true });
  });

  describe("the snippets directory", () => {
    it("is on a server that offers posix-rename", () => {
      expect(session.offersPosixRename).to.equal(true);
    });

    it("gets a snippet readable by root only, with no temporary file left behind", async () => {
      await files.upload(fileName, "#cloud-config\nhostname: prod-sql14-1\n");
      expect(fs.readFileSync(remote(), "utf8")).to.equal("#cloud-config\nhostname: prod-sql14-1\n");
      expect(fs.statSync(remote()).mode & 0o777).to.equal(0o600);
      expect(listing()).to.deep.equal([fileName]);
    });

    it("replaces a snippet by renaming a whole new file over it", async () => {
      await files.upload(fileName, "first\n");
      const before = fs.statSync(remote()).ino;
      await files.upload(fileName, "second\n");
      expect(fs.readFileSync(remote(), "utf8")).to.equal("second\n");
      expect(fs.statSync(remote()).ino).not.to.equal(before);
      expect(listing()).to.deep.equal([fileName]);
    });

    it("leaves no temporary file behind when the rename fails", async () => {
      fs.mkdirSync(remote());
      fs.writeFileSync(path.join(remote(), "in-the-way"), "");
      const error = await rejection(files.upload(fileName, "first\n"));
      expect(error.message).to.match(
        new RegExp(`^PVE-2: rename ${server.snippets}/\\.${fileName}\\.[0-9a-f]{12}\\.tmp to ${remote()}: Failure$`),
      );
      expect(listing()).to.deep.equal([fileName]);
      expect(fs.readdirSync(remote())).to.deep.equal(["in-the-way"]);
      fs.rmSync(remote(), { recursive: true });
    });

    it("reads the SHA-256 of the snippet on the node, and none for a missing one", async () => {
      await files.upload(fileName, "first\n");
      expect(await files.sha256Of(fileName)).to.equal(hex("first\n"));
      fs.writeFileSync(remote(), "changed by hand\n");
      expect(await files.sha256Of(fileName)).to.equal(hex("changed by hand\n"));
      fs.rmSync(remote());
      expect(await files.sha256Of(fileName)).to.equal(undefined);
    });

    it("removes a snippet, and removing a missing one is no error", async () => {
      await files.upload(fileName, "first\n");
      await files.remove(fileName);
      expect(listing()).to.deep.equal([]);
      await files.remove(fileName);
      expect(listing()).to.deep.equal([]);
    });

    it("takes a snippet of exactly 1 MiB and refuses one byte more before writing anything", async () => {
      await files.upload(fileName, "x".repeat(1024 * 1024));
      expect(fs.statSync(remote()).size).to.equal(1048576);
      const error = await rejection(files.upload(fileName, "y".repeat(1024 * 1024 + 1)));
      expect(error.message).to.equal(
        `snippet ${fileName} on PVE-2 is 1048577 bytes; Proxmox reads snippets of at most 1048576 bytes (1 MiB)`,
      );
      expect(listing()).to.deep.equal([fileName]);
      expect(fs.readFileSync(remote(), "utf8")).to.equal("x".repeat(1024 * 1024));
    });

    it("counts the 1 MiB in bytes of UTF-8, not in characters", async () => {
      const error = await rejection(files.upload(fileName, "é".repeat(512 * 1024 + 1)));
      expect(error.message).to.equal(
        `snippet ${fileName} on PVE-2 is 1048578 bytes; Proxmox reads snippets of at most 1048576 bytes (1 MiB)`,
      );
      expect(listing()).to.deep.equal([]);
    });

    it("refuses a file name that would leave the snippets directory", async () => {
      const error = await rejection(files.upload("../prod-sql14-1-user-data.yaml", "x"));
      expect(error.message).to.equal(
        `snippet file name "../prod-sql14-1-user-data.yaml" must be letters, digits, '.', '_' or '-', starting with a letter or digit`,
      );
    });
  });

  describe("the connection", () => {
    it("refuses a host key other than the pinned one, before any authentication", async () => {
      const logged = server.log().length;
      const pinned = `SHA256:${"A".repeat(43)}`;
      const error = await rejection(SftpSession.open(endpoint({ hostKey: pinned })));
      expect(error.message).to.equal(
        `PVE-2: host key mismatch at 127.0.0.1:${server.port}: the stack pins ${pinned} (sshHostKey), the server presented ${server.hostKey.fingerprint}; not logging in`,
      );
      await until(() => /\[preauth\]/.test(server.log().slice(logged)));
      expect(server.log().slice(logged)).not.to.match(/publickey|Accepted|Failed|authenticat/i);
    });

    it("names the node when its key is refused", async () => {
      const stranger = keyPair(server.directory, "stranger_ed25519");
      const error = await rejection(SftpSession.open(endpoint({ privateKey: stranger.privateKey })));
      expect(error.message).to.equal(
        `PVE-2: cannot connect to 127.0.0.1:${server.port} as root: All configured authentication methods failed`,
      );
    });

    it("names the node when nothing listens", async () => {
      const port = await freePort();
      const error = await rejection(SftpSession.open(endpoint({ port })));
      expect(error.message).to.equal(
        `PVE-2: cannot connect to 127.0.0.1:${port} as root: connect ECONNREFUSED 127.0.0.1:${port}`,
      );
    });

    it("gives up on a server that never says a word", async () => {
      const silent = net.createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      const { port } = silent.address() as net.AddressInfo;
      try {
        const error = await rejection(SftpSession.open(endpoint({ port, timeoutSeconds: 1 })));
        expect(error.message).to.equal(
          `PVE-2: cannot connect to 127.0.0.1:${port} as root: Timed out while waiting for handshake`,
        );
      } finally {
        silent.close();
      }
    });

    it("names the node when the private key cannot be read", async () => {
      const error = await rejection(SftpSession.open(endpoint({ privateKey: "not a key" })));
      expect(error.message).to.equal(
        "PVE-2: cannot use the SSH private key: Cannot parse privateKey: Unsupported key format",
      );
    });

    it("keeps one connection per node, and opens a new one once it has closed", async () => {
      const before = logins();
      const [first, again] = await Promise.all([sftpSessionTo(endpoint()), sftpSessionTo(endpoint())]);
      expect(again).to.equal(first);
      expect(await sftpSessionTo(endpoint())).to.equal(first);
      expect(logins()).to.equal(before + 1);
      first.close();
      const next = await sftpSessionTo(endpoint());
      expect(next).not.to.equal(first);
      expect(logins()).to.equal(before + 2);
      next.close();
    });
  });
});

describe("snippets over SFTP against a server without OpenSSH's extensions", function () {
  this.timeout(30_000);
  let server: PlainSftpServer;
  let client: ReturnType<typeof keyPair>;
  let session: SftpSession;
  const endpoint = (): HypervisorSsh => ({
    node: "PVE-3",
    host: "127.0.0.1",
    port: server.port,
    hostKey: server.hostKey.fingerprint,
    username: "root",
    privateKey: client.privateKey,
    timeoutSeconds: 2,
  });
  const requests = () => server.requests.map((request) => request.replace(/\.[0-9a-f]{12}\.tmp/g, ".*.tmp"));

  before(async () => {
    server = new PlainSftpServer();
    client = keyPair(server.directory, "client_ed25519");
    await server.start();
    fs.mkdirSync(path.join(server.directory, "snippets"));
    session = await SftpSession.open(endpoint());
  });

  after(async () => {
    session?.close();
    await server?.stop();
  });

  it("removes the old snippet and renames the new one into place", async () => {
    const files = new SnippetFiles("PVE-3", session, path.join(server.directory, "snippets"));
    expect(session.offersPosixRename).to.equal(false);
    await files.upload("win-app-1-user-data.yaml", "first\n");
    await files.upload("win-app-1-user-data.yaml", "second\n");
    expect(requests()).to.deep.equal([
      "open .win-app-1-user-data.yaml.*.tmp wx 600",
      "remove win-app-1-user-data.yaml",
      "rename .win-app-1-user-data.yaml.*.tmp win-app-1-user-data.yaml",
      "open .win-app-1-user-data.yaml.*.tmp wx 600",
      "remove win-app-1-user-data.yaml",
      "rename .win-app-1-user-data.yaml.*.tmp win-app-1-user-data.yaml",
    ]);
    expect(fs.readdirSync(path.join(server.directory, "snippets"))).to.deep.equal(["win-app-1-user-data.yaml"]);
    expect(fs.readFileSync(path.join(server.directory, "snippets", "win-app-1-user-data.yaml"), "utf8")).to.equal(
      "second\n",
    );
  });

  it("gives up on a request the server never answers, and closes the session", async () => {
    const hung = await SftpSession.open(endpoint());
    const files = new SnippetFiles("PVE-3", hung, path.join(server.directory, "snippets"));
    server.unanswered.add("remove");
    try {
      const error = await rejection(files.remove("win-app-1-user-data.yaml"));
      expect(error.message).to.equal(
        `PVE-3: remove ${path.join(server.directory, "snippets", "win-app-1-user-data.yaml")}: no answer in 2s`,
      );
      await until(() => server.clients === 1);
    } finally {
      server.unanswered.clear();
    }
  });
});
