import { existsSync } from "node:fs";
import * as path from "node:path";
import type { ClusterContext } from "./context";
import { failures } from "./errors";
import { drivesOf } from "./guests";
import type { VirtualMachine } from "./state";
import type { TaskLog } from "./tasks";
import { parsePropertyString } from "./validation";
import { isCloudinit } from "./vm-config";
import { CLOUDINIT_SIZE } from "./volumes";

/**
 * What a start does with cloud-init (qemu-server's Cloudinit.pm): for a guest with a cloud-init
 * drive it reads the `cicustom` snippets, which must exist on the starting node, then generates
 * the ISO. A missing snippet fails the start the way activate_volume fails it.
 */

/** Where a dir storage keeps its snippets; the lab has the node's directory for `/var/lib/vz`. */
export const SNIPPETS_BASE = "/var/lib/vz";

/** The order get_custom_cloudinit_files reads them in. */
const CUSTOM_FILES = ["network", "user", "meta", "vendor"];

function readSnippet(ctx: ClusterContext, node: string, volid: string): void {
  const [, storage, volname] = /^([^:]+):(.+)$/.exec(volid) ?? [];
  const file = /^snippets\/([^/]+)$/.exec(volname ?? "")?.[1];
  if (file === undefined) throw failures.notSnippet(volid);
  const section = ctx.state.storage(storage);
  if (!section) throw failures.storageMissing(storage);
  const onDisk = section.path === SNIPPETS_BASE && existsSync(path.join(ctx.snippetsDir(node), file));
  if (!onDisk) throw failures.volumeMissing(volid);
}

/**
 * commit_cloudinit_disk: the ISO goes to the cloud-init volume, which is allocated afresh (4 MiB)
 * when the starting node does not have it, as on a node HA recovered the guest to.
 */
function commitCloudInitDisk(ctx: ClusterContext, vm: VirtualMachine, node: string, volid: string): void {
  if (ctx.state.findVolume(volid, node)) return;
  const [, storage] = /^([^:]+):/.exec(volid) ?? [];
  ctx.volumes.allocate(storage, node, vm.vmid, CLOUDINIT_SIZE, `vm-${vm.vmid}-cloudinit`);
}

export function generateCloudInit(ctx: ClusterContext, vm: VirtualMachine, node: string, log: TaskLog): void {
  const drive = drivesOf(ctx, vm).find(({ drive }) => isCloudinit(drive))?.drive;
  if (!drive) return;
  const custom = vm.config.cicustom === undefined ? {} : parsePropertyString("pve-qm-cicustom", vm.config.cicustom);
  for (const kind of CUSTOM_FILES) {
    if (custom[kind] !== undefined) readSnippet(ctx, node, custom[kind]);
  }
  commitCloudInitDisk(ctx, vm, node, drive.file ?? "");
  log.print("generating cloud-init ISO");
}
