import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Central, CentralError } from "./central";
import { CentralSpec, type MatchedOperation } from "./spec";

export interface CentralLabOptions {
  /** API tokens that may call; Central's "Authorization: token …" or "Bearer …". */
  tokens: readonly string[];
  /** 0 picks a free port (read `port` after `start()`). */
  port?: number;
  host?: string;
  central?: Central;
  spec?: CentralSpec;
  log?: (line: string) => void;
}

/** A request as it reached the lab, for tests that check what a client sends. */
export interface ReceivedRequest {
  method: string;
  path: string;
  body?: unknown;
}

type Json = Record<string, unknown>;

/**
 * ZeroTier Central's API (`/api/v1`) over HTTP on loopback: token authentication, every request
 * checked against the spec's paths, methods and body shapes before the behaviour in `Central` runs.
 */
export class CentralLab {
  readonly central: Central;
  /**
   * Faults a test can switch on: every answer held back, or the answer to the next request of a
   * method lost, the request carried out all the same.
   */
  readonly knobs: { latencyMs: number; loseNextAnswerTo?: string } = { latencyMs: 0 };
  readonly received: ReceivedRequest[] = [];
  port: number;
  private readonly spec: CentralSpec;
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: CentralLabOptions) {
    this.central = options.central ?? new Central();
    this.spec = options.spec ?? new CentralSpec();
    this.port = options.port ?? 0;
  }

  /** The API's base URL, as a stack's `zerotier.endpoint` names it. */
  get endpoint(): string {
    return `http://${this.options.host ?? "127.0.0.1"}:${this.port}/api/v1`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.receive(req, res).catch((error: unknown) => {
        this.log(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
        send(res, 500, {
          message: `internal error in the lab: ${error instanceof Error ? error.message : String(error)}`,
        });
      });
    });
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, this.options.host ?? "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address && typeof address === "object") this.port = address.port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private log(line: string): void {
    this.options.log?.(`zerotier: ${line}`);
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });
    if (this.knobs.latencyMs > 0) await new Promise((r) => setTimeout(r, this.knobs.latencyMs));
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://lab");
    const pathname = url.pathname.replace(/^\/api\/v1(?=\/)/, "");
    const { status, body } = this.answer(method, url.pathname, pathname, req.headers.authorization, text);
    this.log(`${method} ${url.pathname} → ${status}`);
    if (this.knobs.loseNextAnswerTo === method) {
      this.knobs.loseNextAnswerTo = undefined;
      req.socket.destroy();
      return;
    }
    send(res, status, body);
  }

  private answer(method: string, fullPath: string, pathname: string, authorization: string | undefined, text: string) {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (!fullPath.startsWith("/api/v1/")) return { status: 404, body: { message: `${fullPath}: not found` } };
    if (token === undefined || !this.options.tokens.includes(token))
      return { status: 401, body: { message: "Authorization required" } };
    const matched = this.spec.match(method, pathname);
    if (!matched) {
      return this.spec.hasPath(pathname)
        ? { status: 405, body: { message: `${method} is not allowed on ${pathname}` } }
        : { status: 404, body: { message: `${pathname}: not found` } };
    }
    let parsed: unknown;
    if (matched.operation.body) {
      try {
        parsed = JSON.parse(text === "" ? "null" : text);
      } catch {
        return { status: 400, body: { message: "the request body is not JSON" } };
      }
      if (!matched.operation.body(parsed)) {
        const [first] = matched.operation.body.errors ?? [];
        const where = first?.instancePath ? first.instancePath.slice(1).replace(/\//g, ".") : "body";
        return { status: 400, body: { message: `${where}: ${first?.message ?? "does not match the spec"}` } };
      }
    }
    this.received.push({ method, path: pathname, ...(parsed === undefined ? {} : { body: parsed }) });
    try {
      return { status: 200, body: this.run(matched, parsed as Json) };
    } catch (error) {
      if (error instanceof CentralError) return { status: error.status, body: { message: error.message } };
      throw error;
    }
  }

  private run({ operation, params }: MatchedOperation, body: Json): unknown {
    const { networkID, memberID } = params;
    switch (operation.id) {
      case "getStatus":
        return {
          id: "central_status",
          type: "CentralStatus",
          clock: Date.now(),
          version: "1.6.5",
          apiVersion: "4",
          readOnlyMode: false,
        };
      case "getNetworkList":
        return this.central.listNetworks();
      case "newNetwork":
        return this.central.createNetwork(body);
      case "getNetworkByID":
        return this.central.network(networkID);
      case "updateNetwork":
        return this.central.updateNetwork(networkID, body);
      case "deleteNetwork":
        this.central.deleteNetwork(networkID);
        return {};
      case "getNetworkMemberList":
        return this.central.listMembers(networkID);
      case "getNetworkMember":
        return this.central.member(networkID, memberID);
      case "updateNetworkMember":
        return this.central.updateMember(networkID, memberID, body);
      case "deleteNetworkMember":
        this.central.deleteMember(networkID, memberID);
        return {};
      default:
        // Users, tokens, organizations and invitations: real paths the lab has no behaviour for.
        throw new CentralError(403, `${operation.id} is not served by the lab`);
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
