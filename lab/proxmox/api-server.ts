import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { Socket } from "node:net";
import { type ApiCall, WithAttributes } from "./context";
import { ApiError, failures, parameterErrors } from "./errors";
import { extractParams, MalformedJson, uriUnescape } from "./http-params";
import { Access, type PermissionDeclaration } from "./permissions";
import { type ApiReference, HTTP_METHODS, type HttpMethod } from "./schema";
import { validateParameters } from "./validation";

/**
 * pveproxy's API side: /api2/json over HTTPS, API-token authentication, and every request checked
 * against the reference before any behaviour runs. The order of the checks is PVE's (auth, then
 * the path, then path-parameter conflicts, then the method's declared permissions, then the node,
 * then the schema), so the first error a bad request meets is the one PVE answers.
 */

export interface ApiToken {
  /** `user@realm!tokenname`. */
  id: string;
  secret: string;
  /**
   * The privileges the token holds, on every path (a role granted on "/" with propagate; for a
   * privilege-separated token, what both it and its user hold). Undefined: every privilege, and
   * no permission check at all, as the lab behaved before it modelled them.
   */
  privileges?: readonly string[];
}

/** Faults a test can switch on while the lab runs. */
export interface HttpKnobs {
  /** Every answer is held back this long. */
  latencyMs: number;
  /** Answer this many more requests, then drop the connection of the next one; the knob then disarms. */
  dropAfterRequests?: number;
  /** PVE holds back every 401 for 3 s; the lab does not unless told to. */
  unauthorizedDelayMs: number;
  /**
   * pveproxy answers a call for a dead node once its connection attempt fails, after seconds (the
   * kernel's neighbour resolution giving up); the lab answers at once unless told to.
   */
  unreachableDelayMs: number;
}

export interface ApiServerOptions {
  host: string;
  port: number;
  tls: { key: string; cert: string };
  reference: ApiReference;
  tokens: readonly ApiToken[];
  /** Each method's declared permissions, by "METHOD template". */
  permissions: ReadonlyMap<string, PermissionDeclaration>;
  nodes: readonly string[];
  /** The node whose pveproxy this is: calls for it are never proxied. */
  localNode: string;
  /** Whether a node is alive, so that pveproxy reaches it. */
  isOnline(node: string): boolean;
  knobs: HttpKnobs;
  /** Runs a checked request; a thrown ApiError becomes PVE's error answer. */
  dispatch(call: ApiCall): unknown;
  /** Counts a request, refused ones included, by "METHOD template" ("METHOD path" for an unknown path). */
  count(key: string): void;
  log(line: string): void;
}

/** The reason phrase: the first line of the message, as pve-http-server trims it. */
const reasonOf = (message: string) => message.split("\n")[0];

const JSON_TYPE = "application/json;charset=UTF-8";

/**
 * The calls for a node that its pveproxy answers itself instead of proxying them: the only ones
 * under /nodes/{node} that pve-manager's PVE/API2/Nodes.pm declares without `proxyto => 'node'`.
 */
const ANSWERED_LOCALLY = new Set(["GET /nodes/{node}", "POST /nodes/{node}/wakeonlan"]);

/**
 * A call proxied to a dead node: AnyEvent::HTTP fails to connect and reports 595 with the
 * system's error, which pve-http-server's proxy_request relays with no body.
 */
const UNREACHABLE = { status: 595, message: "No route to host", text: "" };

