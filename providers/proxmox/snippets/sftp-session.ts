import { Client, type SFTPWrapper } from "ssh2";
import { sshFingerprint } from "./host-key";

/** How to reach one hypervisor's SFTP server and trust it. */
export interface HypervisorSsh {
  /** The hypervisor's name in the stack; every error names it. */
  node: string;
  host: string;
  port: number;
  /** The pinned host key fingerprint, as `ssh-keygen -lf` prints it: `SHA256:…`. */
  hostKey: string;
  username: string;
  /** OpenSSH private key text. */
  privateKey: string;
  /** For connecting and logging in, and then for each SFTP request. */
  timeoutSeconds: number;
}

/** Anything that went wrong talking to a hypervisor, named after it. */
export class SshError extends Error {
  constructor(
    readonly node: string,
    message: string,
  ) {
    super(`${node}: ${message}`);
    this.name = "SshError";
  }
}

type Callback<T> = (error: Error | null | undefined, value?: T) => void;

// SSH_FX_NO_SUCH_FILE, which ssh2 hands over as the error's code.
const isMissing = (error: unknown) => (error as { code?: unknown } | undefined)?.code === 2;

/** One logged-in SFTP session on one hypervisor. */
export class SftpSession {
  /** Whether the server takes posix-rename@openssh.com, which replaces a file in one step. */
  readonly offersPosixRename: boolean;
  private closed = false;

  private constructor(
    private readonly endpoint: HypervisorSsh,
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
    private readonly onClose: () => void,
  ) {
    // The server lists its extensions in its SFTP version packet; ssh2 keeps them without a
    // public accessor, and its own extension methods decide the same way.
    const extensions = (sftp as unknown as { _extensions?: Record<string, string> })._extensions ?? {};
    this.offersPosixRename = extensions["posix-rename@openssh.com"] === "1";
  }

  /**
   * Connects and logs in with the key. The host key is checked against the pinned fingerprint
   * during the key exchange, so a mismatch ends the connection before any authentication.
   */
  static open(endpoint: HypervisorSsh, onClose: () => void = () => undefined): Promise<SftpSession> {
    const { node, host, port, username, hostKey } = endpoint;
    return new Promise((resolve, reject) => {
      const client = new Client();
      let presented: string | undefined;
      let session: SftpSession | undefined;
      let settled = false;
      const fail = (message: string) => {
        if (settled) return;
        settled = true;
        client.end();
        reject(new SshError(node, message));
      };
      client.on("error", (error) => {
        if (session) session.markClosed();
        else if (presented !== undefined && presented !== hostKey) {
          fail(
            `host key mismatch at ${host}:${port}: the stack pins ${hostKey} (sshHostKey), the server presented ${presented}; not logging in`,
          );
        } else fail(`cannot connect to ${host}:${port} as ${username}: ${error.message}`);
      });
      client.on("close", () => {
        if (session) session.markClosed();
        else fail(`connection to ${host}:${port} closed before the SFTP session started`);
      });
      client.on("ready", () => {
        client.sftp((error, sftp) => {
          if (error) return fail(`cannot start SFTP on ${host}:${port}: ${error.message}`);
          session = new SftpSession(endpoint, client, sftp, onClose);
          sftp.on("close", () => session?.markClosed());
          settled = true;
          resolve(session);
        });
      });
      try {
        client.connect({
          host,
          port,
          username,
          privateKey: endpoint.privateKey,
          readyTimeout: endpoint.timeoutSeconds * 1000,
          // A node gone away between two resources' requests is then noticed, not waited on.
          keepaliveInterval: 15_000,
          hostVerifier: (key: Buffer) => {
            presented = sshFingerprint(key);
            return presented === hostKey;
          },
        });
        // Each SFTP request is a small packet waiting on its answer: with Nagle on, every one of
        // them also waits for a delayed ACK (about 40 ms).
        client.setNoDelay(true);
      } catch (error) {
        // ssh2 parses the private key before it opens the socket, and throws when it cannot.
        fail(`cannot use the SSH private key: ${(error as Error).message}`);
      }
    });
  }

  /** Creates `path`, which must not exist, with `mode`, holding `data`. */
  createFile(path: string, data: Buffer, mode: number): Promise<void> {
    return this.request(`write ${path}`, (done) => this.sftp.writeFile(path, data, { mode, flag: "wx" }, done));
  }

  /** The file's content, or undefined when there is no such file. */
  readFile(path: string): Promise<Buffer | undefined> {
    return this.request(`read ${path}`, (done: Callback<Buffer | undefined>) =>
      this.sftp.readFile(path, (error, data) => (isMissing(error) ? done(undefined, undefined) : done(error, data))),
    );
  }

  /** Renames over an existing file in one step; only when the server offers it. */
  replace(from: string, to: string): Promise<void> {
    return this.request(`rename ${from} to ${to}`, (done) => this.sftp.ext_openssh_rename(from, to, done));
  }

  /** SFTP's own rename, which refuses to overwrite. */
  rename(from: string, to: string): Promise<void> {
    return this.request(`rename ${from} to ${to}`, (done) => this.sftp.rename(from, to, done));
  }

  /** Removes a file; false when there was none. */
  unlink(path: string): Promise<boolean> {
    return this.request(`remove ${path}`, (done: Callback<boolean>) =>
      this.sftp.unlink(path, (error) => (isMissing(error) ? done(undefined, false) : done(error, true))),
    );
  }

  /** Ends the session; it is never handed out again. */
  close(): void {
    this.markClosed();
    this.client.end();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  /** One SFTP request, bounded by the endpoint's timeout; a request that times out ends the session. */
  private request<T>(what: string, run: (done: Callback<T>) => void): Promise<T> {
    const { node, timeoutSeconds } = this.endpoint;
    if (this.closed) return Promise.reject(new SshError(node, `${what}: the SSH connection is closed`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.close();
        reject(new SshError(node, `${what}: no answer in ${timeoutSeconds}s`));
      }, timeoutSeconds * 1000);
      run((error, value) => {
        clearTimeout(timer);
        if (error) reject(new SshError(node, `${what}: ${error.message}`));
        else resolve(value as T);
      });
    });
  }
}

const sessions = new Map<string, Promise<SftpSession>>();

/** The one SFTP session per hypervisor in this process, opened again after it closes. */
export function sftpSessionTo(endpoint: HypervisorSsh): Promise<SftpSession> {
  const key = `${endpoint.node}/${endpoint.username}@${endpoint.host}:${endpoint.port}`;
  let session = sessions.get(key);
  if (!session) {
    const opening = SftpSession.open(endpoint, () => {
      if (sessions.get(key) === opening) sessions.delete(key);
    });
    opening.catch(() => sessions.delete(key));
    sessions.set(key, opening);
    session = opening;
  }
  return session;
}
