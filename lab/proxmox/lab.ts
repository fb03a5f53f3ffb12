import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ApiServer, type ApiToken, type HttpKnobs } from "./api-server";
import { cephRoutes } from "./ceph";
import { clusterRoutes } from "./cluster";
import { CollectionEngine } from "./collection-engine";
import type { ApiCall, ClusterContext, Routes } from "./context";
import { apiCertificate, type Certificate, hostKey } from "./credentials";
import { failures } from "./errors";
import { DEFAULT_TEMPLATES, installFactoryState, type TemplateSpec } from "./factory";
import { guestAgentRoutes } from "./guest-agent";
import { type HaKnobs, HaStack, PVE_HA_TIMINGS } from "./ha-stack";
import { haStatusRoutes } from "./ha-status";
import { NodeNetworks, nodeNetworkRoutes } from "./node-network";
import { powerOff, powerOn } from "./node-power";
import { Access, loadPermissions } from "./permissions";
import { configRoutes } from "./qemu-config";
import { lifecycleRoutes } from "./qemu-lifecycle";
import { powerRoutes, startOnBoot } from "./qemu-power";
import { ApiReference, DEFAULT_API_FILE } from "./schema";
import { sdnRoutes } from "./sdn";
import { SshNode } from "./ssh";
import { ClusterState } from "./state";
import { storageContentRoutes } from "./storage-content";
import { taskRoutes } from "./task-routes";
import { type TaskKnobs, TaskRunner } from "./tasks";
import { VmConfigSchema } from "./vm-config";
import { VolumeStore } from "./volumes";

export interface ProxmoxLabOptions {
  /** Node names, e.g. PVE-1, PVE-2, PVE-3; the first one serves the API. */
  nodes: readonly string[];
  /** HTTPS port of the API; 0 picks a free one (read `port` after `start()`). */
  port: number;
  /** Address the API and SSH listen on; loopback unless told otherwise. */
  host?: string;
  /** API tokens that may log in, `user@realm!tokenname` and secret, with their privileges when limited. */
  tokens: readonly ApiToken[];
  /** Public keys (authorized_keys lines) that may log in over SSH. */
  sshAuthorizedKeys?: readonly string[];
  /** Node i's SSH port is sshBasePort + i; 0 (the default) gives each node a free port. */
  sshBasePort?: number;
  /** The templates the cluster starts with; DEFAULT_TEMPLATES unless told otherwise. */
  templates?: readonly TemplateSpec[];
  /** Each node's address on the management network (CIDR), on its vmbr0 as the installer left it. */
  managementAddresses?: Readonly<Record<string, string>>;
  /** Each node's NICs besides the installer's first, by node: the ports its cables plug into. */
  nics?: Readonly<Record<string, readonly string[]>>;
  /** Keeps the certificate, the host keys and the snippets here, so they survive a restart. */
  stateDir?: string;
  clusterName?: string;
  /** How long each task runs (default 50 ms). */
  taskDurationMs?: number;
  /** HA's timings, PVE's unless told otherwise (a test scales them down). */
  ha?: Partial<HaKnobs>;
  apiFile?: string;
  /** The methods' declared permissions; the vendored PVE 9.1 ones unless told otherwise. */
  permissionsFile?: string;
  /** Where the lab reports requests; silent unless given. */
  log?: (line: string) => void;
}

/** Faults and timings a test can change while the lab runs. */
export interface LabKnobs extends HttpKnobs, TaskKnobs, HaKnobs {
  /** How long a started guest takes until its agent answers. */
  agentStartupMs: number;
}

/** An emulated Proxmox VE 9.1 cluster with Ceph: one HTTPS API, and an SSH/SFTP server per node. */
export class ProxmoxLab {
  readonly state: ClusterState;
  readonly knobs: LabKnobs;
  readonly certificate: Certificate;
  /** Each node's own interfaces, as the network API shows and the reload applies them. */
  readonly networks: NodeNetworks;
  private readonly tasks: TaskRunner;
  private readonly context: ClusterContext;
  private readonly routes: Routes;
  private readonly api: ApiServer;
  private readonly ssh: ReadonlyMap<string, SshNode>;
  private readonly ha: HaStack;
  private readonly counts = new Map<string, number>();
  private readonly snippetsRoot: string;
  private readonly ownsSnippetsRoot: boolean;

