import { ProxmoxLab, type ProxmoxLabOptions } from "../../../lab/proxmox/lab";
import { ProxmoxClient, type RequestParams } from "../../../providers/proxmox/client";
import type { ProxmoxContext } from "../../../providers/proxmox/context";
import type { PveObject } from "../../../providers/proxmox/object";
import { ObjectEngine } from "../../../providers/proxmox/object-engine";
import { ReadCache } from "../../../providers/proxmox/read-cache";

export const token = { id: "budgetcloud@pve!pulumi", secret: "6f1d0e1c-3b7a-4a55-9c1e-2f8d7b6a5c4e" };
export const nodes = ["PVE-1", "PVE-2", "PVE-3"];
/** A copy of the Linux template on each of two nodes, as clusters without shared template storage keep them. */
export const templates: ProxmoxLabOptions["templates"] = [
  { vmid: 9000, name: "ubuntu2204-cloudinit", node: "PVE-1", diskGiB: 4 },
  { vmid: 9010, name: "ubuntu2204-cloudinit", node: "PVE-2", diskGiB: 4 },
  { vmid: 9001, name: "windows2022-cloudinit", node: "PVE-1", ostype: "win11", diskGiB: 40 },
];

/** An emulated three-node PVE 9.1 cluster with Ceph and a provider environment pointed at it, fresh for every test. */
export class ClusterUnderTest {
  lab!: ProxmoxLab;
  client!: ProxmoxClient;
  env!: ProxmoxContext;
  /** What `budgetcloud:protect` says in this test. */
  protect = false;

  constructor(options: Partial<ProxmoxLabOptions> = {}) {
    beforeEach(async () => {
      this.protect = false;
      this.lab = new ProxmoxLab({ nodes, port: 0, tokens: [token], templates, ...options });
      await this.lab.start();
      this.client = new ProxmoxClient({
        url: `https://127.0.0.1:${this.lab.port}`,
        tokenId: token.id,
        tokenSecret: token.secret,
        tls: { fingerprint: this.lab.certificate.fingerprint, insecure: false },
        timeoutSeconds: 5,
        taskTimeoutSeconds: 10,
      });
      this.nextRun();
    });
    afterEach(async () => {
      await this.lab.tasksIdle();
      await this.lab.stop();
    });
  }

  engine(object: PveObject): ObjectEngine {
    return new ObjectEngine(object, this.env);
  }

  /** A new provider process's view: same cluster, nothing read yet, request counts from zero. */
  nextRun(): void {
    this.env = { client: () => this.client, cache: new ReadCache(), protect: () => this.protect, staged: new Set() };
    this.lab.resetRequestCounts();
  }

  /** Requests that could change something, by "METHOD /path/{template}", since the last count reset. */
  writes(): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.lab.requestCounts()).filter(([request]) => !request.startsWith("GET ")),
    );
  }

  /** A change made by hand, out of band: a request that may answer a task, waited for. */
  async byHand(method: "POST" | "PUT" | "DELETE", path: string, params: RequestParams = {}): Promise<void> {
    const { data } = await this.client.request(method, path, params);
    if (typeof data === "string" && data.startsWith("UPID:")) await this.client.waitForTask(data, method, path);
  }
}
