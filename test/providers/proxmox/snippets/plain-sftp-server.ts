import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Connection, Server, type SFTPWrapper, utils } from "ssh2";
import { keyPair } from "./sshd";

const { STATUS_CODE, flagsToString } = utils.sftp;

/**
 * A bare SFTP version 3 server over a directory, without OpenSSH's extensions: it answers only the
 * requests an upload makes (open, write, close, remove, rename) and records them. OpenSSH always
 * offers posix-rename, so this is what the unlink-and-rename path of an upload meets. It can also
 * leave a kind of request unanswered, as a hung server would.
 */
export class PlainSftpServer {
  readonly directory = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-plain-sftp-"));
  readonly hostKey = keyPair(this.directory, "host_ed25519");
  readonly requests: string[] = [];
  /** Kinds of request (`remove`, `rename`, …) the server reads and never answers. */
  readonly unanswered = new Set<string>();
  port = 0;
  private readonly connections = new Set<Connection>();
  private readonly server = new Server({ hostKeys: [this.hostKey.privateKey] }, (client) => {
    this.connections.add(client);
    client.on("close", () => this.connections.delete(client));
    client.on("error", () => undefined);
    client.on("authentication", (context) => (context.method === "publickey" ? context.accept() : context.reject()));
    client.on("ready", () =>
      client.on("session", (accept) => accept().on("sftp", (acceptSftp) => this.serve(acceptSftp()))),
    );
  });

  /** Clients connected now. */
  get clients(): number {
    return this.connections.size;
  }

  start(): Promise<void> {
    return new Promise((resolve) =>
      this.server.listen(0, "127.0.0.1", () => {
        this.port = (this.server.address() as { port: number }).port;
        resolve();
      }),
    );
  }

  async stop(): Promise<void> {
    for (const client of this.connections) client.end();
    await new Promise((resolve) => this.server.close(resolve));
    fs.rmSync(this.directory, { recursive: true, force: true });
  }

  /** Records a request; false when it is to go unanswered. */
  private heard(kind: string, details: string): boolean {
    this.requests.push(`${kind} ${details}`);
    return !this.unanswered.has(kind);
  }

  private serve(sftp: SFTPWrapper): void {
    const files = new Map<number, number>();
    let nextHandle = 0;
    const handleOf = (handle: Buffer) => files.get(handle.readUInt32BE(0));
    const status = (id: number, run: () => void) => {
      try {
        run();
        sftp.status(id, STATUS_CODE.OK);
      } catch (error) {
        const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
        sftp.status(id, missing ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE, (error as Error).message);
      }
    };
    sftp.on("OPEN", (id: number, name: string, flags: number, attrs: { mode?: number }) => {
      if (!this.heard("open", `${path.basename(name)} ${flagsToString(flags)} ${attrs.mode?.toString(8)}`)) return;
      try {
        const fd = fs.openSync(name, flagsToString(flags) ?? "r", attrs.mode);
        const handle = Buffer.alloc(4);
        handle.writeUInt32BE(nextHandle, 0);
        files.set(nextHandle++, fd);
        sftp.handle(id, handle);
      } catch (error) {
        sftp.status(id, STATUS_CODE.FAILURE, (error as Error).message);
      }
    });
    sftp.on("WRITE", (id: number, handle: Buffer, offset: number, data: Buffer) =>
      status(id, () => fs.writeSync(handleOf(handle) as number, data, 0, data.length, offset)),
    );
    sftp.on("CLOSE", (id: number, handle: Buffer) => status(id, () => fs.closeSync(handleOf(handle) as number)));
    sftp.on("REMOVE", (id: number, name: string) => {
      if (this.heard("remove", path.basename(name))) status(id, () => fs.unlinkSync(name));
    });
    sftp.on("RENAME", (id: number, from: string, to: string) => {
      if (!this.heard("rename", `${path.basename(from)} ${path.basename(to)}`)) return;
      status(id, () => {
        // SFTP version 3's rename, as OpenSSH's server implements it, refuses to overwrite.
        if (fs.existsSync(to)) throw new Error(`${to} exists`);
        fs.renameSync(from, to);
      });
    });
  }
}