export class ApiServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** Each token's privileges, checked once (an unknown privilege name stops the lab here). */
  private readonly access: ReadonlyMap<ApiToken, Access>;
  port: number;

  constructor(private readonly options: ApiServerOptions) {
    this.port = options.port;
    this.access = new Map(
      options.tokens.map((token) => [
        token,
        token.privileges === undefined ? Access.unrestricted : new Access(token.privileges),
      ]),
    );
  }

  async start(): Promise<void> {
    const { tls, host } = this.options;
    const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      this.receive(req, res).catch((error: unknown) => {
        // A bug of the lab, not an answer PVE would give: say so, loudly.
        this.options.log(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
        const message = `internal error in the lab: ${error instanceof Error ? error.message : String(error)}`;
        this.send(res, 500, reasonOf(message), JSON.stringify({ data: null, message }));
      });
    });
    server.on("secureConnection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, host, () => resolve());
    });
    const address = server.address();
    if (address && typeof address === "object") this.port = address.port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Drops every open connection, as a pveproxy restart would. */
  disconnectAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const method = req.method ?? "GET";
    if (!HTTP_METHODS.includes(method as HttpMethod)) {
      this.send(res, 501, `method '${method}' not available`, "");
      return;
    }
    const url = new URL(req.url ?? "/", "https://lab");
    const path = uriUnescape(url.pathname);
    const where = /^\/api2\/+([a-z][a-z0-9]+)(\/.*)?$/.exec(path);
    if (this.shouldDrop()) {
      this.options.log(`${method} ${path}: dropping the connection (drop knob)`);
      req.socket.destroy();
      return;
    }
    if (!where) {
      this.send(res, 501, "no such uri", "no such uri");
      return;
    }
    const [, format, relative = "/"] = where;
    this.options.count(`${method} ${this.templateOf(method as HttpMethod, relative)}`);
    const token = this.authenticate(req.headers.authorization);
    if ("reason" in token) {
      this.options.log(`${method} ${path} 401 ${token.reason}`);
      await this.delay(this.options.knobs.unauthorizedDelayMs);
      this.send(res, 401, token.reason, "");
      return;
    }
    if (Number(req.headers["content-length"] ?? 0) > 0 && method !== "PUT" && method !== "POST") {
      this.send(res, 501, `Unexpected content for method '${method}'`, `Unexpected content for method '${method}'`);
      return;
    }
    if (format !== "json") {
      const message = `no formatter for uri ${relative}, ${format}`;
      this.send(res, 501, message, message);
      return;
    }
    const answer = this.answer(method, relative, req.headers["content-type"], body, url.search.slice(1), token);
    if (answer === UNREACHABLE) await this.delay(this.options.knobs.unreachableDelayMs);
    await this.delay(this.options.knobs.latencyMs);
    this.options.log(`${method} ${path} ${answer.status}${answer.status >= 400 ? ` ${reasonOf(answer.message)}` : ""}`);
    this.send(res, answer.status, answer.status === 200 ? "OK" : reasonOf(answer.message), answer.text);
  }

  /** The reference path a request is counted under: its template, or the path itself when unknown. */
  private templateOf(method: HttpMethod, relative: string): string {
    const resolved = this.options.reference.resolve(relative);
    return resolved?.methods[method] ? resolved.template : relative;
  }

  /** Whether the drop knob takes this request's connection down. */
  private shouldDrop(): boolean {
    const { knobs } = this.options;
    if (knobs.dropAfterRequests === undefined) return false;
    if (knobs.dropAfterRequests > 0) {
      knobs.dropAfterRequests--;
      return false;
    }
    knobs.dropAfterRequests = undefined;
    return true;
  }

  /** PVE's auth_handler for API tokens: the token, or why the request is refused. */
  private authenticate(header: string | undefined): ApiToken | { reason: string } {
    const token = /(?:^|\s)PVEAPIToken(?:=| )([^;]*)/.exec(header ?? "")?.[1];
    if (!token) return { reason: "No ticket" };
    const pair = /^(.*)=(.*)$/.exec(uriUnescape(token));
    const known = pair && this.options.tokens.find((t) => t.id === pair[1] && t.secret === pair[2]);
    return known ? known : { reason: "Authentication failed!" };
  }

  private answer(
    method: string,
    relative: string,
    contentType: string | undefined,
    body: string,
    query: string,
    token: ApiToken,
  ): { status: number; message: string; text: string } {
    const resolved = this.options.reference.resolve(relative);
    const info = resolved?.methods[method as HttpMethod];
    try {
      let params: ReturnType<typeof extractParams>;
      try {
        params = extractParams(method, contentType, body, query);
      } catch (error) {
        // decode_json dies outside the API handler: pve-http-server answers the bare message.
        if (error instanceof MalformedJson) {
          const message = `malformed JSON string, neither tag, array, object, number, string or atom, at character offset 0 (before "${error.message}")`;
          return { status: 500, message, text: message };
        }
        throw error;
      }
      if (!resolved || !info) throw failures.methodNotImplemented(method, relative);
      for (const [name, value] of Object.entries(resolved.uriParams)) {
        const given = params[name];
        if (given !== undefined && given !== null && String(given) !== value)
          throw failures.duplicateUriParameter(name);
        params[name] = value;
      }
      // rest_handler: check_api2_permissions with the merged parameters, before the call is
      // proxied to its node and before the handler checks the parameters against its schema.
      const access = this.access.get(token) ?? Access.unrestricted;
      const declared = this.options.permissions.get(`${method} ${resolved.template}`);
      if (declared) access.checkApi2(declared.permissions, params);
      const node = resolved.uriParams.node;
      if (node !== undefined && !this.options.nodes.includes(node)) throw failures.unknownNode(node);
      const proxied = node !== undefined && node !== this.options.localNode;
      if (proxied && !this.options.isOnline(node) && !ANSWERED_LOCALLY.has(`${method} ${resolved.template}`)) {
        return UNREACHABLE;
      }
      // An API call may give an array parameter once: PVE takes that value as a one-item array.
      for (const [name, schema] of Object.entries(info.parameters?.properties ?? {})) {
        const value = params[name];
        if (schema.type === "array" && value !== undefined && value !== null && !Array.isArray(value)) {
          params[name] = [value];
        }
      }
      const errors = validateParameters(params, info.parameters);
      if (Object.keys(errors).length > 0) throw parameterErrors(errors);
      const data = this.options.dispatch({
        method: method as HttpMethod,
        template: resolved.template,
        params,
        user: token.id,
        access,
      });
      const payload = data instanceof WithAttributes ? { data: data.data, ...data.attributes } : { data: data ?? null };
      return { status: 200, message: "OK", text: JSON.stringify(payload) };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const payload: Record<string, unknown> = { data: null };
      if (error.errors) payload.errors = error.errors;
      payload.message = error.text;
      return { status: error.status, message: error.text, text: JSON.stringify(payload) };
    }
  }

  private send(res: ServerResponse, status: number, reason: string, body: string): void {
    if (res.destroyed) return;
    const date = new Date().toUTCString();
    const headers: Record<string, string> = {
      Server: "pve-api-daemon/3.0",
      Date: date,
      Expires: date,
      "Cache-Control": "max-age=0",
      Pragma: "no-cache",
    };
    if (body !== "") {
      headers["Content-Type"] = status === 200 || body.startsWith("{") ? JSON_TYPE : "text/plain";
      headers["Content-Length"] = String(Buffer.byteLength(body));
    }
    if (status >= 400) headers.Connection = "close";
    res.writeHead(status, reason, headers);
    res.end(body);
  }

  private async delay(ms: number): Promise<void> {
    if (ms > 0) await new Promise<void>((resolve) => setTimeout(resolve, ms));
  }
}
