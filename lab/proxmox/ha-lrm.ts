import type { ClusterContext } from "./context";
import { ApiError } from "./errors";
import { readResourcesConfig, type ServiceConfig } from "./ha-config";
import { EXIT, type LrmResult, type ServiceStatus } from "./ha-files";
import { agentLock, type ClusterLocks } from "./ha-locks";
import { Access } from "./permissions";
import { migrateVm } from "./qemu-lifecycle";
import { startVm, stopVm } from "./qemu-power";

/**
 * One node's local resource manager (pve-ha-manager src/PVE/HA/LRM.pm) with the VM resource
 * agent (Resources/PVEVM.pm): while it holds its node's agent lock it carries out what the CRM
 * asks of the resources on its node, through the same qemu-server calls the API makes, as
 * root@pam, and reports each outcome under the command's uid.
 */

/** The user HA's workers run qemu-server's calls as. */
const HA_USER = "root@pam";

/** LRM.pm's $max_active_idle_rounds: ten minutes of 10 s rounds without a resource, then idle. */
const MAX_ACTIVE_IDLE_ROUNDS = 60;

interface Worker {
  uid: string;
  /** The command: the resource's state in the manager status. */
  state: string;
  target?: string;
  /** The task a command waits for (upid_wait), and how to judge the command once it ended. */
  waitsFor?: { upid: string; outcome: () => number };
}

/** Tools.pm's count_active_services: what keeps an LRM active (and makes an idle one take its lock). */
export function countActiveServices(services: Readonly<Record<string, ServiceStatus>>, node: string): number {
  return Object.values(services).filter(
    (sd) =>
      (sd.node === node || sd.target === node) && !["stopped", "freeze", "error", "request_start"].includes(sd.state),
  ).length;
}

export class LocalResourceManager {
  private state = "wait_for_agent_lock";
  private holdsLock = false;
  private idleRounds = 0;
  private readonly workers = new Map<string, Worker>();
  private results: Record<string, LrmResult> = {};
  /** Start tries of each resource for the restart policy. */
  private readonly restartTries = new Map<string, number>();

  constructor(
    private readonly ctx: ClusterContext,
    readonly node: string,
    private readonly locks: ClusterLocks,
    /** Names this LRM process: one that booted again holds none of its predecessor's locks. */
    private readonly holder: string,
    private readonly log: (message: string) => void,
  ) {
    this.log("status change startup => wait_for_agent_lock");
  }

  /** LRM.pm's work: one round of state changes, then the resources' commands, then the status file. */
  work(now: number): void {
    const manager = this.ctx.state.ha.manager;
    const services = manager.service_status;
    const fenceRequested =
      manager.node_status[this.node] === "fence" ||
      Object.values(services).some((sd) => sd.node === this.node && sd.state === "fence");
    if (this.state === "wait_for_agent_lock") {
      if (!fenceRequested && countActiveServices(services, this.node) > 0 && this.takeLock(now)) {
        this.setState("active");
      }
    } else if (this.state === "lost_agent_lock") {
      if (!fenceRequested && this.takeLock(now)) this.setState("active");
    } else if (fenceRequested) {
      this.log("node needs to be fenced - releasing agent_lock");
      this.setState("lost_agent_lock");
    } else if (!this.takeLock(now)) {
      this.setState("lost_agent_lock");
    } else {
      this.countIdleRound(services);
    }
    if (this.state === "active") {
      this.checkWorkers();
      this.manageResources(services);
    }
    if (this.state !== "lost_agent_lock") {
      this.ctx.state.ha.lrm.set(this.node, {
        state: this.state,
        mode: "active",
        results: { ...this.results },
        timestamp: Math.floor(now / 1000),
      });
      this.ctx.state.ha.writtenAt.set(this.node, now);
    }
  }

  private countIdleRound(services: Readonly<Record<string, ServiceStatus>>): void {
    const configured = Object.values(services).some((sd) => sd.node === this.node);
    if (configured || this.workers.size > 0) {
      this.idleRounds = 0;
      return;
    }
    if (++this.idleRounds <= MAX_ACTIVE_IDLE_ROUNDS) return;
    this.log(`node had no service configured for ${MAX_ACTIVE_IDLE_ROUNDS} rounds, going idle.`);
    this.locks.release(agentLock(this.node), this.holder);
    this.holdsLock = false;
    this.setState("wait_for_agent_lock");
    this.idleRounds = 0;
  }

  /** get_protected_ha_agent_lock; PVE2.pm's get_pve_lock logs when it gets a lock it lacked. */
  private takeLock(now: number): boolean {
    const got = this.locks.acquire(agentLock(this.node), this.holder, now);
    if (got && !this.holdsLock) this.log(`successfully acquired lock '${agentLock(this.node)}'`);
    this.holdsLock = got;
    return got;
  }

  private setState(state: string): void {
    this.log(`status change ${this.state} => ${state}`);
    this.state = state;
  }

