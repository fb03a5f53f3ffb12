import { createHash } from "node:crypto";
import type { ClusterContext } from "./context";
import { compileNodeAffinity, type NodeAffinity, readResourcesConfig, type ServiceConfig } from "./ha-config";
import { EXIT, type LrmResult, type ServiceStatus } from "./ha-files";
import { agentLock, type ClusterLocks } from "./ha-locks";
import { NodeStatus } from "./ha-node-status";
import { type ClusterUsage, type NodePreference, selectServiceNode } from "./ha-placement";

/**
 * The cluster resource manager, as the CRM master runs it every round (pve-ha-manager
 * src/PVE/HA/Manager.pm's manage): it follows the nodes' membership, adds and drops resources as
 * the HA config changes, and moves each resource's state on from what its LRM reported. A
 * resource on a node gone for the fence delay is fenced; once the CRM holds that node's agent
 * lock (the node's watchdog has reset it by then) it is recovered to the best online node the
 * rules allow, its config moving there, and started there when its requested state is `started`.
 * CRM commands (ha-manager migrate/relocate/stop), maintenance mode, disarming, groups,
 * resource-affinity rules and rebalancing are not modelled.
 */

/** Locks fence_recovery_cleanup may drop: the fenced node's reset left them stale. */
const REMOVABLE_LOCKS = [
  ...["backup", "mounted", "migrate", "clone", "rollback", "snapshot", "snapshot-delete", "suspending"],
  "suspended",
];

let uidCounter = 0;

/** compute_new_uuid: md5_base64 of the state, the pid, the time and a counter. */
function newUid(state: string): string {
  uidCounter++;
  const digest = createHash("md5").update(`${state}${process.pid}${Math.floor(Date.now() / 1000)}${uidCounter}`);
  return digest.digest("base64").replace(/=+$/, "");
}

/** A resource no longer configured is treated as disabled until it is dropped. */
const DISABLED: ServiceConfig = { type: "vm", state: "disabled", failback: 1, max_restart: 1, max_relocate: 1 };

export class ClusterResourceManager {
  private readonly nodes: NodeStatus;
  private readonly heldLocks = new Set<string>();
  private affinity = new Map<string, NodeAffinity>();

  constructor(
    private readonly ctx: ClusterContext,
    private readonly locks: ClusterLocks,
    fenceDelayMs: () => number,
    private readonly log: (message: string) => void,
  ) {
    ctx.state.ha.manager.master_node = ctx.localNode;
    this.nodes = new NodeStatus(ctx.state.ha.manager.node_status, fenceDelayMs, { log });
  }

  private get services(): Record<string, ServiceStatus> {
    return this.ctx.state.ha.manager.service_status;
  }

  /** One round of manage, then flush_master_status. */
  round(now: number): void {
    const { state } = this.ctx;
    this.nodes.update(new Map(state.nodes.map((node) => [node, state.isOnline(node)])), now);
    const configs = readResourcesConfig(state);
    this.addAndDropServices(configs);
    this.affinity = compileNodeAffinity(state);
    const results: Record<string, LrmResult> = {};
    for (const lrm of state.ha.lrm.values()) Object.assign(results, lrm.results);
    for (;;) {
      let repeat = false;
      for (const sid of Object.keys(this.services).sort()) {
        const sd = this.services[sid];
        const last = sd.state;
        this.nextState(sid, configs.get(sid) ?? DISABLED, sd, results[sd.uid], now);
        if (sd.state !== last) repeat = true;
      }
      if (this.fenceNodes(now)) repeat = true;
      if (!repeat) break;
    }
    state.ha.manager.timestamp = Math.floor(now / 1000);
    state.ha.writtenAt.set("manager", now);
  }

  private addAndDropServices(configs: ReadonlyMap<string, ServiceConfig>): void {
    for (const [sid, cd] of [...configs].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (this.services[sid] || cd.state === "ignored" || cd.node === undefined) continue;
      this.log(`adding new service '${sid}' on node '${cd.node}'`);
      // assume the resource runs, so as not to relocate a running one as it is added
      const initial = cd.state === "started" ? "request_start" : "request_stop";
      this.services[sid] = { state: initial, node: cd.node, uid: newUid("started") };
    }
    for (const sid of Object.keys(this.services)) {
      const cd = configs.get(sid);
      if (cd && cd.state !== "ignored") continue;
      this.log(`removing stale service '${sid}' (${cd ? "ignored state requested" : "no config"})`);
      delete this.services[sid];
    }
  }

