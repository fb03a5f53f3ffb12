import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { freePort } from "./free-port";

/** Where a Pulumi backend on the S3 server keeps state, and what the CLI needs in its environment to reach it. */
export interface StateBackend {
  url: string;
  env: Record<string, string>;
}

const ACCESS_KEY = "budgetcloud-lab";
const SECRET_KEY = "budgetcloud-lab-secret";

/**
 * A real S3 server (versitygw on a POSIX folder) on 127.0.0.1, holding Pulumi state the way a
 * Ceph RGW bucket does in production: the backend the prod and qa stacks use, run for the lab and
 * the tests.
 */
export class S3StateServer {
  private process?: ChildProcess;
  private output = "";
  /** The folder it serves, each subfolder a bucket. */
  root = "";
  port = 0;
  readonly bucket = "budgetcloud-state";

  /**
   * @param kept where `make lab STATE=s3` keeps the lab's state across runs, on a fixed port:
   * a temporary folder on a free port unless given (the tests), removed when it stops
   */
  constructor(private readonly kept?: { root: string; port: number }) {
    this.port = kept?.port ?? 0;
  }

  /** The backend a stack logs in to: path-style, as Ceph RGW and versitygw serve buckets. */
  get backend(): StateBackend {
    const endpoint = `http://127.0.0.1:${this.port}`;
    return {
      url: `s3://${this.bucket}?endpoint=${encodeURIComponent(endpoint)}&s3ForcePathStyle=true&region=us-east-1`,
      env: { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_REGION: "us-east-1" },
    };
  }

  async start(): Promise<void> {
    // scripts/toolchain.sh builds it and says where.
    const binary = process.env.BUDGETCLOUD_VERSITYGW;
    if (!binary || !fs.existsSync(binary))
      throw new Error(
        'versitygw is not built: run eval "$(scripts/toolchain.sh)", which builds it and sets BUDGETCLOUD_VERSITYGW',
      );
    this.root = this.kept?.root ?? fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-s3-"));
    // A bucket of the POSIX backend is a folder of its root.
    fs.mkdirSync(path.join(this.root, this.bucket), { recursive: true });
    this.port = this.kept?.port ?? (await freePort());
    const child = spawn(
      binary,
      ["--access", ACCESS_KEY, "--secret", SECRET_KEY, "--port", `127.0.0.1:${this.port}`, "posix", this.root],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.process = child;
    const collect = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-10_000);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    await waitForPort(this.port, child, () => this.output);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    if (this.root && !this.kept) fs.rmSync(this.root, { recursive: true, force: true });
  }

  /** The objects under a prefix of the bucket, as paths relative to it: what a test reads the backend by. */
  objects(prefix = ""): string[] {
    const base = path.join(this.root, this.bucket);
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else found.push(path.relative(base, full));
      }
    };
    const start = path.join(base, prefix);
    if (fs.existsSync(start)) walk(start);
    // The server's own temporary folder is no object.
    return found.filter((name) => !name.startsWith(".sgwtmp")).sort();
  }
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`versitygw exited with ${child.exitCode}: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`versitygw did not listen on 127.0.0.1:${port} within 10 s: ${output()}`);
}
