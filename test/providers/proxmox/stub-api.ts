import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** A self-signed certificate for `cn`, and its SHA-256 fingerprint as a stack pins it. */
export function selfSignedCertificate(cn: string): { key: string; cert: string; fingerprint: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-pve-tls-"));
  try {
    const [keyFile, certFile] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"].concat([
        "-subj",
        `/CN=${cn}`,
        "-keyout",
        keyFile,
        "-out",
        certFile,
      ]),
      { stdio: "ignore" },
    );
    const cert = fs.readFileSync(certFile, "utf8");
    return { key: fs.readFileSync(keyFile, "utf8"), cert, fingerprint: new X509Certificate(cert).fingerprint256 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface Seen {
  method: string;
  /** Decoded, without `/api2/json`. */
  path: string;
  /** The query's and the body's; a key given more than once is its values, as PVE reads a form. */
  params: Record<string, string | string[]>;
  authorization?: string;
  contentType?: string;
}

/** Parameters as PVE's form decoding reads them: a key given more than once becomes a list. */
function formParams(pairs: [string, string][]): Seen["params"] {
  const params: Seen["params"] = {};
  for (const [key, value] of pairs) {
    const previous = params[key];
    params[key] = previous === undefined ? value : [previous, value].flat();
  }
  return params;
}

/** What the stub answers: JSON with a status and reason phrase, a dropped connection, or silence. */
export type Reply = { status?: number; reason?: string; body: unknown } | "drop" | "silence";
type Handler = (seen: Seen) => Reply;

/**
 * A tiny HTTPS server standing in for PVE's API where the client itself is under test: each
 * test scripts the answers, and the stub records what was sent and on how many connections.
 */
export class StubApi {
  readonly seen: Seen[] = [];
  connections = 0;
  private readonly handlers = new Map<string, Handler>();
  private readonly server: https.Server;

  constructor(tls: { key: string; cert: string }) {
    this.server = https.createServer(tls, (request, response) => this.handle(request, response));
    this.server.on("secureConnection", () => this.connections++);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answers `method path` with `reply` from now on (a function: computed per request). */
  on(method: string, apiPath: string, reply: Reply | Handler): void {
    this.handlers.set(`${method} ${apiPath}`, typeof reply === "function" ? reply : () => reply);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "https://stub");
      const body = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const seen: Seen = {
        method: request.method ?? "",
        path: decodeURIComponent(url.pathname.replace(/^\/api2\/json/, "")),
        params: formParams([...url.searchParams, ...body]),
        authorization: request.headers.authorization,
        contentType: request.headers["content-type"],
      };
      this.seen.push(seen);
      const handler = this.handlers.get(`${seen.method} ${seen.path}`);
      const reply: Reply = handler
        ? handler(seen)
        : { status: 501, reason: `Method '${seen.method} ${seen.path}' not implemented`, body: { data: null } };
      if (reply === "drop") {
        request.socket.destroy();
        return;
      }
      if (reply === "silence") return;
      response.writeHead(reply.status ?? 200, reply.reason ?? "OK", { "Content-Type": "application/json" });
      response.end(JSON.stringify(reply.body));
    });
  }
}
