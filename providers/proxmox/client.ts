import * as https from "node:https";
import { type TlsTrust, verifiedTlsOptions } from "../shared/tls";
import { missingWriteCredentials } from "../shared/write-credentials";

/** Where the Proxmox VE API listens and how budgetcloud logs in to it. */
export interface ProxmoxEndpoint {
  /** `https://host:8006`, any node of the cluster. */
  url: string;
  /** `user@realm!tokenid`. */
  tokenId: string;
  tokenSecret: string;
  tls: TlsTrust;
  /** How long one request may take before it counts as lost. */
  timeoutSeconds: number;
  /** How long a task (a clone, a pool creation) may run before the wait for it is given up. */
  taskTimeoutSeconds: number;
}

export type Method = "GET" | "POST" | "PUT" | "DELETE";
/** A request's parameters; an array parameter is its values, sent as the key once per value. */
export type RequestParams = Record<string, string | number | readonly string[]>;

/** A PVE answer: `data`, and attributes some calls add beside it (a task log's `total`). */
export interface PveAnswer {
  data: unknown;
  [attribute: string]: unknown;
}

/**
 * A request PVE refused or that could not be carried out, named the way an operator reads it: the
 * node (or the endpoint, for cluster-wide paths), the method and the path, then PVE's own reason and
 * every parameter it refused.
 */
export class PveError extends Error {
  constructor(
    readonly where: string,
    readonly method: Method,
    readonly path: string,
    readonly reason: string,
    /** The HTTP status PVE answered with; none when no answer came. */
    readonly status?: number,
  ) {
    super(`${where} ${method} ${path}: ${reason}`);
    this.name = "PveError";
  }
}

/** The connection went while a request was in flight: it may or may not have been applied. */
export class ConnectionLostError extends PveError {
  constructor(where: string, method: Method, path: string, reason: string) {
    super(where, method, path, `connection lost (${reason}); the request may or may not have been applied`);
    this.name = "ConnectionLostError";
  }
}

/** A task that ended with an error; the message carries its exit status and the end of its log. */
export class TaskFailedError extends PveError {
  constructor(
    where: string,
    method: Method,
    path: string,
    readonly upid: string,
    readonly exitStatus: string,
    readonly logTail: string[],
  ) {
    super(where, method, path, `task ${upid} failed: ${exitStatus}; its log ends:\n  ${logTail.join("\n  ")}`);
    this.name = "TaskFailedError";
  }
}

const attempts = 3;
const taskLogTail = 10;
/** A socket that PVE never got anything on: sending again cannot apply anything twice. */
const neverSent = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/** A failure on the way to PVE or back, before any HTTP answer. */
class TransportError extends Error {
  constructor(
    message: string,
    /** Nothing reached PVE, so any method may be sent again. */
    readonly safeToRetry: boolean,
  ) {
    super(message);
  }
}

/** PVE's API over HTTPS with an API token, one keep-alive agent per endpoint and process. */
export class ProxmoxClient {
  /** How errors name the endpoint for paths that are not a node's: `host:port`. */
  readonly name: string;
  private readonly target: URL;
  private agent?: Promise<https.Agent>;

  constructor(readonly endpoint: ProxmoxEndpoint) {
    this.target = new URL(endpoint.url);
    if (this.target.protocol !== "https:") throw new Error(`${endpoint.url}: the Proxmox VE API is served over https`);
    this.name = this.target.host;
  }

  async get<T = unknown>(path: string, params: RequestParams = {}): Promise<T> {
    return (await this.request("GET", path, params)).data as T;
  }

  /** Sends a request whose answer is a task, and waits for the task to end. */
  async task(method: Method, path: string, params: RequestParams = {}): Promise<void> {
    await this.waitForTask(await this.startTask(method, path, params), method, path);
  }

  /** Sends a request whose answer is a task; returns the task's UPID. */
  async startTask(method: Method, path: string, params: RequestParams = {}): Promise<string> {
    const { data } = await this.request(method, path, params);
    if (typeof data !== "string" || !data.startsWith("UPID:")) {
      throw new PveError(this.where(path), method, path, `expected a task id, got ${JSON.stringify(data)}`);
    }
    return data;
  }