  constructor(options: ProxmoxLabOptions) {
    const { nodes } = options;
    if (nodes.length === 0) throw new Error("a lab needs at least one node");
    if (new Set(nodes).size !== nodes.length) throw new Error(`node names repeat: ${nodes.join(", ")}`);
    // A privilege PVE does not know stops the lab before it makes anything.
    for (const token of options.tokens) if (token.privileges) new Access(token.privileges);
    const log = options.log ?? (() => {});
    this.knobs = {
      latencyMs: 0,
      unauthorizedDelayMs: 0,
      unreachableDelayMs: 0,
      taskDurationMs: options.taskDurationMs ?? 50,
      taskFailures: new Map(),
      agentStartupMs: 0,
      ...PVE_HA_TIMINGS,
      ...options.ha,
    };
    this.ownsSnippetsRoot = options.stateDir === undefined;
    this.snippetsRoot = options.stateDir ?? mkdtempSync(path.join(tmpdir(), "pve-lab-"));
    this.certificate = apiCertificate(options.stateDir, nodes);
    const reference = ApiReference.load(options.apiFile ?? DEFAULT_API_FILE);
    this.state = new ClusterState(nodes);
    this.tasks = new TaskRunner(this.knobs);
    const collections = new CollectionEngine(reference, this.state);
    this.context = {
      reference,
      state: this.state,
      tasks: this.tasks,
      vmSchema: new VmConfigSchema(reference),
      volumes: new VolumeStore(this.state),
      collections,
      localNode: nodes[0],
      snippetsDir: (node) => this.snippetsDir(node),
      agentStartupMs: () => this.knobs.agentStartupMs,
      sslFingerprint: () => this.certificate.fingerprint,
    };
    this.networks = new NodeNetworks(nodes, {
      managementAddresses: options.managementAddresses ?? {},
      nics: options.nics ?? {},
    });
    this.routes = Object.assign(
      {},
      clusterRoutes(this.context, options.clusterName ?? "lab"),
      taskRoutes(this.context),
      lifecycleRoutes(this.context),
      configRoutes(this.context),
      powerRoutes(this.context),
      guestAgentRoutes(this.context),
      cephRoutes(this.context),
      storageContentRoutes(this.context),
      sdnRoutes(this.context),
      nodeNetworkRoutes(this.context, this.networks),
      haStatusRoutes(this.context, this.knobs),
    );
    installFactoryState(this.context, options.templates ?? DEFAULT_TEMPLATES);
    this.ha = new HaStack(this.context, this.knobs);
    const host = options.host ?? "127.0.0.1";
    this.api = new ApiServer({
      host,
      port: options.port,
      tls: this.certificate,
      reference,
      tokens: options.tokens,
      permissions: loadPermissions(options.permissionsFile),
      nodes,
      localNode: nodes[0],
      isOnline: (node) => this.state.isOnline(node),
      knobs: this.knobs,
      dispatch: (call) => this.dispatch(call),
      count: (key) => this.counts.set(key, (this.counts.get(key) ?? 0) + 1),
      log,
    });
    const basePort = options.sshBasePort ?? 0;
    this.ssh = new Map(
      nodes.map((node, i) => [
        node,
        new SshNode({
          node,
          host,
          port: basePort === 0 ? 0 : basePort + i,
          hostKey: hostKey(options.stateDir, node),
          authorizedKeys: options.sshAuthorizedKeys ?? [],
          snippetsDir: this.snippetsDir(node),
          log,
        }),
      ]),
    );
  }

  async start(): Promise<void> {
    try {
      await this.api.start();
      for (const node of this.ssh.values()) await node.start();
      this.ha.start();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.ha.stop();
    this.tasks.stop();
    await Promise.all([this.api.stop(), ...[...this.ssh.values()].map((node) => node.stop())]);
    if (this.ownsSnippetsRoot) rmSync(this.snippetsRoot, { recursive: true, force: true });
  }

  /** The API's port, known after start(). */
  get port(): number {
    return this.api.port;
  }

  sshPort(node: string): number {
    return this.sshNode(node).port;
  }

  /** A node's host key fingerprint, as `ssh-keygen -lf` prints it (`SHA256:…`). */
  sshHostKeyFingerprint(node: string): string {
    return this.sshNode(node).hostKeyFingerprint;
  }

  /** A node's public host key, as a known_hosts line would carry it (`ssh-ed25519 AAAA…`). */
  sshHostPublicKey(node: string): string {
    return this.sshNode(node).publicHostKey();
  }

  /** The directory standing for a node's /var/lib/vz/snippets. */
  snippetsDir(node: string): string {
    if (!this.state.hasNode(node)) throw new Error(`no node called ${node} in the lab`);
    const dir = path.join(this.snippetsRoot, node, "snippets");
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Requests received, by "METHOD /path/{template}" (the raw path when it matched nothing). */
  requestCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  resetRequestCounts(): void {
    this.counts.clear();
  }

  /** Makes the next task of `type` (qmstart, qmclone, cephcreatepool…) fail with `message`. */
  failNextTask(type: string, message = `${type} failed (lab knob)`): void {
    this.knobs.taskFailures.set(type, message);
  }

  /** Every task so far, running or ended. */
  taskList() {
    return this.tasks.all();
  }

  /** Resolves when no task is running. */
  async tasksIdle(): Promise<void> {
    await this.tasks.idle();
  }

  /**
   * Cuts a node's power: it leaves the cluster, its guests and tasks die, and calls pveproxy would
   * proxy to it fail. The HA stack fences it and recovers its resources elsewhere. The node serving
   * the API cannot die, nor one the cluster's quorum depends on.
   */
  killNode(node: string): void {
    powerOff(this.context, node);
    this.ha.nodeDied(node);
  }

  /**
   * Powers a dead node on again: it rejoins the cluster with none of its guests running, then
   * starts those marked to start at boot that HA does not manage.
   */
  reviveNode(node: string): void {
    powerOn(this.context, node);
    this.ha.nodeBooted(node);
    startOnBoot(this.context, node);
  }

  /** What the HA stack's CRM and LRMs logged, oldest first (`PVE-1/crm: …`, `PVE-3/lrm: …`). */
  haLog(): string[] {
    return this.ha.log();
  }

  /** Drops every open API connection, as a pveproxy restart would. */
  disconnectAll(): void {
    this.api.disconnectAll();
  }

  /** Every "METHOD /path/{template}" the lab answers with behaviour of its own (not 501). */
  implementedRoutes(): string[] {
    return [...new Set([...Object.keys(this.routes), ...this.context.collections.routes()])];
  }

  private sshNode(node: string): SshNode {
    const found = this.ssh.get(node);
    if (!found) throw new Error(`no node called ${node} in the lab`);
    return found;
  }

  private dispatch(call: ApiCall): unknown {
    const route = this.routes[`${call.method} ${call.template}`];
    if (route) return route(call);
    if (this.context.collections.serves(call.template)) return this.context.collections.handle(call);
    throw failures.notEmulated(call.method, call.template);
  }
}
