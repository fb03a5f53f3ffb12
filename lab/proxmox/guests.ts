import type { ClusterContext } from "./context";
import { failures } from "./errors";
import type { VirtualMachine } from "./state";
import { DRIVE_KEY, type Drive, defaultBootOrder, isCdrom, isCloudinit, parseSize } from "./vm-config";

/** What qemu-server does over and over: load a guest's config, check its lock, report its status. */

/** PVE::QemuConfig->load_config on `node`: a guest on another node has no config file here. */
export function loadVm(ctx: ClusterContext, node: string, vmid: number): VirtualMachine {
  const vm = ctx.state.vmOn(node, vmid);
  if (!vm) throw failures.configFileMissing(node, vmid);
  return vm;
}

export function checkLock(vm: VirtualMachine): void {
  if (vm.config.lock !== undefined) throw failures.locked(vm.config.lock);
}

export const isTemplate = (vm: VirtualMachine) => vm.config.template === "1";

export const haSid = (vmid: number) => `vm:${vmid}`;

export function haResource(ctx: ClusterContext, vmid: number) {
  return ctx.state.config("/cluster/ha/resources").get(haSid(vmid));
}

/** The drives of a config with the volumes they name, parsed. */
export function drivesOf(ctx: ClusterContext, vm: VirtualMachine): { key: string; drive: Drive }[] {
  return Object.keys(vm.config)
    .filter((key) => DRIVE_KEY.test(key))
    .map((key) => ({ key, drive: ctx.vmSchema.parse(key, vm.config[key]) }));
}

/** The memory a config gives the guest, in MiB (`memory` is a property string since PVE 8.1). */
function memoryMiB(config: Record<string, string>): number {
  const memory = config.memory ?? "512";
  return Number(/^(current=)?(\d+)/.exec(memory)?.[2] ?? 512);
}

function bootDiskSize(ctx: ClusterContext, vm: VirtualMachine): number {
  const order = (vm.config.boot ?? defaultBootOrder(ctx.vmSchema, vm.config)).replace(/^order=/, "").split(";");
  const drives = drivesOf(ctx, vm).filter(({ drive }) => !isCdrom(drive) && !isCloudinit(drive));
  const boot = drives.find(({ key }) => order.includes(key)) ?? drives[0];
  return boot ? (parseSize(boot.drive.size ?? "0") ?? 0) : 0;
}

/** PVE::QemuServer::vmstatus for one guest. */
export function vmStatus(ctx: ClusterContext, vm: VirtualMachine) {
  const { config } = vm;
  const maxmem = memoryMiB(config) * 1024 * 1024;
  const uptime = vm.running && vm.startedAt !== undefined ? Math.floor((Date.now() - vm.startedAt) / 1000) : 0;
  const status: Record<string, unknown> = {
    vmid: vm.vmid,
    status: vm.running ? "running" : "stopped",
    name: config.name ?? `VM ${vm.vmid}`,
    cpus: Number(config.vcpus ?? Number(config.sockets ?? 1) * Number(config.cores ?? 1)),
    maxmem,
    maxdisk: bootDiskSize(ctx, vm),
    disk: 0,
    uptime,
    cpu: vm.running ? 0.01 : 0,
    mem: vm.running ? Math.floor(maxmem / 4) : 0,
    memhost: vm.running ? Math.floor(maxmem / 4) : 0,
    netin: 0,
    netout: 0,
    diskread: 0,
    diskwrite: 0,
  };
  if (vm.running) status.pid = 10000 + vm.vmid;
  if (config.template === "1") status.template = 1;
  if (config.lock !== undefined) status.lock = config.lock;
  if (config.tags !== undefined) status.tags = config.tags;
  return status;
}
