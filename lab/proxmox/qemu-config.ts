import { type ApiCall, type ClusterContext, flag, nodeOf, type Routes, text } from "./context";
import { died, failures, parameterErrors } from "./errors";
import { splitList } from "./formats";
import { checkLock, loadVm } from "./guests";
import { configDigest, type VirtualMachine, volumeId } from "./state";
import { isCdrom, parseSize } from "./vm-config";
import { checkNewDiskStorages, deleteOptions, freeUnusedSlot, optionsOf, setOptions } from "./vm-options";

/**
 * A guest's configuration: read it, change it at once (PUT) or in a `qmconfig` task (POST), and
 * grow a disk. Changes to a running guest take effect at once here, where PVE keeps some as
 * pending until the next start; a read shows the same either way, as PVE shows pending values.
 */

function readConfig(ctx: ClusterContext, call: ApiCall) {
  const vm = loadVm(ctx, nodeOf(call), Number(call.params.vmid));
  return { ...ctx.vmSchema.render(vm.config), digest: configDigest(vm.config) };
}

/** update_vm_api: checks the request, then answers a function that applies it. */
function prepareUpdate(ctx: ClusterContext, call: ApiCall): { vm: VirtualMachine; apply: () => void } {
  const { params } = call;
  const node = nodeOf(call);
  const options = optionsOf(ctx, params);
  const deleteList = text(params, "delete") ?? "";
  const revert = text(params, "revert") ?? "";
  if (deleteList === "" && revert === "" && Object.keys(options).length === 0) throw died("no options specified");
  for (const key of splitList(revert)) {
    if (!ctx.vmSchema.isOption(key)) throw parameterErrors({ revert: `unknown option '${key}'` });
  }
  for (const key of splitList(deleteList)) {
    const option = key === "cdrom" ? "ide2" : key;
    if (options[option] !== undefined) {
      throw parameterErrors({ delete: `you can't use '-${option}' and -delete ${option}' at the same time` });
    }
    if (!ctx.vmSchema.isOption(option)) throw parameterErrors({ delete: `unknown option '${option}'` });
  }
  checkNewDiskStorages(ctx, node, options);
  const loadAndCheck = () => {
    const vm = loadVm(ctx, node, Number(params.vmid));
    const digest = text(params, "digest");
    if (digest !== undefined && digest !== configDigest(vm.config)) throw failures.checksumMismatch();
    checkLock(vm);
    return vm;
  };
  const vm = loadAndCheck();
  return {
    vm,
    apply: () => {
      const current = loadAndCheck();
      deleteOptions(
        ctx,
        current.config,
        node,
        deleteList.replace(/\bcdrom\b/g, "ide2"),
        flag(params, "force") ?? false,
      );
      setOptions(ctx, current.config, current.vmid, node, options);
    },
  };
}

/** The `resize` task: grow a disk by or to a size; PVE refuses to shrink. */
function resize(ctx: ClusterContext, call: ApiCall): string {
  const { params } = call;
  const node = nodeOf(call);
  const vm = loadVm(ctx, node, Number(params.vmid));
  const disk = String(params.disk);
  const sizeText = String(params.size);
  return ctx.tasks.start({ node, type: "resize", id: String(vm.vmid), user: call.user }, () => {
    const digest = text(params, "digest");
    if (digest !== undefined && digest !== configDigest(vm.config)) throw failures.checksumMismatch();
    checkLock(vm);
    if (vm.config[disk] === undefined) throw failures.diskMissing(disk);
    const drive = ctx.vmSchema.parse(disk, vm.config[disk]);
    if (!drive.file) throw died(`disk '${disk}' has no associated volume`);
    if (isCdrom(drive)) throw failures.cdromResize();
    call.access.check(`/storage/${drive.file.slice(0, drive.file.indexOf(":"))}`, ["Datastore.AllocateSpace"]);
    const volume = ctx.state.findVolume(drive.file, node);
    if (!volume) throw died(`Could not determine current size of volume '${drive.file}'`);
    const relative = sizeText.startsWith("+");
    const requested = parseSize(sizeText.replace(/^\+/, "")) ?? 0;
    const newSize = relative ? volume.sizeBytes + requested : requested;
    if (newSize < volume.sizeBytes) throw failures.shrinkRefused();
    if (newSize === volume.sizeBytes) return;
    volume.sizeBytes = newSize;
    vm.config[disk] = ctx.vmSchema.print(disk, { ...drive, size: String(newSize) });
  });
}

/**
 * The `qmmove` task: a disk's volume copied to another storage (or format) and the drive pointed at
 * the copy; the original stays as `unused<n>` unless `delete` is set, as PVE keeps it.
 */
function moveDisk(ctx: ClusterContext, call: ApiCall): string {
  const { params } = call;
  const node = nodeOf(call);
  const vm = loadVm(ctx, node, Number(params.vmid));
  const disk = String(params.disk);
  const storage = text(params, "storage");
  if (storage === undefined) throw failures.notEmulated("POST", "/nodes/{node}/qemu/{vmid}/move_disk to another VM");
  if (vm.config[disk] === undefined) throw failures.diskMissing(disk);
  const drive = ctx.vmSchema.parse(disk, vm.config[disk]);
  if (isCdrom(drive)) throw died("you can't move a cdrom");
  const source = ctx.state.findVolume(drive.file ?? "", node);
  if (!source) throw died(`disk '${disk}' has no associated volume`);
  const format = text(params, "format") ?? source.format;
  if (storage === source.storage && format === source.format) {
    throw died("you can't move to the same storage with same format");
  }
  ctx.volumes.imageStorage(storage, node);
  return ctx.tasks.start({ node, type: "qmmove", id: String(vm.vmid), user: call.user }, (log) => {
    const digest = text(params, "digest");
    if (digest !== undefined && digest !== configDigest(vm.config)) throw failures.checksumMismatch();
    checkLock(vm);
    const target = ctx.volumes.allocate(storage, node, vm.vmid, source.sizeBytes, undefined, format);
    log.print(`create full clone of drive ${disk} (${drive.file})`);
    vm.config[disk] = ctx.vmSchema.print(disk, { ...drive, file: volumeId(target), size: String(target.sizeBytes) });
    if (flag(params, "delete") ?? false) ctx.volumes.free(source);
    else vm.config[freeUnusedSlot(vm.config)] = volumeId(source);
  });
}

export function configRoutes(ctx: ClusterContext): Routes {
  return {
    "GET /nodes/{node}/qemu/{vmid}/config": (call) => readConfig(ctx, call),
    "PUT /nodes/{node}/qemu/{vmid}/config": (call) => {
      prepareUpdate(ctx, call).apply();
      return null;
    },
    "POST /nodes/{node}/qemu/{vmid}/config": (call) => {
      const { vm, apply } = prepareUpdate(ctx, call);
      return ctx.tasks.start({ node: nodeOf(call), type: "qmconfig", id: String(vm.vmid), user: call.user }, apply);
    },
    "PUT /nodes/{node}/qemu/{vmid}/resize": (call) => resize(ctx, call),
    "POST /nodes/{node}/qemu/{vmid}/move_disk": (call) => moveDisk(ctx, call),
  };
}
