import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";

/** A request as an emulated API reads it. */
export interface JsonRequest {
  method: string;
  /** The URL's path, as sent. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface JsonAnswer {
  status: number;
  body: unknown;
}

/** A request as it reached the lab, for tests that check what a client sends. */
export interface ReceivedRequest {
  method: string;
  path: string;
  body?: unknown;
}

export interface JsonApiLabOptions {
  /** 0 picks a free port (read `port` after `start()`). */
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** Serve HTTPS with this key and certificate, as a real deployment does, rather than plain HTTP. */
  tls?: { key: string; cert: string };
}

/**
 * An emulated JSON API over HTTP on loopback (ZeroTier Central, LibreNMS): the server, the
 * requests received, and faults a test can switch on. What a request does is the subclass's.
 */
export abstract class JsonApiLab {
  /**
   * Faults a test can switch on: every answer held back, or the answer to the next request of a
   * method lost, the request carried out all the same.
   */
  readonly knobs: { latencyMs: number; loseNextAnswerTo?: string } = { latencyMs: 0 };
  readonly received: ReceivedRequest[] = [];
  port: number;
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  protected constructor(
    /** The name log lines start with. */
    private readonly name: string,
    protected readonly serverOptions: JsonApiLabOptions,
  ) {
    this.port = serverOptions.port ?? 0;
  }

  /** The server's base URL, without a path. */
  protected get origin(): string {
    const scheme = this.serverOptions.tls ? "https" : "http";
    return `${scheme}://${this.serverOptions.host ?? "127.0.0.1"}:${this.port}`;
  }

  async start(): Promise<void> {
    const handle = (req: IncomingMessage, res: ServerResponse) => {
      this.receive(req, res).catch((error: unknown) => {
        this.log(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
        send(res, 500, this.internalError(error instanceof Error ? error.message : String(error)));
      });
    };
    const { tls } = this.serverOptions;
    const server = tls ? createHttpsServer(tls, handle) : createServer(handle);
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, this.serverOptions.host ?? "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address && typeof address === "object") this.port = address.port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** What the request does, and the answer: validation, authentication and behaviour. */
  protected abstract answer(request: JsonRequest): JsonAnswer;

  /** The body of the 500 a bug in the lab answers with, in the API's own error shape. */
  protected abstract internalError(message: string): unknown;

  protected log(line: string): void {
    this.serverOptions.log?.(`${this.name}: ${line}`);
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
    const { status, body } = this.answer({
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      text,
    });
    this.log(`${method} ${url.pathname} → ${status}`);
    if (this.knobs.loseNextAnswerTo === method) {
      this.knobs.loseNextAnswerTo = undefined;
      req.socket.destroy();
      return;
    }
    send(res, status, body);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
