import type { ClusterContext } from "./context";
import { ClusterResourceManager } from "./ha-crm";
import { ClusterLocks } from "./ha-locks";
import { LocalResourceManager } from "./ha-lrm";

/**
 * PVE's HA stack on the emulated cluster: the CRM master (on the node serving the API, which the
 * lab never kills) and one LRM per living node, each running a round every `haRoundMs`. Its log
 * reads like their syslog lines, as the simulator's log.expect files show them
 * (`PVE-1/crm: node 'PVE-2': state changed from 'online' => 'unknown'`).
 */

/** HA's timings; the defaults are PVE's, a test scales them down. */
export interface HaKnobs {
  /** The CRM's and the LRMs' round (CRM.pm and LRM.pm: `$max_time = 10`). */
  haRoundMs: number;
  /** How long a node must be gone before its resources are fenced (NodeStatus.pm `$fence_delay = 60`). */
  haFenceDelayMs: number;
  /** pmxcfs's lock lifetime: a dead node's agent lock is free this long after its last renewal (120 s). */
  haLockLifetimeMs: number;
  /** An LRM or master status older than this reads "old timestamp - dead?" (Status.pm: 30 s). */
  haStaleStatusMs: number;
}

export const PVE_HA_TIMINGS: HaKnobs = {
  haRoundMs: 10_000,
  haFenceDelayMs: 60_000,
  haLockLifetimeMs: 120_000,
  haStaleStatusMs: 30_000,
};

/**
 * PVE's timings twenty times faster, for labs whose tests and faults kill nodes: the same sequence
 * (unknown, fence, lock, recovery), in seconds where PVE takes minutes.
 */
export const SCALED_HA_TIMINGS: HaKnobs = {
  haRoundMs: 500,
  haFenceDelayMs: 3_000,
  haLockLifetimeMs: 6_000,
  haStaleStatusMs: 1_500,
};

/**
 * The most HA takes from a node's death to its resources started elsewhere: the fence delay, the
 * dead node's agent lock running out, and a round each to notice, recover and start (3.5 minutes
 * with PVE's timings).
 */
export function haRecoveryBoundMs(knobs: HaKnobs): number {
  return knobs.haFenceDelayMs + knobs.haLockLifetimeMs + 3 * knobs.haRoundMs;
}

export class HaStack {
  private readonly locks: ClusterLocks;
  private readonly crm: ClusterResourceManager;
  private readonly lrms = new Map<string, LocalResourceManager>();
  private readonly lines: string[] = [];
  private boots = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ctx: ClusterContext,
    private readonly knobs: HaKnobs,
  ) {
    this.locks = new ClusterLocks(() => knobs.haLockLifetimeMs);
    this.crm = new ClusterResourceManager(
      ctx,
      this.locks,
      () => knobs.haFenceDelayMs,
      (message) => this.lines.push(`${ctx.localNode}/crm: ${message}`),
    );
    for (const node of ctx.state.nodes) this.nodeBooted(node);
  }

  start(): void {
    this.timer = setTimeout(() => this.round(), this.knobs.haRoundMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** What the CRM and the LRMs logged so far, in order. */
  log(): string[] {
    return [...this.lines];
  }

  /** The node's LRM died with it; its last status file stays behind in pmxcfs. */
  nodeDied(node: string): void {
    this.lrms.delete(node);
  }

  /** A booting node starts a new LRM, which must take its agent lock afresh. */
  nodeBooted(node: string): void {
    this.boots++;
    const log = (message: string) => this.lines.push(`${node}/lrm: ${message}`);
    this.lrms.set(node, new LocalResourceManager(this.ctx, node, this.locks, `lrm ${node} boot ${this.boots}`, log));
  }

  private round(): void {
    const now = Date.now();
    this.crm.round(now);
    for (const node of this.ctx.state.nodes) this.lrms.get(node)?.work(now);
    if (this.timer) this.timer = setTimeout(() => this.round(), this.knobs.haRoundMs);
  }
}
