import { randomUUID } from "node:crypto";
import { type ApiCall, type ClusterContext, flag, integer, nodeOf, type Routes, text } from "./context";
import { ApiError, died, failures, parameterErrors } from "./errors";
import { checkLock, drivesOf, haResource, haSid, isTemplate, loadVm, vmStatus } from "./guests";
import { permissionCheckFailed } from "./permissions";
import { boot } from "./qemu-power";
import { type VirtualMachine, type Volume, volumeId } from "./state";
import { isSharedStorage } from "./storage-types";
import type { TaskLog } from "./tasks";
import { defaultBootOrder, isCdrom, isCloudinit, smbiosWithNewUuid } from "./vm-config";
import { checkNewDiskStorages, optionsOf, setOptions } from "./vm-options";

/** qemu guests coming and going: create, clone, convert to template, migrate, destroy, list. */

/** The `meta` line qemu-server writes into a new config. */
const metaInfo = () => `creation-qemu=10.1.2,ctime=${Math.floor(Date.now() / 1000)}`;

/** check_pool_exist: a guest may only join a resource pool that exists. */
function checkPool(ctx: ClusterContext, pool: string | undefined): void {
  if (pool !== undefined && !ctx.state.config("/pools").has(pool)) throw failures.noSuchPool(pool);
}

/**
 * create_vm's own checks (its declared permission is `user => 'all'`): Datastore.AllocateSpace on
 * the default storage, Sys.Console on / to make the guest HA-managed, then VM.Allocate on the guest
 * or on its pool; a bare 403 otherwise.
 */
function checkCreateAccess({ params, access }: ApiCall): void {
  const storage = text(params, "storage");
  if (storage !== undefined) access.check(`/storage/${storage}`, ["Datastore.AllocateSpace"]);
  if (flag(params, "ha-managed")) access.check("/", ["Sys.Console"]);
  const pool = text(params, "pool");
  if (access.check(`/vms/${params.vmid}`, ["VM.Allocate"], true)) return;
  if (pool && access.check(`/pool/${pool}`, ["VM.Allocate"], true)) return;
  throw permissionCheckFailed();
}

function create(ctx: ClusterContext, call: ApiCall): string {
  const { params, user } = call;
  const node = String(params.node);
  const vmid = Number(params.vmid);
  if (params.archive !== undefined) throw failures.notEmulated("POST", "/nodes/{node}/qemu (restore)");
  checkPool(ctx, text(params, "pool"));
  checkCreateAccess(call);
  const options = optionsOf(ctx, params);
  const defaultStorage = text(params, "storage");
  checkNewDiskStorages(ctx, node, options, defaultStorage);
  const existing = ctx.state.vms.get(vmid);
  if (existing) throw failures.unableToCreateVm(vmid, failures.vmExists(vmid, existing.node));
  const placeholder: VirtualMachine = { vmid, node, config: { lock: "create" }, running: false };
  ctx.state.vms.set(vmid, placeholder);
  const work = (log: TaskLog) => {
    try {
      const config: Record<string, string> = { meta: metaInfo() };
      setOptions(ctx, config, vmid, node, options, defaultStorage);
      config.boot ??= defaultBootOrder(ctx.vmSchema, config);
      config.smbios1 ??= smbiosWithNewUuid();
      if (config.vmgenid === undefined || config.vmgenid === "1") config.vmgenid = randomUUID();
      placeholder.config = config;
    } catch (error) {
      if (error instanceof ApiError) throw failures.unableToCreateVm(vmid, error);
      throw error;
    }
    if (flag(params, "ha-managed")) {
      log.print("Add as HA resource");
      const state = flag(params, "start") ? "started" : "stopped";
      ctx.state.config("/cluster/ha/resources").set(haSid(vmid), { type: "vm", state });
    }
    if (flag(params, "start")) {
      log.print("Execute autostart");
      // qemu-server only warns when the start fails: the create itself succeeded.
      try {
        boot(ctx, placeholder, node, log);
      } catch (error) {
        log.print(error instanceof ApiError ? error.text.trimEnd() : String(error));
      }
    }
  };
  return ctx.tasks.start({ node, type: "qmcreate", id: String(vmid), user }, work, () => forget(ctx, vmid));
}

/** What a failed create or clone leaves behind: nothing of the new guest, its disks included. */
function forget(ctx: ClusterContext, vmid: number): void {
  ctx.state.vms.delete(vmid);
  for (const volume of ctx.state.volumes.filter((v) => v.vmid === vmid)) ctx.volumes.free(volume);
}

