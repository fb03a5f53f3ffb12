import { generateCloudInit } from "./cloud-init";
import { type ApiCall, type ClusterContext, nodeOf, type Routes } from "./context";
import { failures } from "./errors";
import { checkLock, haResource, haSid, isTemplate, loadVm, vmStatus } from "./guests";
import type { VirtualMachine } from "./state";
import type { TaskLog } from "./tasks";

/**
 * Powering guests on and off. A guest under HA is started and stopped by asking the HA manager
 * (`hastart`/`hastop` tasks set the resource's requested state), as qemu-server does.
 */

/** The QEMU version a running guest reports. */
const RUNNING_QEMU = "10.1.2";

/** vm_start: what a start checks and does, in the task that runs it. */
export function boot(ctx: ClusterContext, vm: VirtualMachine, node: string, log: TaskLog): void {
  if (isTemplate(vm)) throw failures.startTemplate();
  if (vm.running) throw failures.alreadyRunning(vm.vmid);
  checkLock(vm);
  generateCloudInit(ctx, vm, node, log);
  vm.running = true;
  vm.startedAt = Date.now();
}

function setHaState(ctx: ClusterContext, vmid: number, state: string): void {
  const resources = ctx.state.config("/cluster/ha/resources");
  const resource = resources.get(haSid(vmid));
  if (resource) resources.set(haSid(vmid), { ...resource, state });
}

function start(ctx: ClusterContext, call: ApiCall): string {
  const node = nodeOf(call);
  const vm = loadVm(ctx, node, Number(call.params.vmid));
  const owner = { node, id: String(vm.vmid), user: call.user };
  if (haResource(ctx, vm.vmid)) {
    return ctx.tasks.start({ ...owner, type: "hastart" }, (log) => {
      log.print(`Requesting HA start for VM ${vm.vmid}`);
      setHaState(ctx, vm.vmid, "started");
      if (!vm.running) boot(ctx, vm, vm.node, log);
    });
  }
  return ctx.tasks.start({ ...owner, type: "qmstart" }, (log) => boot(ctx, loadVm(ctx, node, vm.vmid), node, log));
}

/** stop and shutdown: the same to the lab, which has no guest OS to ask. */
function stop(ctx: ClusterContext, call: ApiCall, type: "qmstop" | "qmshutdown"): string {
  const node = nodeOf(call);
  const vm = loadVm(ctx, node, Number(call.params.vmid));
  const owner = { node, id: String(vm.vmid), user: call.user };
  if (haResource(ctx, vm.vmid)) {
    return ctx.tasks.start({ ...owner, type: "hastop" }, (log) => {
      log.print(`Requesting HA stop for VM ${vm.vmid}`);
      setHaState(ctx, vm.vmid, "stopped");
      vm.running = false;
    });
  }
  return ctx.tasks.start({ ...owner, type }, () => {
    const current = loadVm(ctx, node, vm.vmid);
    checkLock(current);
    current.running = false;
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

function currentStatus(ctx: ClusterContext, call: ApiCall) {
  const vm = loadVm(ctx, nodeOf(call), Number(call.params.vmid));
  const resource = haResource(ctx, vm.vmid);
  const status: Record<string, unknown> = {
    ...vmStatus(ctx, vm),
    qmpstatus: vm.running ? "running" : "stopped",
    ha: resource ? { managed: 1, state: resource.state ?? "started" } : { managed: 0 },
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