  private nextState(sid: string, cd: ServiceConfig, sd: ServiceStatus, result: LrmResult | undefined, now: number) {
    if (sd.state === "stopped") this.nextStateStopped(sid, cd, sd, now);
    else if (sd.state === "started") this.nextStateStarted(sid, cd, sd, result, now);
    else if (sd.state === "request_start") this.changeState(sid, "started", { node: sd.node });
    else if (sd.state === "migrate" || sd.state === "relocate") this.nextStateMigrate(sid, cd, sd, result, now);
    else if (sd.state === "recovery") this.nextStateRecovery(sid, cd, sd);
    else if (sd.state === "request_stop") this.nextStateRequestStop(sid, sd, result, now);
    else if (sd.state === "error" && cd.state === "disabled") {
      delete sd.failed_nodes;
      this.changeState(sid, "stopped");
    }
    // `fence` waits for the fencing below.
  }

  /** The fencing loop: every node with a resource to fence, then recovery of those resources. */
  private fenceNodes(now: number): boolean {
    let repeat = false;
    const fenced = new Map<string, boolean>();
    for (const sid of Object.keys(this.services).sort()) {
      const sd = this.services[sid];
      if (sd.state !== "fence") continue;
      if (!fenced.has(sd.node))
        fenced.set(
          sd.node,
          this.nodes.fence(sd.node, () => this.takeAgentLock(sd.node, now)),
        );
      if (!fenced.get(sd.node)) continue;
      this.changeState(sid, "recovery");
      repeat = true;
    }
    for (const node of Object.keys(this.ctx.state.ha.manager.node_status).sort()) {
      if (fenced.has(node) || this.nodes.state(node) !== "fence") continue;
      this.log(`node '${node}' in fence state but no services to-fence! admin interference?!`);
      if (this.nodes.fence(node, () => this.takeAgentLock(node, now))) repeat = true;
    }
    return repeat;
  }

  /** get_ha_agent_lock for a node being fenced; PVE2.pm's get_pve_lock logs a lock newly got. */
  private takeAgentLock(node: string, now: number): boolean {
    const lock = agentLock(node);
    const got = this.locks.acquire(lock, "crm", now);
    if (got && !this.heldLocks.has(lock)) this.log(`successfully acquired lock '${lock}'`);
    if (got) this.heldLocks.add(lock);
    else this.heldLocks.delete(lock);
    return got;
  }