  /**
   * One request. A GET is sent again when the connection fails; anything else only when PVE cannot
   * have seen it, since a POST sent twice may create twice.
   */
  async request(method: Method, path: string, params: RequestParams = {}): Promise<PveAnswer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(method, path, params);
      } catch (error) {
        if (error instanceof PveError) throw error;
        if (!(error instanceof TransportError)) {
          // The certificate was refused: it will be on every try.
          throw new PveError(this.where(path), method, path, `cannot connect: ${(error as Error).message}`);
        }
        if (!error.safeToRetry && method !== "GET") {
          throw new ConnectionLostError(this.where(path), method, path, error.message);
        }
        if (attempt === attempts) {
          const reason = error.safeToRetry ? "cannot connect" : "connection lost";
          throw new PveError(this.where(path), method, path, `${reason} (${error.message}), ${attempts} times`);
        }
        await sleep(200 * attempt);
      }
    }
  }

  /** Polls a task until it stops; a failed task's error carries the end of its log. */
  async waitForTask(upid: string, method: Method, path: string): Promise<void> {
    const node = upid.split(":")[1];
    const deadline = Date.now() + this.endpoint.taskTimeoutSeconds * 1000;
    // Even a quick task takes PVE a moment to fork: asking at once would only hear "running".
    for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
      await sleep(delay);
      const status = await this.get<{ status: string; exitstatus?: string }>(`/nodes/${node}/tasks/${upid}/status`);
      if (status.status === "stopped") {
        const exit = status.exitstatus ?? "";
        // PVE counts a task that only warned as a success, as its own tools do.
        if (exit === "OK" || /^WARNINGS: \d+$/.test(exit)) return;
        throw new TaskFailedError(this.where(path), method, path, upid, exit, await this.logTail(node, upid));
      }
      if (Date.now() >= deadline) {
        const reason = `task ${upid} still running after ${this.endpoint.taskTimeoutSeconds}s; it may yet finish`;
        throw new PveError(this.where(path), method, path, reason);
      }
    }
  }

  private async logTail(node: string, upid: string): Promise<string[]> {
    const path = `/nodes/${node}/tasks/${upid}/log`;
    let answer = await this.request("GET", path);
    const total = Number(answer.total);
    const lines = (answer.data as { t: string }[]).length;
    if (Number.isFinite(total) && total > lines) {
      answer = await this.request("GET", path, { start: Math.max(0, total - taskLogTail), limit: taskLogTail });
    }
    return (answer.data as { t: string }[])
      .map((line) => line.t)
      .filter((line) => line.trim() !== "")
      .slice(-taskLogTail);
  }

  private async once(method: Method, path: string, params: RequestParams): Promise<PveAnswer> {
    const agent = await this.agentOnce();
    // PVE's form decoding makes a key given more than once an array.
    const encoded = new URLSearchParams(
      Object.entries(params).flatMap(([k, v]): [string, string][] =>
        typeof v === "object" ? v.map((item) => [k, item]) : [[k, String(v)]],
      ),
    ).toString();
    const inBody = method === "POST" || method === "PUT";
    const query = !inBody && encoded !== "" ? `?${encoded}` : "";
    const headers: Record<string, string> = {
      Authorization: `PVEAPIToken=${this.endpoint.tokenId}=${this.endpoint.tokenSecret}`,
      Accept: "application/json",
    };
    if (inBody) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers["Content-Length"] = String(Buffer.byteLength(encoded));
    }
    const { status, reason, body } = await new Promise<{ status: number; reason: string; body: string }>(
      (resolve, reject) => {
        const request = https.request(
          {
            agent,
            host: this.target.hostname,
            port: this.target.port || 443,
            method,
            path: `/api2/json${path.split("/").map(encodeURIComponent).join("/")}${query}`,
            headers,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () =>
              resolve({
                status: response.statusCode ?? 0,
                reason: response.statusMessage ?? "",
                body: Buffer.concat(chunks).toString("utf8"),
              }),
            );
            response.on("error", (error) => reject(new TransportError(error.message, false)));
          },
        );
        request.setTimeout(this.endpoint.timeoutSeconds * 1000, () =>
          request.destroy(new Error(`no answer in ${this.endpoint.timeoutSeconds}s`)),
        );
        request.on("error", (error: NodeJS.ErrnoException) => {
          // A kept-alive socket PVE closed while idle fails before PVE reads anything from it.
          const stale = request.reusedSocket && error.code === "ECONNRESET";
          reject(new TransportError(error.message || String(error.code), stale || neverSent.has(error.code ?? "")));
        });
        request.end(inBody ? encoded : undefined);
      },
    );
    const answer = parseAnswer(body);
    if (status >= 200 && status < 300) {
      if (answer === undefined) {
        throw new PveError(this.where(path), method, path, `answered ${status} without JSON`, status);
      }
      return answer;
    }
    const refused = describeRefusal(status, reason, answer);
    const missing = status === 403 ? missingWriteCredentials("proxmox") : undefined;
    throw new PveError(this.where(path), method, path, missing ? `${refused}: ${missing}` : refused, status);
  }

  /** The agent, once the endpoint's certificate has been checked the way the stack says. */
  private agentOnce(): Promise<https.Agent> {
    this.agent ??= verifiedTlsOptions(this.target.hostname, Number(this.target.port || 443), this.endpoint.tls).then(
      (tls) => new https.Agent({ keepAlive: true, ...tls }),
      (error: NodeJS.ErrnoException) => {
        this.agent = undefined;
        // A handshake that never got through is a network failure; one that did, a refusal.
        const network =
          neverSent.has(error.code ?? "") || error.code === "ECONNRESET" || /timed out/.test(error.message);
        throw network ? new TransportError(error.message || String(error.code), true) : error;
      },
    );
    return this.agent;
  }

  /** The node a path is about, or the endpoint for cluster-wide paths. */
  private where(path: string): string {
    return /^\/nodes\/([^/]+)/.exec(path)?.[1] ?? this.name;
  }
}

function parseAnswer(body: string): PveAnswer | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === "object" && parsed !== null && "data" in parsed ? (parsed as PveAnswer) : undefined;
  } catch {
    return undefined;
  }
}

/** PVE's reason phrase, then each parameter error it lists: `size: value must have a minimum value of 1`. */
function describeRefusal(status: number, reason: string, answer: PveAnswer | undefined): string {
  const errors = answer?.errors;
  const details =
    typeof errors === "object" && errors !== null
      ? Object.entries(errors as Record<string, unknown>).map(
          ([param, message]) => `${param}: ${String(message).trim()}`,
        )
      : [];
  const headline = reason.trim() || `HTTP ${status}`;
  return details.length > 0 ? `${headline} ${details.join("; ")}` : headline;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const clients = new Map<string, ProxmoxClient>();

/** The one client per endpoint and API token in this process. */
export function clientFor(endpoint: ProxmoxEndpoint): ProxmoxClient {
  const key = `${endpoint.url}\u0000${endpoint.tokenId}`;
  let client = clients.get(key);
  if (!client || client.endpoint.tokenSecret !== endpoint.tokenSecret) {
    client = new ProxmoxClient(endpoint);
    clients.set(key, client);
  }
  return client;
}
