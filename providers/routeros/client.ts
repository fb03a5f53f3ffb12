import type * as tls from "node:tls";
import { Channel, RouterOSAPI } from "node-routeros";
import { type TlsTrust, verifiedTlsOptions } from "../shared/tls";
import { missingWriteCredentials } from "../shared/write-credentials";

/** Where a router's API listens and how to log in. */
export interface RouterEndpoint {
  /** The router's name in the stack, used in every error. */
  name: string;
  host: string;
  port?: number;
  username: string;
  password: string;
  /** The plain-text API (8728) instead of api-ssl (8729); only when the stack allows it. */
  plaintext: boolean;
  tls: TlsTrust;
  timeoutSeconds: number;
}

export type Row = Record<string, string>;

/** A command a router refused or that could not be carried out, named the way an operator reads it. */
export class RouterOsError extends Error {
  constructor(
    readonly router: string,
    readonly command: string,
    readonly reason: string,
  ) {
    super(`${router} ${command}: ${reason}`);
    this.name = "RouterOsError";
  }
}

/** The connection went away while a command was in flight: it may or may not have been applied. */
export class ConnectionLostError extends RouterOsError {
  constructor(router: string, command: string, reason: string) {
    super(router, command, `connection lost (${reason}); the command may or may not have been applied`);
    this.name = "ConnectionLostError";
  }
}

// RouterOS 7.18 and later answer a print that finds nothing with `!empty` before `!done`.
// node-routeros 1.6.9 treats any unknown reply as fatal and throws from an event handler, which
// kills the process; an `!empty` only means "no rows", so the channel waits for the `!done`.
const channel = Channel.prototype as unknown as { processPacket(packet: string[]): void };
const processPacket = channel.processPacket;
channel.processPacket = function (this: Channel, packet: string[]) {
  if (packet[0] !== "!empty") processPacket.call(this, packet);
};

const connectAttempts = 3;

/** Commands that change the configuration: each is one action in the router's history. */
const CHANGES = new Set(["add", "set", "remove", "move", "enable", "disable", "comment", "unset"]);

/** One logged-in API session to a router, shared by every resource on it. */
export class RouterConnection {
  private api?: RouterOSAPI;
  private connecting?: Promise<RouterOSAPI>;
  private pending = new Set<(error: Error) => void>();
  private routerVersion?: string;
  private sessions = 0;
  private changes = 0;
  /** The session that took safe mode, until it is released or undone. */
  private safeModeSession?: number;

  /**
   * @param probe one attempt whose wait is the endpoint's timeout: a check that a new connection
   * gets through, where a long wait would only delay the answer
   */
  constructor(
    readonly endpoint: RouterEndpoint,
    private readonly probe = false,
  ) {}

  /** How many API sessions this connection has opened: a new one means the last was lost. */
  get sessionCount(): number {
    return this.sessions;
  }

  /** How many changing commands it has sent. */
  get changeCount(): number {
    return this.changes;
  }

  /** The RouterOS version, as /system/resource tells it. */
  async version(): Promise<string> {
    if (this.routerVersion === undefined) {
      const [resource] = await this.run("/system/resource", "print", { ".proplist": "version" });
      this.routerVersion = resource?.version ?? "";
    }
    return this.routerVersion;
  }

  /**
   * Runs one command: `run("/ip/address", "add", {address: "…"})`. `attributes` become `=k=v`
   * words; `queries` become `?` words. A print with no rows resolves to [].
   */
  async run(path: string, verb: string, attributes: Row = {}, queries: string[] = []): Promise<Row[]> {
    try {
      return await this.once(path, verb, attributes, queries);
    } catch (error) {
      // Sending these twice leaves the router as sending them once did; an add is the engine's to
      // retry, after it has looked whether the first one landed.
      if (error instanceof ConnectionLostError && verb !== "add") return this.once(path, verb, attributes, queries);
      throw error;
    }
  }

  close(): void {
    this.drop("closed");
  }

