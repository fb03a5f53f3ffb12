import { request } from "node:https";
import { ProxmoxLab, type ProxmoxLabOptions } from "../../../lab/proxmox/lab";

export const TOKEN = { id: "budgetcloud@pve!pulumi", secret: "5f1c2a9e-0d4b-4e77-9a61-3c2f0e8b7d10" };
export const NODES = ["PVE-1", "PVE-2", "PVE-3"];

/** Starts a three-node lab for each test of the suite and stops it afterwards. */
export function labForSuite(options: Partial<ProxmoxLabOptions> = {}): () => ProxmoxLab {
  let lab: ProxmoxLab | undefined;
  beforeEach(async () => {
    lab = new ProxmoxLab({ nodes: NODES, port: 0, tokens: [TOKEN], taskDurationMs: 20, ...options });
    await lab.start();
  });
  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
  });
  return () => {
    if (!lab) throw new Error("the lab only exists inside a test");
    return lab;
  };
}

export interface Reply {
  status: number;
  reason: string;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body; undefined when it is not JSON. */
  json: { data?: unknown; errors?: Record<string, string>; message?: string; total?: number } | undefined;
}

export interface RequestOptions {
  /** The Authorization header; the lab's token unless told otherwise (null sends none). */
  authorization?: string | null;
  /** Send the body form-encoded instead of as JSON. */
  form?: boolean;
  /** A raw body with its content type. */
  raw?: { body: string; contentType?: string };
}

/** An HTTPS client that pins the lab's certificate, as the project's client does. */
export async function call(
  lab: ProxmoxLab,
  method: string,
  path: string,
  params?: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<Reply> {
  const authorization =
    options.authorization === undefined ? `PVEAPIToken=${TOKEN.id}=${TOKEN.secret}` : options.authorization;
  let body: string | undefined;
  let contentType: string | undefined;
  if (options.raw) {
    body = options.raw.body;
    contentType = options.raw.contentType;
  } else if (params && options.form) {
    body = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
    contentType = "application/x-www-form-urlencoded";
  } else if (params) {
    body = JSON.stringify(params);
    contentType = "application/json";
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: lab.port,
        method,
        path: path.startsWith("/api2") ? path : `/api2/json${path}`,
        ca: lab.certificate.cert,
        checkServerIdentity: () => undefined,
        headers: {
          ...(authorization === null ? {} : { Authorization: authorization }),
          ...(contentType ? { "Content-Type": contentType } : {}),
          ...(body !== undefined ? { "Content-Length": Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => {
          let json: Reply["json"];
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? "", headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The `data` of a successful call; fails the test with PVE's message otherwise. */
export async function data<T = unknown>(
  lab: ProxmoxLab,
  method: string,
  path: string,
  params?: Record<string, unknown>,
): Promise<T> {
  const reply = await call(lab, method, path, params);
  if (reply.status !== 200) throw new Error(`${method} ${path}: ${reply.status} ${reply.text}`);
  return reply.json?.data as T;
}

export interface TaskStatus {
  status: string;
  exitstatus?: string;
  type: string;
  id: string;
  node: string;
  upid: string;
}

/** Polls a task's status until it has stopped, as a client waits for a UPID. */
export async function waitForTask(lab: ProxmoxLab, upid: string, timeoutMs = 3000): Promise<TaskStatus> {
  const node = upid.split(":")[1];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await data<TaskStatus>(lab, "GET", `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`);
    if (status.status === "stopped") return status;
    if (Date.now() > deadline) throw new Error(`task ${upid} still running`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Runs a call that answers a UPID and waits for its task; answers the task's final status. */
export async function runTask(
  lab: ProxmoxLab,
  method: string,
  path: string,
  params?: Record<string, unknown>,
): Promise<TaskStatus> {
  return waitForTask(lab, await data<string>(lab, method, path, params));
}

/** The lines of a task's log. */
export async function taskLog(lab: ProxmoxLab, upid: string): Promise<string[]> {
  const node = upid.split(":")[1];
  const lines = await data<{ n: number; t: string }[]>(
    lab,
    "GET",
    `/nodes/${node}/tasks/${encodeURIComponent(upid)}/log`,
  );
  return lines.map((line) => line.t);
}
