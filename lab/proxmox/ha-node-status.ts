import type { HaNodeState } from "./ha-files";

/**
 * The CRM's view of the nodes (pve-ha-manager src/PVE/HA/NodeStatus.pm): a node that leaves the
 * quorate partition turns `unknown`; once it has been gone for the fence delay its resources are
 * fenced, which turns it `fence` until the CRM holds its agent lock, then `unknown` again until it
 * rejoins.
 */

export interface NodeStatusLog {
  log(message: string): void;
}

export class NodeStatus {
  /** When the CRM last saw each node online (ms): the fence delay counts from there. */
  private readonly lastOnline = new Map<string, number>();

  constructor(
    /** The manager status file's node_status, which this keeps. */
    private readonly status: Record<string, HaNodeState>,
    private readonly fenceDelayMs: () => number,
    private readonly crm: NodeStatusLog,
  ) {}

  state(node: string): HaNodeState {
    return this.status[node] ?? "unknown";
  }

  isOnline(node: string): boolean {
    return this.state(node) === "online";
  }

  onlineNodes(): string[] {
    return Object.keys(this.status)
      .sort()
      .filter((node) => this.status[node] === "online");
  }

  /** node_is_offline_delayed: whether the node has been gone for the fence delay. */
  isOfflineDelayed(node: string, now: number): boolean {
    if (this.isOnline(node)) return false;
    const last = this.lastOnline.get(node);
    if (last === undefined) {
      this.lastOnline.set(node, now);
      return false;
    }
    return now - last >= this.fenceDelayMs();
  }

  /** update: the cluster membership, as corosync reports it, moves the node states on. */
  update(online: ReadonlyMap<string, boolean>, now: number): void {
    for (const [node, up] of [...online].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!up) continue;
      this.lastOnline.set(node, now);
      // A fenced node stays `fence` until the CRM got its agent lock, even when it is back.
      if (this.state(node) === "unknown") this.set(node, "online");
    }
    for (const node of Object.keys(this.status).sort()) {
      if (!online.get(node) && this.state(node) === "online") this.set(node, "unknown");
    }
  }

  /** fence_node: marks the node, then answers whether its agent lock could be taken. */
  fence(node: string, takeAgentLock: () => boolean): boolean {
    if (this.state(node) !== "fence") this.set(node, "fence");
    if (!takeAgentLock()) return false;
    this.crm.log(`fencing: acknowledged - got agent lock for node '${node}'`);
    this.set(node, "unknown");
    return true;
  }

  private set(node: string, state: HaNodeState): void {
    const last = this.state(node);
    if (last === state) return;
    this.status[node] = state;
    this.crm.log(`node '${node}': state changed from '${last}' => '${state}'`);
  }
}
