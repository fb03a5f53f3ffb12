import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { type Connection, type ParsedKey, type PublicKeyAuthContext, Server, type SFTPWrapper, utils } from "ssh2";
import { SNIPPETS_BASE } from "./cloud-init";
import { generateEd25519Key } from "./openssh-key";

/**
 * A node's SSH side, as far as the project uses it: public-key login and SFTP into the snippets
 * directory (`/var/lib/vz/snippets`, backed by a directory of the lab). Paths outside it are
 * refused, and a plain rename onto an existing file fails as OpenSSH's sftp-server fails it.
 */

const { STATUS_CODE, flagsToString } = utils.sftp;

export const SNIPPETS_PATH = `${SNIPPETS_BASE}/snippets`;
/** Where a relative path starts: root's home on a PVE node. */
const HOME = "/root";

/** `ssh-keygen -lf` of a public key: `SHA256:` and the unpadded base64 of its blob's SHA-256. */
export function sshFingerprint(publicKey: string | Buffer): string {
  const parsed = utils.parseKey(publicKey);
  if (parsed instanceof Error) throw parsed;
  const digest = createHash("sha256").update(parsed.getPublicSSH()).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** A node's ED25519 host key in OpenSSH's format, as `ssh-keygen -t ed25519` writes it. */
export const generateHostKey = (comment: string) => generateEd25519Key(comment);

export interface SshNodeOptions {
  node: string;
  host: string;
  port: number;
  hostKey: string;
  authorizedKeys: readonly string[];
  snippetsDir: string;
  log(line: string): void;
}

type Handle = { kind: "file"; fd: number } | { kind: "dir"; dir: string; listed: boolean };

const statusOfError = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return STATUS_CODE.NO_SUCH_FILE;
  if (code === "EACCES" || code === "EPERM") return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
};

function attributesOf(stat: fs.Stats) {
  return {
    mode: stat.mode,
    uid: 0,
    gid: 0,
    size: stat.size,
    atime: Math.floor(stat.atimeMs / 1000),
    mtime: Math.floor(stat.mtimeMs / 1000),
  };
}

const DIRECTORY_ATTRIBUTES = { mode: fs.constants.S_IFDIR | 0o755, uid: 0, gid: 0, size: 4096, atime: 0, mtime: 0 };

/** One node's SSH server. */
export class SshNode {
  port: number;
  private server?: Server;
  private readonly authorized: ParsedKey[];
  private readonly connections = new Set<Connection>();

  constructor(private readonly options: SshNodeOptions) {
    this.port = options.port;
    this.authorized = options.authorizedKeys.map((line) => {
      const key = utils.parseKey(line);
      if (key instanceof Error) throw new Error(`unreadable authorized key: ${key.message}`);
      return key;
    });
  }

  get hostKeyFingerprint(): string {
    return sshFingerprint(this.publicHostKey());
  }

  publicHostKey(): string {
    const parsed = utils.parseKey(this.options.hostKey);
    if (parsed instanceof Error) throw parsed;
    return `${parsed.type} ${parsed.getPublicSSH().toString("base64")}`;
  }