  private async once(path: string, verb: string, attributes: Row, queries: string[]): Promise<Row[]> {
    const command = `${path}/${verb}`;
    const words = [...Object.entries(attributes).map(([k, v]) => `=${k}=${v}`), ...queries];
    const api = await this.session();
    // A change sent after the session that held safe mode was lost would land outside safe mode,
    // for good, while the batch it belongs to is reported undone: it waits for a new take.
    if (CHANGES.has(verb) && this.safeModeSession !== undefined && this.safeModeSession !== this.sessions) {
      throw new ConnectionLostError(this.endpoint.name, command, "the session that held safe mode was lost");
    }
    if (CHANGES.has(verb)) this.changes++;
    return new Promise<Row[]>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        reject(error);
      };
      const timer = setTimeout(() => {
        this.drop(`no answer to ${command} in ${this.endpoint.timeoutSeconds}s`);
      }, this.endpoint.timeoutSeconds * 1000);
      this.pending.add(fail);
      const session = this.sessions;
      api.write(command, words).then(
        (rows: Row[]) => {
          clearTimeout(timer);
          this.pending.delete(fail);
          if (path === "/safe-mode") this.safeModeSession = verb === "take" ? session : undefined;
          resolve(rows);
        },
        (error: unknown) => fail(new RouterOsError(this.endpoint.name, command, refusal(messageOf(error)))),
      );
    }).catch((error: Error) => {
      if (error instanceof RouterOsError) throw error;
      throw new ConnectionLostError(this.endpoint.name, command, error.message);
    });
  }

  private session(): Promise<RouterOSAPI> {
    if (this.api) return Promise.resolve(this.api);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<RouterOSAPI> {
    let lastError: unknown;
    // node-routeros fills in 8728 even with TLS on: always say which port.
    const port = this.endpoint.port ?? (this.endpoint.plaintext ? 8728 : 8729);
    for (let attempt = 1; attempt <= (this.probe ? 1 : connectAttempts); attempt++) {
      let api: RouterOSAPI | undefined;
      try {
        api = new RouterOSAPI({
          host: this.endpoint.host,
          port,
          user: this.endpoint.username,
          password: this.endpoint.password,
          timeout: this.probe ? this.endpoint.timeoutSeconds : Math.max(60, this.endpoint.timeoutSeconds * 2),
          // node-routeros types these as server options but hands them to tls.connect.
          tls: this.endpoint.plaintext
            ? undefined
            : ((await verifiedTlsOptions(this.endpoint.host, port, this.endpoint.tls)) as unknown as tls.TlsOptions),
        });
        // Without a listener, an idle-timeout `error` event would take the whole process down.
        api.on("error", (error: unknown) => this.drop(messageOf(error)));
        api.on("close", () => this.drop("closed by the router"));
        await api.connect();
        // node-routeros writes a sentence a word at a time; with Nagle on, every command then
        // waits for a delayed ACK (about 40 ms).
        (
          api as unknown as { connector?: { socket?: { setNoDelay(on: boolean): void } } }
        ).connector?.socket?.setNoDelay(true);
        this.api = api;
        this.sessions++;
        return api;
      } catch (error) {
        lastError = error;
        api?.removeAllListeners("close");
        api?.close().catch(() => undefined);
        if (isLoginRefused(error) || isCertificateRefused(error)) break;
      }
    }
    throw new RouterOsError(this.endpoint.name, "/login", `cannot connect: ${messageOf(lastError)}`);
  }

  private drop(reason: string): void {
    const api = this.api;
    this.api = undefined;
    if (api) {
      api.removeAllListeners("close");
      api.close().catch(() => undefined);
    }
    for (const fail of [...this.pending]) fail(new Error(reason));
  }
}

/** A certificate that fails verification fails the same way on every try. */
function isCertificateRefused(error: unknown): boolean {
  return /fingerprint|certificate|altnames|self[- ]signed/i.test(messageOf(error));
}

function isLoginRefused(error: unknown): boolean {
  return /invalid user name or password|username or password is invalid|cannot log in/i.test(messageOf(error));
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || String((error as { errno?: unknown }).errno ?? error.name);
  if (typeof error === "object" && error !== null && "message" in error) return String(error.message);
  return String(error);
}

const connections = new Map<string, RouterConnection>();

/** The one connection per router in this process. */
export function connectionTo(endpoint: RouterEndpoint): RouterConnection {
  const key = `${endpoint.name}@${endpoint.host}:${endpoint.port ?? ""}/${endpoint.username}`;
  let connection = connections.get(key);
  if (!connection) {
    connection = new RouterConnection(endpoint);
    connections.set(key, connection);
  }
  return connection;
}

/** RouterOS's answer to a command the API user's group does not allow, with what would allow it. */
function refusal(reason: string): string {
  if (!reason.startsWith("not enough permissions")) return reason;
  const missing = missingWriteCredentials("router");
  return missing ? `${reason}: ${missing}` : reason;
}
