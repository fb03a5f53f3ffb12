import type { ClusterContext } from "./context";
import { died } from "./errors";
import { splitList } from "./formats";
import { type Volume, volumeId } from "./state";
import type { ParamObject } from "./validation";
import { DRIVE_KEY, isCdrom, isCloudinit, NEW_DISK, randomMac, UNUSED_KEY } from "./vm-config";
import { CLOUDINIT_SIZE } from "./volumes";

/**
 * Setting and deleting guest options, as qemu-server's create and update do it: `STORAGE:SIZE`
 * allocates a disk, `STORAGE:cloudinit` a cloud-init drive, a network device gets a MAC, and a
 * disk that is replaced or deleted is kept as `unused<n>` unless forced away.
 */

/** The options of a create or update request, as the config file will spell them. */
export function optionsOf(ctx: ClusterContext, params: ParamObject): Record<string, string> {
  const options: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (!ctx.vmSchema.isOption(key) || value === undefined || value === null) continue;
    options[key] = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
  }
  return options;
}

/**
 * check_storage_access: a new disk's storage (`STORAGE:SIZE`, or the request's default storage for
 * a bare size) must exist and hold images, before any task starts.
 */
export function checkNewDiskStorages(
  ctx: ClusterContext,
  node: string,
  options: Record<string, string>,
  defaultStorage?: string,
): void {
  for (const [key, value] of Object.entries(options)) {
    if (!DRIVE_KEY.test(key)) continue;
    const drive = ctx.vmSchema.parse(key, value);
    const newDisk = NEW_DISK.exec(drive.file ?? "");
    if (newDisk && !isCdrom(drive)) {
      const storage = newDisk[2] ?? defaultStorage;
      if (storage === undefined) throw died("no storage ID specified (and no default storage)");
      ctx.volumes.imageStorage(storage, node);
    }
  }
}

/** The first `unused<n>` a config does not hold. */
export function freeUnusedSlot(config: Record<string, string>): string {
  for (let i = 0; ; i++) if (config[`unused${i}`] === undefined) return `unused${i}`;
}

/** Sets options on a guest's config in place; `vmid` and `node` own any volume it allocates. */
export function setOptions(
  ctx: ClusterContext,
  config: Record<string, string>,
  vmid: number,
  node: string,
  options: Record<string, string>,
  defaultStorage?: string,
): void {
  for (const [key, value] of Object.entries(options)) {
    if (DRIVE_KEY.test(key)) {
      const previous = config[key];
      config[key] = driveValue(ctx, key, value, vmid, node, defaultStorage);
      if (previous !== undefined) retire(ctx, config, key, previous, node, false);
    } else if (/^net\d+$/.test(key)) {
      const net = ctx.vmSchema.parse(key, value);
      net.macaddr ??= randomMac();
      config[key] = ctx.vmSchema.print(key, net);
    } else config[key] = value;
  }
}

function driveValue(
  ctx: ClusterContext,
  key: string,
  value: string,
  vmid: number,
  node: string,
  defaultStorage: string | undefined,
): string {
  const drive = ctx.vmSchema.parse(key, value);
  const file = drive.file ?? "";
  const newDisk = NEW_DISK.exec(file);
  const cloudinit = /^([^/:\s]+):cloudinit$/.exec(file);
  let volume: Volume | undefined;
  if (cloudinit) {
    volume = ctx.volumes.allocate(cloudinit[1], node, vmid, CLOUDINIT_SIZE, `vm-${vmid}-cloudinit`, drive.format);
    drive.media = "cdrom";
  } else if (newDisk && !isCdrom(drive)) {
    const size = Math.floor(Number(newDisk[3]) * 1024 ** 3);
    volume = ctx.volumes.allocate(newDisk[2] ?? defaultStorage ?? "", node, vmid, size, undefined, drive.format);
    drive.size = String(size);
  } else if (!isCdrom(drive)) {
    // create_disks: an existing volume's size is read from its storage, whatever the request says.
    const existing = ctx.state.findVolume(file, node);
    if (existing) drive.size = String(existing.sizeBytes);
  }
  if (volume) drive.file = volumeId(volume);
  return ctx.vmSchema.print(key, drive);
}

/** What becomes of a drive's volume when the drive goes: unused<n>, or freed. */
function retire(
  ctx: ClusterContext,
  config: Record<string, string>,
  key: string,
  value: string,
  node: string,
  force: boolean,
): void {
  const drive = ctx.vmSchema.parse(key, value);
  const volume = ctx.state.findVolume(drive.file ?? "", node);
  const current = config[key] === undefined ? undefined : ctx.vmSchema.parse(key, config[key]).file;
  if (!volume || current === drive.file || (isCdrom(drive) && !isCloudinit(drive))) return;
  if (force || isCloudinit(drive)) ctx.volumes.free(volume);
  else config[freeUnusedSlot(config)] = volumeId(volume);
}

/** The `delete` list of an update: options go, disks become unused<n> (or are freed with force). */
export function deleteOptions(
  ctx: ClusterContext,
  config: Record<string, string>,
  node: string,
  deleteList: string,
  force: boolean,
): void {
  for (const key of splitList(deleteList)) {
    const value = config[key];
    if (value === undefined) continue;
    delete config[key];
    if (DRIVE_KEY.test(key)) retire(ctx, config, key, value, node, force);
    else if (UNUSED_KEY.test(key)) {
      const volume = ctx.state.findVolume(ctx.vmSchema.parse(key, value).file ?? "", node);
      if (volume) ctx.volumes.free(volume);
    }
  }
}