  async start(): Promise<void> {
    fs.mkdirSync(this.options.snippetsDir, { recursive: true });
    const server = new Server({ hostKeys: [this.options.hostKey] }, (client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    const address = server.address();
    if (address && typeof address === "object") this.port = address.port;
  }

  async stop(): Promise<void> {
    for (const connection of this.connections) connection.end();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Connection): void {
    this.connections.add(client);
    client.on("close", () => this.connections.delete(client));
    client.on("error", () => this.connections.delete(client));
    let user = "";
    client.on("authentication", (ctx) => {
      user = ctx.username;
      if (ctx.method === "publickey" && this.keyAccepted(ctx)) ctx.accept();
      else ctx.reject(["publickey"]);
    });
    client.on("ready", () => {
      this.options.log(`${this.options.node}: ssh login as ${user}`);
      client.on("session", (accept) => {
        const session = accept();
        session.on("sftp", (acceptSftp) => this.serveSftp(acceptSftp()));
      });
    });
  }

  private keyAccepted(ctx: PublicKeyAuthContext): boolean {
    const key = this.authorized.find((k) => k.type === ctx.key.algo && k.getPublicSSH().equals(ctx.key.data));
    if (!key) return false;
    return ctx.signature === undefined || key.verify(ctx.blob ?? Buffer.alloc(0), ctx.signature, ctx.hashAlgo);
  }

  /** The node path an SFTP request names, resolved against root's home. */
  private absolute(requested: string): string {
    return path.posix.resolve(HOME, requested);
  }

  /** The lab directory behind a path in the snippets directory; undefined for any other path. */
  private local(requested: string): string | undefined {
    const absolute = this.absolute(requested);
    if (absolute === SNIPPETS_PATH) return this.options.snippetsDir;
    if (!absolute.startsWith(`${SNIPPETS_PATH}/`)) return undefined;
    return path.join(this.options.snippetsDir, ...absolute.slice(SNIPPETS_PATH.length + 1).split("/"));
  }

  private serveSftp(sftp: SFTPWrapper): void {
    const handles = new Map<number, Handle>();
    let nextHandle = 1;
    const handleFor = (entry: Handle) => {
      const id = nextHandle++;
      handles.set(id, entry);
      const buffer = Buffer.alloc(4);
      buffer.writeUInt32BE(id);
      return buffer;
    };
    const lookup = (handle: Buffer) => (handle.length === 4 ? handles.get(handle.readUInt32BE()) : undefined);
    /** Runs an operation on a snippets path, answering errors as sftp-server does. */
    const onPath = (id: number, requested: string, work: (local: string) => void) => {
      const local = this.local(requested);
      if (local === undefined) {
        sftp.status(id, STATUS_CODE.PERMISSION_DENIED, "Permission denied");
        return;
      }
      try {
        work(local);
      } catch (error) {
        sftp.status(id, statusOfError(error), (error as Error).message);
      }
    };
    const rename = (id: number, from: string, to: string, overwrite: boolean) =>
      onPath(id, from, (source) =>
        onPath(id, to, (target) => {
          fs.lstatSync(source);
          if (!overwrite && fs.existsSync(target)) {
            sftp.status(id, STATUS_CODE.FAILURE, "Failure");
            return;
          }
          fs.renameSync(source, target);
          sftp.status(id, STATUS_CODE.OK);
        }),
      );

    sftp.on("REALPATH", (id, requested) => {
      const absolute = this.absolute(requested);
      sftp.name(id, [{ filename: absolute, longname: absolute, attrs: DIRECTORY_ATTRIBUTES }]);
    });
    const stat = (id: number, requested: string) => {
      if (`${SNIPPETS_PATH}/`.startsWith(`${this.absolute(requested).replace(/\/$/, "")}/`)) {
        sftp.attrs(id, DIRECTORY_ATTRIBUTES);
        return;
      }
      onPath(id, requested, (local) => sftp.attrs(id, attributesOf(fs.statSync(local))));
    };
    sftp.on("STAT", stat);
    sftp.on("LSTAT", stat);
    sftp.on("OPEN", (id, filename, flags) =>
      onPath(id, filename, (local) => {
        const fd = fs.openSync(local, flagsToString(flags) ?? "r", 0o644);
        this.options.log(`${this.options.node}: sftp open ${this.absolute(filename)}`);
        sftp.handle(id, handleFor({ kind: "file", fd }));
      }),
    );
    sftp.on("WRITE", (id, handle, offset, data) => {
      const entry = lookup(handle);
      if (entry?.kind !== "file") return sftp.status(id, STATUS_CODE.FAILURE, "bad handle");
      fs.writeSync(entry.fd, data, 0, data.length, offset);
      sftp.status(id, STATUS_CODE.OK);
    });
    sftp.on("READ", (id, handle, offset, length) => {
      const entry = lookup(handle);
      if (entry?.kind !== "file") return sftp.status(id, STATUS_CODE.FAILURE, "bad handle");
      const buffer = Buffer.alloc(length);
      const read = fs.readSync(entry.fd, buffer, 0, length, offset);
      if (read === 0) sftp.status(id, STATUS_CODE.EOF);
      else sftp.data(id, buffer.subarray(0, read));
    });
    sftp.on("FSTAT", (id, handle) => {
      const entry = lookup(handle);
      if (entry?.kind !== "file") return sftp.status(id, STATUS_CODE.FAILURE, "bad handle");
      sftp.attrs(id, attributesOf(fs.fstatSync(entry.fd)));
    });
    sftp.on("FSETSTAT", (id) => sftp.status(id, STATUS_CODE.OK));
    sftp.on("SETSTAT", (id, requested, attrs) =>
      onPath(id, requested, (local) => {
        if (attrs.mode !== undefined) fs.chmodSync(local, attrs.mode & 0o7777);
        sftp.status(id, STATUS_CODE.OK);
      }),
    );
    sftp.on("CLOSE", (id, handle) => {
      const entry = lookup(handle);
      if (!entry) return sftp.status(id, STATUS_CODE.FAILURE, "bad handle");
      if (entry.kind === "file") fs.closeSync(entry.fd);
      handles.delete(handle.readUInt32BE());
      sftp.status(id, STATUS_CODE.OK);
    });
    sftp.on("OPENDIR", (id, requested) =>
      onPath(id, requested, (local) => {
        if (!fs.statSync(local).isDirectory()) throw Object.assign(new Error("Not a directory"), { code: "ENOTDIR" });
        sftp.handle(id, handleFor({ kind: "dir", dir: local, listed: false }));
      }),
    );
    sftp.on("READDIR", (id, handle) => {
      const entry = lookup(handle);
      if (entry?.kind !== "dir") return sftp.status(id, STATUS_CODE.FAILURE, "bad handle");
      if (entry.listed) return sftp.status(id, STATUS_CODE.EOF);
      entry.listed = true;
      const names = fs.readdirSync(entry.dir).map((filename) => {
        const attrs = attributesOf(fs.statSync(path.join(entry.dir, filename)));
        return { filename, longname: filename, attrs };
      });
      sftp.name(id, names);
    });
    sftp.on("REMOVE", (id, requested) =>
      onPath(id, requested, (local) => {
        fs.unlinkSync(local);
        this.options.log(`${this.options.node}: sftp remove ${this.absolute(requested)}`);
        sftp.status(id, STATUS_CODE.OK);
      }),
    );
    sftp.on("MKDIR", (id, requested) =>
      onPath(id, requested, (local) => {
        fs.mkdirSync(local);
        sftp.status(id, STATUS_CODE.OK);
      }),
    );
    sftp.on("RMDIR", (id, requested) =>
      onPath(id, requested, (local) => {
        fs.rmdirSync(local);
        sftp.status(id, STATUS_CODE.OK);
      }),
    );
    sftp.on("RENAME", (id, from, to) => rename(id, from, to, false));
    sftp.on("EXTENDED", (id, name, data) => {
      if (name !== "posix-rename@openssh.com") return sftp.status(id, STATUS_CODE.OP_UNSUPPORTED);
      const fromLength = data.readUInt32BE(0);
      const from = data.subarray(4, 4 + fromLength).toString("utf8");
      const to = data.subarray(8 + fromLength, 8 + fromLength + data.readUInt32BE(4 + fromLength)).toString("utf8");
      rename(id, from, to, true);
    });
  }
}