/** The early checks of clone_vm, which answer before the task starts. */
function checkClone(ctx: ClusterContext, call: ApiCall) {
  const { params } = call;
  const node = nodeOf(call);
  const target = text(params, "target") === node ? undefined : text(params, "target");
  const storage = text(params, "storage");
  const newid = Number(params.newid);
  checkPool(ctx, text(params, "pool"));
  if (target !== undefined && !ctx.state.hasNode(target)) throw failures.noSuchCluster(target);
  if (storage !== undefined) {
    const section = ctx.volumes.imageStorage(storage, node);
    if (target !== undefined) {
      ctx.volumes.enabledStorage(storage, target);
      if (!isSharedStorage(section)) throw failures.cloneToNonShared(storage);
    }
  }
  const source = loadVm(ctx, node, Number(params.vmid));
  checkLock(source);
  const full = flag(params, "full") ?? !isTemplate(source);
  if (storage !== undefined && !full) throw died("parameter 'storage' not allowed for linked clones");
  if (text(params, "format") !== undefined && !full) throw died("parameter 'format' not allowed for linked clones");
  const disks = drivesOf(ctx, source).filter(({ drive }) => !isCdrom(drive) || isCloudinit(drive));
  const sourceVolumes = disks.map(({ key, drive }) => {
    const volume = ctx.state.findVolume(drive.file ?? "", node);
    if (!volume) throw failures.volumeMissing(drive.file ?? "");
    const linkable = full || isCloudinit(drive) || ctx.volumes.canLinkClone(volume);
    if (!linkable) throw died(`Linked clone feature is not supported for '${drive.file}' (${key})`);
    return { key, drive, volume };
  });
  const shared = sourceVolumes.every(({ volume }) => volume.node === undefined);
  if (target !== undefined && !shared) throw failures.cloneLocalStorage(target);
  if (ctx.state.vms.has(newid)) throw failures.cloneTargetExists(newid);
  return { node, target, storage, newid, source, full, sourceVolumes };
}

function clone(ctx: ClusterContext, call: ApiCall): string {
  const { params, user } = call;
  const plan = checkClone(ctx, call);
  const { node, target, storage, newid, source, full } = plan;
  const placeholder: VirtualMachine = { vmid: newid, node, config: { lock: "clone" }, running: false };
  ctx.state.vms.set(newid, placeholder);
  const work = (log: TaskLog) => {
    log.print(`create ${full ? "full" : "linked"} clone of VM ${source.vmid} with ID ${newid}`);
    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(source.config)) {
      if (/^unused\d+$/.test(key) || key === "template" || key === "lock") continue;
      config[key] = value;
    }
    for (const net of Object.keys(config).filter((key) => /^net\d+$/.test(key))) {
      const { macaddr: _, ...rest } = ctx.vmSchema.parse(net, config[net]);
      setOptions(ctx, config, newid, node, { [net]: ctx.vmSchema.print(net, rest) });
    }
    try {
      for (const { key, drive, volume } of plan.sourceVolumes) {
        const toStorage = storage ?? volume.storage;
        const copy = isCloudinit(drive)
          ? ctx.volumes.allocate(toStorage, node, newid, volume.sizeBytes, `vm-${newid}-cloudinit`)
          : full
            ? ctx.volumes.allocate(toStorage, node, newid, volume.sizeBytes, undefined, text(params, "format"))
            : ctx.volumes.linkClone(volume, newid, node);
        if (!isCloudinit(drive)) log.print(`create ${full ? "full" : "linked"} clone of drive ${key} (${drive.file})`);
        config[key] = ctx.vmSchema.print(key, { ...drive, file: volumeId(copy) });
      }
    } catch (error) {
      throw died(`clone failed: ${error instanceof ApiError ? error.text.trimEnd() : String(error)}`);
    }
    config.smbios1 = smbiosWithNewUuid(config.smbios1);
    if (config.vmgenid !== undefined) config.vmgenid = randomUUID();
    config.name = text(params, "name") ?? `Copy-of-VM-${source.config.name ?? source.vmid}`;
    const description = text(params, "description");
    if (description) config.description = description;
    placeholder.config = config;
    placeholder.node = target ?? node;
  };
  return ctx.tasks.start({ node, type: "qmclone", id: String(source.vmid), user }, work, () => forget(ctx, newid));
}