  /** manage_resources: a command for each resource on this node the CRM wants something of. */
  private manageResources(services: Readonly<Record<string, ServiceStatus>>): void {
    for (const sid of Object.keys(services).sort()) {
      const sd = services[sid];
      if (sd.node !== this.node || ["recovery", "freeze", "request_start"].includes(sd.state)) continue;
      // A command runs once per uid, but `stopped` always: the CRM does not read its result.
      if (sd.state !== "stopped" && this.results[sd.uid] !== undefined) continue;
      if (this.workers.has(sid)) continue;
      const worker: Worker = { uid: sd.uid, state: sd.state, target: sd.target };
      this.workers.set(sid, worker);
      this.run(sid, worker);
    }
  }

  private run(sid: string, worker: Worker): void {
    const config = readResourcesConfig(this.ctx.state).get(sid);
    try {
      const exitCode = this.execute(sid, config, worker);
      if (exitCode !== undefined) this.finished(sid, worker, exitCode, config);
    } catch (error) {
      // The forked worker died: POSIX::_exit(-1) reads as exit code 255.
      this.log(`${error instanceof ApiError ? error.text.trimEnd() : String(error)}`);
      this.finished(sid, worker, 255, config);
    }
  }

  /** run_workers: collects the commands whose task has ended. */
  private checkWorkers(): void {
    for (const [sid, worker] of [...this.workers]) {
      const waited = worker.waitsFor;
      if (!waited || this.ctx.tasks.get(waited.upid)?.running) continue;
      this.finished(sid, worker, waited.outcome(), readResourcesConfig(this.ctx.state).get(sid));
    }
  }

  /**
   * exec_resource_agent for a VM: an exit code at once, or undefined when the command waits for
   * the task it started, judged by whether the guest then runs (or moved), not by the task.
   */
  private execute(sid: string, config: ServiceConfig | undefined, worker: Worker): number | undefined {
    if (worker.state === "error") {
      this.log(
        `service ${sid} is in an error state and needs manual intervention. Look up 'ERROR RECOVERY' in the documentation.`,
      );
      return EXIT.SUCCESS;
    }
    if (config?.node !== this.node) {
      this.log(`service '${sid}' not on this node`);
      return EXIT.EWRONG_NODE;
    }
    const vmid = Number(sid.split(":")[1]);
    const running = () => this.ctx.state.vmOn(this.node, vmid)?.running === true;
    const waitFor = (upid: string, outcome: () => number) => {
      worker.waitsFor = { upid, outcome };
      return undefined;
    };
    if (worker.state === "started") {
      if (running()) return EXIT.SUCCESS;
      this.log(`starting service ${sid}`);
      return waitFor(startVm(this.ctx, this.node, vmid, HA_USER), () => {
        if (running()) {
          this.log(`service status ${sid} started`);
          return EXIT.SUCCESS;
        }
        this.log(`unable to start service ${sid}`);
        return EXIT.ERROR;
      });
    }
    if (worker.state === "request_stop" || worker.state === "stopped") {
      if (!running()) return EXIT.SUCCESS;
      this.log(`stopping service ${sid}`);
      return waitFor(stopVm(this.ctx, this.node, vmid, HA_USER, "qmshutdown"), () => {
        if (!running()) {
          this.log(`service status ${sid} stopped`);
          return EXIT.SUCCESS;
        }
        this.log(`unable to stop service ${sid} (still running)`);
        return EXIT.ERROR;
      });
    }
    // migrate (relocate is for containers, which the lab does not have)
    const target = String(worker.target);
    const params = { node: this.node, vmid, target, online: 1, "with-local-disks": 1, force: 1 };
    const call = { method: "POST", template: "/nodes/{node}/qemu/{vmid}/migrate", params } as const;
    const upid = migrateVm(this.ctx, { ...call, user: HA_USER, access: Access.unrestricted });
    return waitFor(upid, () => {
      if (this.ctx.state.vmOn(this.node, vmid) === undefined) return EXIT.SUCCESS;
      this.log(`service ${sid} not moved (migration error)`);
      return EXIT.ERROR;
    });
  }

  /** resource_command_finished with handle_service_exitcode's restart policy. */
  private finished(sid: string, worker: Worker, exitCode: number, config: ServiceConfig | undefined): void {
    this.workers.delete(sid);
    const code = worker.state === "started" ? this.restartPolicy(sid, exitCode, config?.max_restart ?? 0) : exitCode;
    if (code === EXIT.ETRY_AGAIN) return;
    this.results[worker.uid] = { sid, state: worker.state, exit_code: code };
    const valid = new Set(Object.values(this.ctx.state.ha.manager.service_status).map((sd) => sd.uid));
    this.results = Object.fromEntries(Object.entries(this.results).filter(([uid]) => valid.has(uid)));
  }

  /** A failed start is tried again on this node max_restart times before the CRM hears of it. */
  private restartPolicy(sid: string, exitCode: number, maxRestart: number): number {
    if (exitCode === EXIT.SUCCESS) this.restartTries.set(sid, 0);
    if (exitCode !== EXIT.ERROR) return exitCode;
    const tries = this.restartTries.get(sid) ?? 0;
    if (tries >= maxRestart) {
      this.log(`unable to start service ${sid} on local node after ${tries} retries`);
      this.restartTries.set(sid, 0);
      return EXIT.ERROR;
    }
    this.restartTries.set(sid, tries + 1);
    this.log(`restart policy: retry number ${tries + 1} for service '${sid}'`);
    return EXIT.ETRY_AGAIN;
  }
}
