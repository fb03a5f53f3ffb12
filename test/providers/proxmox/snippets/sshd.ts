import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { freePort } from "../../../../lab/free-port";

export const sshdPath = "/usr/sbin/sshd";
export const haveSshd = fs.existsSync(sshdPath);
/** For a suite's title, so that a run without sshd says why it skipped. */
export const withSshd = (title: string) =>
  haveSshd ? title : `${title} (skipped: ${sshdPath} is absent; install openssh-server)`;

/** A fresh ed25519 key pair made by ssh-keygen, with the fingerprint ssh-keygen prints for it. */
export function keyPair(
  directory: string,
  name: string,
): { privateKey: string; publicKey: string; fingerprint: string } {
  const file = path.join(directory, name);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file]);
  const listing = execFileSync("ssh-keygen", ["-l", "-f", `${file}.pub`], { encoding: "utf8" });
  return {
    privateKey: fs.readFileSync(file, "utf8"),
    publicKey: fs.readFileSync(`${file}.pub`, "utf8"),
    fingerprint: listing.split(" ")[1],
  };
}

/**
 * A real OpenSSH server on 127.0.0.1 with a throwaway host key, one authorized client key and an
 * empty snippets directory, all in a temporary directory. It runs as root, as on a Proxmox node.
 */
export class TestSshd {
  readonly directory = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-sshd-"));
  readonly snippets = path.join(this.directory, "snippets");
  readonly hostKey = keyPair(this.directory, "host_ed25519");
  readonly clientKey = keyPair(this.directory, "client_ed25519");
  port = 0;
  private process?: ChildProcess;
  private output = "";

  async start(): Promise<void> {
    fs.mkdirSync(this.snippets);
    fs.writeFileSync(path.join(this.directory, "authorized_keys"), this.clientKey.publicKey);
    const config = path.join(this.directory, "sshd_config");
    fs.writeFileSync(
      config,
      [
        "ListenAddress 127.0.0.1",
        `HostKey ${path.join(this.directory, "host_ed25519")}`,
        `AuthorizedKeysFile ${path.join(this.directory, "authorized_keys")}`,
        "PidFile none",
        // The temporary directory is not root-only as sshd wants an authorized_keys path to be.
        "StrictModes no",
        "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "AllowUsers root",
        "Subsystem sftp internal-sftp",
        "LogLevel VERBOSE",
        "",
      ].join("\n"),
    );
    // sshd's privilege separation directory, which the package leaves to the init system to create.
    fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    this.port = await freePort();
    const sshd = spawn(sshdPath, ["-D", "-e", "-f", config, "-p", String(this.port)], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.process = sshd;
    sshd.stderr?.on("data", (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    await this.waitForBanner(sshd);
  }

  /** What sshd has logged so far. */
  log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const sshd = this.process;
    if (sshd && sshd.exitCode === null) {
      const exited = new Promise((resolve) => sshd.once("exit", resolve));
      sshd.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(this.directory, { recursive: true, force: true });
  }

  private async waitForBanner(sshd: ChildProcess): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (sshd.exitCode !== null) throw new Error(`sshd exited with ${sshd.exitCode}: ${this.output}`);
      if (await this.answers()) return;
      if (Date.now() > deadline) throw new Error(`sshd did not answer on port ${this.port}: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect(this.port, "127.0.0.1");
      socket.setTimeout(1000, () => socket.destroy());
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("SSH-2.0-"));
      });
      socket.once("error", () => resolve(false));
      socket.once("close", () => resolve(false));
    });
  }
}