function destroy(ctx: ClusterContext, call: ApiCall): string {
  const { params, user } = call;
  const node = nodeOf(call);
  const vmid = Number(params.vmid);
  const purge = flag(params, "purge") ?? false;
  const earlyChecks = () => {
    const vm = loadVm(ctx, node, vmid);
    if (vm.config.protection === "1") throw failures.protection(`can't remove VM ${vmid}`);
    if (!purge && haResource(ctx, vmid)) {
      throw died(`unable to remove VM ${vmid} - used in HA resources and purge parameter not set.`);
    }
    if (vm.running) throw failures.destroyRunning(vmid);
    return vm;
  };
  earlyChecks();
  return ctx.tasks.start({ node, type: "qmdestroy", id: String(vmid), user }, (log) => {
    const vm = earlyChecks();
    checkLock(vm);
    const referenced = [
      ...drivesOf(ctx, vm).map(({ drive }) => drive.file ?? ""),
      ...Object.keys(vm.config)
        .filter((key) => /^unused\d+$/.test(key))
        .map((key) => vm.config[key]),
    ];
    const owned = (volid: string) => ctx.state.findVolume(volid, node);
    for (const volid of referenced) {
      const volume = owned(volid);
      if (volume?.vmid === vmid) ctx.volumes.free(volume);
    }
    if (flag(params, "destroy-unreferenced-disks")) {
      for (const volume of ctx.state.volumes.filter((v) => v.vmid === vmid && (v.node ?? node) === node)) {
        ctx.volumes.free(volume);
      }
    }
    if (purge) {
      log.print(`purging VM ${vmid} from related configurations..`);
      if (haResource(ctx, vmid)) {
        ctx.collections.handle({
          method: "DELETE",
          template: "/cluster/ha/resources/{sid}",
          params: { sid: haSid(vmid), purge: 1 },
        });
        log.print(`NOTE: removed VM ${vmid} from HA resource configuration.`);
      }
    }
    ctx.state.vms.delete(vmid);
  });
}

/** template_create: disks become base volumes, the config gets `template: 1`. */
function makeTemplate(ctx: ClusterContext, call: ApiCall): string {
  const node = nodeOf(call);
  const vmid = Number(call.params.vmid);
  const vm = loadVm(ctx, node, vmid);
  if (isTemplate(vm)) throw failures.templateOfTemplate();
  if (vm.running) throw failures.templateRunning();
  return ctx.tasks.start({ node, type: "qmtemplate", id: String(vmid), user: call.user }, () => {
    checkLock(vm);
    for (const { key, drive } of drivesOf(ctx, vm)) {
      const volume = ctx.state.findVolume(drive.file ?? "", node);
      if (!volume || isCdrom(drive)) continue;
      drive.file = volumeId(ctx.volumes.makeBase(volume));
      vm.config[key] = ctx.vmSchema.print(key, drive);
    }
    vm.config.template = "1";
  });
}

/** migrate_vm: the config moves to the target node, and local disks with it. */
export function migrateVm(ctx: ClusterContext, call: ApiCall): string {
  const { params } = call;
  const node = nodeOf(call);
  const target = String(params.target);
  if (target === node) throw parameterErrors({ target: "target is local node." });
  if (!ctx.state.hasNode(target)) throw failures.noSuchCluster(target);
  const vm = loadVm(ctx, node, Number(params.vmid));
  checkLock(vm);
  const online = vm.running;
  if (online && !flag(params, "online")) throw died("can't migrate running VM without --online");
  const volumes = drivesOf(ctx, vm).map(({ drive }) => ctx.state.findVolume(drive.file ?? "", node));
  const local = volumes.filter((v): v is Volume => v?.node !== undefined);
  for (const volume of local) ctx.volumes.enabledStorage(volume.storage, target);
  return ctx.tasks.start({ node, type: "qmigrate", id: String(vm.vmid), user: call.user }, (log) => {
    if (online && local.length > 0 && !flag(params, "with-local-disks")) {
      throw died("can't live migrate attached local disks without with-local-disks option");
    }
    log.print(`starting migration of VM ${vm.vmid} to node '${target}'`);
    for (const volume of local) {
      log.print(`copying local disk '${volumeId(volume)}' to node '${target}'`);
      volume.node = target;
    }
    vm.node = target;
    log.print("migration finished successfully");
  });
}

export function lifecycleRoutes(ctx: ClusterContext): Routes {
  return {
    "GET /nodes/{node}/qemu": (call) =>
      [...ctx.state.vms.values()]
        .filter((vm) => vm.node === nodeOf(call) && call.access.check(`/vms/${vm.vmid}`, ["VM.Audit"], true))
        .sort((a, b) => a.vmid - b.vmid)
        .map((vm) => vmStatus(ctx, vm)),
    "POST /nodes/{node}/qemu": (call) => create(ctx, call),
    "GET /nodes/{node}/qemu/{vmid}": (call) => {
      loadVm(ctx, nodeOf(call), integer(call.params, "vmid") ?? 0);
      const subdirs = ["config", "pending", "status", "unlink", "vncproxy", "termproxy", "migrate", "resize"];
      return [...subdirs, "move", "rrd", "rrddata", "monitor", "agent", "snapshot", "spiceproxy", "sendkey"]
        .concat(["firewall", "mtunnel", "remote_migrate"])
        .map((subdir) => ({ subdir }));
    },
    "DELETE /nodes/{node}/qemu/{vmid}": (call) => destroy(ctx, call),
    "POST /nodes/{node}/qemu/{vmid}/clone": (call) => clone(ctx, call),
    "POST /nodes/{node}/qemu/{vmid}/template": (call) => makeTemplate(ctx, call),
    "POST /nodes/{node}/qemu/{vmid}/migrate": (call) => migrateVm(ctx, call),
  };
}
