import { generateCloudInit } from "./cloud-init";
import { type ApiCall, type ClusterContext, nodeOf, type Routes } from "./context";
import { died, failures } from "./errors";
import { checkLock, drivesOf, haResource, haSid, isTemplate, loadVm, vmStatus } from "./guests";
import type { VirtualMachine } from "./state";
import { missingVolumeMessage } from "./storage-types";
import type { TaskLog } from "./tasks";
import { isCdrom, isCloudinit } from "./vm-config";

/**
 * Powering guests on and off. A guest under HA is started and stopped by asking the HA manager
 * (`hastart`/`hastop` tasks set the resource's requested state), as qemu-server does.
 */

/** The QEMU version a running guest reports. */
const RUNNING_QEMU = "10.1.2";

/**
 * vm_start_nolock's activate_volumes: every disk the config names must be on a storage enabled on
 * the starting node and reachable from it. Shared storage is; another node's local storage is not.
 */
function activateVolumes(ctx: ClusterContext, vm: VirtualMachine, node: string): void {
  for (const { drive } of drivesOf(ctx, vm)) {
    if (isCdrom(drive) && !isCloudinit(drive)) continue;
    const [, storage, volname] = /^([^:]+):(.+)$/.exec(drive.file ?? "") ?? [];
    if (storage === undefined) continue;
    const section = ctx.volumes.enabledStorage(storage, node);
    if (!ctx.state.findVolume(`${storage}:${volname}`, node))
      throw died(missingVolumeMessage(section, storage, volname));
  }
}

/** vm_start: what a start checks and does, in the task that runs it. */
export function boot(ctx: ClusterContext, vm: VirtualMachine, node: string, log: TaskLog): void {
  if (isTemplate(vm)) throw failures.startTemplate();
  if (vm.running) throw failures.alreadyRunning(vm.vmid);
  checkLock(vm);
  generateCloudInit(ctx, vm, node, log);
  activateVolumes(ctx, vm, node);
  vm.running = true;
  vm.startedAt = Date.now();
}

function setHaState(ctx: ClusterContext, vmid: number, state: string): void {
  const resources = ctx.state.config("/cluster/ha/resources");
  const resource = resources.get(haSid(vmid));
  if (resource) resources.set(haSid(vmid), { ...resource, state });
}

/** A `qmstart` task, as vm_start forks it outside HA, or inside HA when the LRM asks. */
export function startVm(ctx: ClusterContext, node: string, vmid: number, user: string): string {
  loadVm(ctx, node, vmid);
  return ctx.tasks.start({ node, type: "qmstart", id: String(vmid), user }, (log) =>
    boot(ctx, loadVm(ctx, node, vmid), node, log),
  );
}

/**
 * What a node does once booted (pve-guests, `startall`): each guest on it with `onboot=1` starts,
 * but for those under HA, which the HA manager starts where and when its rules say.
 */
export function startOnBoot(ctx: ClusterContext, node: string): void {
  for (const vm of ctx.state.vms.values()) {
    if (vm.node !== node || vm.config.onboot !== "1" || isTemplate(vm) || haResource(ctx, vm.vmid)) continue;
    startVm(ctx, node, vm.vmid, "root@pam");
  }
}

/** stop and shutdown: the same to the lab, which has no guest OS to ask. */
export function stopVm(ctx: ClusterContext, node: string, vmid: number, user: string, type: "qmstop" | "qmshutdown") {
  loadVm(ctx, node, vmid);
  return ctx.tasks.start({ node, type, id: String(vmid), user }, () => {
    const current = loadVm(ctx, node, vmid);
    checkLock(current);
    current.running = false;
  });
}

function start(ctx: ClusterContext, call: ApiCall): string {
  const node = nodeOf(call);
  const vm = loadVm(ctx, node, Number(call.params.vmid));
  if (!haResource(ctx, vm.vmid)) return startVm(ctx, node, vm.vmid, call.user);
  // PVE's LRM starts the guest within a round or two; the lab starts it in the hastart task.
  return ctx.tasks.start({ node, type: "hastart", id: String(vm.vmid), user: call.user }, (log) => {
    log.print(`Requesting HA start for VM ${vm.vmid}`);
    setHaState(ctx, vm.vmid, "started");
    if (!vm.running) boot(ctx, vm, vm.node, log);
  });
}

function stop(ctx: ClusterContext, call: ApiCall, type: "qmstop" | "qmshutdown"): string {
  const node = nodeOf(call);
  const vm = loadVm(ctx, node, Number(call.params.vmid));
  if (!haResource(ctx, vm.vmid)) return stopVm(ctx, node, vm.vmid, call.user, type);
  return ctx.tasks.start({ node, type: "hastop", id: String(vm.vmid), user: call.user }, (log) => {
    log.print(`Requesting HA stop for VM ${vm.vmid}`);
    setHaState(ctx, vm.vmid, "stopped");
    vm.running = false;
  });
}

function reboot(ctx: ClusterContext, call: ApiCall): string {
  const node = nodeOf(call);
  const vm = loadVm(ctx, node, Number(call.params.vmid));
  if (!vm.running) throw failures.notRunning(vm.vmid);
  return ctx.tasks.start({ node, type: "qmreboot", id: String(vm.vmid), user: call.user }, (log) => {
    const current = loadVm(ctx, node, vm.vmid);
    if (!current.running) throw failures.notRunning(vm.vmid);
    current.running = false;
    boot(ctx, current, node, log);
  });
}

/** get_service_status: the CRM's state of the resource; the lab answers the requested one before the CRM has it. */
function haState(ctx: ClusterContext, vmid: number, requested: unknown): string {
  return ctx.state.ha.manager.service_status[haSid(vmid)]?.state ?? String(requested ?? "started");
}

function currentStatus(ctx: ClusterContext, call: ApiCall) {
  const vm = loadVm(ctx, nodeOf(call), Number(call.params.vmid));
  const resource = haResource(ctx, vm.vmid);
  const status: Record<string, unknown> = {
    ...vmStatus(ctx, vm),
    qmpstatus: vm.running ? "running" : "stopped",
    ha: resource ? { managed: 1, state: haState(ctx, vm.vmid, resource.state) } : { managed: 0 },
  };
  if (vm.running) status["running-qemu"] = RUNNING_QEMU;
  if (agentEnabled(ctx, vm)) status.agent = 1;
  return status;
}

export const agentEnabled = (ctx: ClusterContext, vm: VirtualMachine) =>
  vm.config.agent !== undefined && ctx.vmSchema.parse("agent", vm.config.agent).enabled === "1";

export function powerRoutes(ctx: ClusterContext): Routes {
  return {
    "GET /nodes/{node}/qemu/{vmid}/status/current": (call) => currentStatus(ctx, call),
    "POST /nodes/{node}/qemu/{vmid}/status/start": (call) => start(ctx, call),
    "POST /nodes/{node}/qemu/{vmid}/status/stop": (call) => stop(ctx, call, "qmstop"),
    "POST /nodes/{node}/qemu/{vmid}/status/shutdown": (call) => stop(ctx, call, "qmshutdown"),
    "POST /nodes/{node}/qemu/{vmid}/status/reboot": (call) => reboot(ctx, call),
  };
}