  /** change_service_state: a new state, the node (and failed nodes) kept, a new uid. */
  private changeState(sid: string, state: string, params: { node?: string; target?: string } = {}): void {
    const sd = this.services[sid];
    const { state: old, node, failed_nodes } = sd;
    for (const key of Object.keys(sd)) delete sd[key as keyof ServiceStatus];
    Object.assign(sd, { state, node });
    if (failed_nodes) sd.failed_nodes = failed_nodes;
    Object.assign(sd, params);
    sd.uid = newUid(state);
    const details = Object.entries(params)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => `${key} = ${value}`)
      .join(", ");
    this.log(`service '${sid}': state changed from '${old}' to '${state}'${details ? `  (${details})` : ""}`);
  }

  private usage(): ClusterUsage {
    const otherRunning = new Map<string, number>();
    for (const vm of this.ctx.state.vms.values()) {
      if (!vm.running || this.services[`vm:${vm.vmid}`]) continue;
      otherRunning.set(vm.node, (otherRunning.get(vm.node) ?? 0) + 1);
    }
    return { onlineNodes: this.nodes.onlineNodes(), services: this.services, otherRunning };
  }

  private select(sid: string, cd: ServiceConfig, preference: NodePreference): string | undefined {
    return selectServiceNode(sid, cd, this.usage(), this.affinity.get(sid), preference);
  }

  private nextStateStopped(sid: string, cd: ServiceConfig, sd: ServiceStatus, now: number): void {
    if (cd.node !== undefined && sd.node !== cd.node) {
      // this can happen if we fence a node with active migrations
      this.log(`fixup service '${sid}' location (${sd.node} => ${cd.node})`);
      sd.node = cd.node;
    }
    if (cd.state === "disabled") return;
    if (this.nodes.isOfflineDelayed(sd.node, now)) this.changeState(sid, "fence");
    else if (cd.state === "started") this.changeState(sid, "request_start", { node: sd.node });
  }

  private nextStateRequestStop(sid: string, sd: ServiceStatus, result: LrmResult | undefined, now: number): void {
    if (result?.exit_code === EXIT.SUCCESS) this.changeState(sid, "stopped");
    else if (result) {
      this.log(`service '${sid}' stop failed (exit code ${result.exit_code})`);
      this.changeState(sid, "error");
    } else if (this.nodes.isOfflineDelayed(sd.node, now)) this.changeState(sid, "fence");
  }

  private nextStateMigrate(
    sid: string,
    cd: ServiceConfig,
    sd: ServiceStatus,
    result: LrmResult | undefined,
    now: number,
  ): void {
    const requested = cd.state === "started" ? "started" : "request_stop";
    if (result?.exit_code === EXIT.SUCCESS) {
      this.changeState(sid, requested, { node: sd.target });
      return;
    }
    if (result?.exit_code === EXIT.EWRONG_NODE) {
      this.log(`service '${sid}' - migration failed: service registered on wrong node!`);
      this.changeState(sid, "error");
    } else if (result) {
      this.log(`service '${sid}' - migration failed (exit code ${result.exit_code})`);
      this.changeState(sid, requested, { node: sd.node });
      return;
    }
    if (this.nodes.isOfflineDelayed(sd.node, now)) this.changeState(sid, "fence");
  }

  private nextStateStarted(
    sid: string,
    cd: ServiceConfig,
    sd: ServiceStatus,
    result: LrmResult | undefined,
    now: number,
  ): void {
    if (!this.nodes.isOnline(sd.node)) {
      if (this.nodes.isOfflineDelayed(sd.node, now)) this.changeState(sid, "fence");
    } else if (cd.state === "disabled" || cd.state === "stopped") {
      this.changeState(sid, "request_stop");
    } else if (cd.state !== "started") {
      this.log(`service '${sid}' - unknown state '${cd.state}' in service configuration`);
    } else {
      const preference = result ? this.judgeStart(sid, cd, sd, result) : "none";
      if (preference !== undefined) this.placeStarted(sid, cd, sd, preference, result !== undefined);
    }
  }

  /**
   * What the LRM's outcome of `started` means: running, or a failed start that the relocation
   * policy moves to the next node (try-next) until max_relocate nodes failed; undefined once the
   * resource went to `error`.
   */
  private judgeStart(sid: string, cd: ServiceConfig, sd: ServiceStatus, result: LrmResult): NodePreference | undefined {
    const code = result.exit_code;
    if (code === EXIT.SUCCESS) {
      if (sd.failed_nodes) {
        const failed = sd.failed_nodes.join(", ");
        this.log(`relocation policy successful for '${sid}' on node '${sd.node}', failed nodes: ${failed}`);
      }
      delete sd.failed_nodes;
      sd.running = 1;
      return "none";
    }
    delete sd.running;
    sd.failed_nodes = [...(sd.failed_nodes ?? []), sd.node];
    if (code !== EXIT.ERROR && code !== EXIT.EWRONG_NODE) {
      this.log(`service '${sid}' got unrecoverable error (exit code ${code})`);
    } else if (sd.failed_nodes.length > cd.max_relocate) {
      const failed = sd.failed_nodes.join(", ");
      this.log(`recovery policy for service ${sid} failed, entering error state. Failed nodes: ${failed}`);
    } else {
      this.log(`starting service ${sid} on node '${sd.node}' failed, relocating service.`);
      return "try-next";
    }
    this.changeState(sid, "error");
    return undefined;
  }

  /** A started resource moves when the rules (with failback) or the relocation policy want it elsewhere. */
  private placeStarted(
    sid: string,
    cd: ServiceConfig,
    sd: ServiceStatus,
    preference: NodePreference,
    reported: boolean,
  ) {
    const node = this.select(sid, cd, preference);
    if (node !== undefined && node !== sd.node) {
      this.log(`migrate service '${sid}' to node '${node}' (running)`);
      this.changeState(sid, "migrate", { node: sd.node, target: node });
      return;
    }
    if (preference === "try-next" && node === undefined) {
      const tried = (sd.failed_nodes ?? []).join(", ");
      this.log(
        `Start Error Recovery: Tried all available nodes for service '${sid}', retry start on current node. Tried nodes: ${tried}`,
      );
    }
    // a new uid makes the LRM start the resource again should it have gone down
    if (reported) sd.uid = newUid(sd.state);
  }

  /** next_state_recovery: after its node was fenced, the resource moves to where it may run. */
  private nextStateRecovery(sid: string, cd: ServiceConfig, sd: ServiceStatus): void {
    const fenced = sd.node;
    const node = this.select(sid, cd, "best-score");
    if (node === undefined) {
      // no node may take it: tried again every round, as HA's one job is to make it available
      this.log(`recovering service '${sid}' from fenced node '${fenced}' failed, no recovery node found`);
      if (cd.state === "disabled") {
        delete sd.failed_nodes;
        this.changeState(sid, "stopped");
      }
      return;
    }
    this.log(
      node === fenced
        ? `recover service '${sid}' to previous failed and fenced node '${fenced}' again`
        : `recover service '${sid}' from fenced node '${fenced}' to node '${node}'`,
    );
    this.stealService(sid, node);
    sd.node = node;
    this.changeState(sid, cd.state === "started" ? "started" : "request_stop", { node });
  }

  /**
   * fence_recovery_cleanup and PVE2.pm's steal_service: locks the reset left are dropped, and the
   * guest's config file is renamed into the recovery node's directory.
   */
  private stealService(sid: string, node: string): void {
    const vm = this.ctx.state.vms.get(Number(sid.split(":")[1]));
    if (!vm) return;
    const lock = vm.config.lock;
    if (lock !== undefined && REMOVABLE_LOCKS.includes(lock)) {
      delete vm.config.lock;
      this.log(`removed leftover lock '${lock}' from recovered service '${sid}' to allow its start.`);
    }
    vm.node = node;
  }
}
