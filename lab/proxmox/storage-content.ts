import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { SNIPPETS_BASE } from "./cloud-init";
import { storageStatus } from "./cluster";
import { type ApiCall, type ClusterContext, nodeOf, type Routes, text } from "./context";
import { ApiError, died, failures } from "./errors";
import type { Access } from "./permissions";
import { STORAGE_TYPES, storageHas } from "./storage-types";

/**
 * What a node's storage holds: disk images from the volume registry and, for a dir storage at
 * /var/lib/vz, the snippets in the node's snippets directory (the one its SFTP side writes to).
 */

const CONTENT_ORDER = ["rootdir", "images", "vztmpl", "iso", "backup", "snippets", "import"];

function snippets(ctx: ClusterContext, node: string, storage: string) {
  const dir = ctx.snippetsDir(node);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const stat = statSync(path.join(dir, entry.name));
      return {
        volid: `${storage}:snippets/${entry.name}`,
        format: "snippet",
        size: stat.size,
        ctime: Math.floor(stat.ctimeMs / 1000),
        content: "snippets",
      };
    });
}

/** volume_list, as /nodes/{node}/storage/{storage}/content answers it. */
function content(ctx: ClusterContext, call: ApiCall) {
  const node = nodeOf(call);
  const storage = String(call.params.storage);
  const section = ctx.state.storage(storage);
  if (!section) throw failures.storageMissing(storage);
  const wanted = text(call.params, "content");
  const vmid = text(call.params, "vmid");
  const types = CONTENT_ORDER.filter((c) => (wanted === undefined || c === wanted) && storageHas(section, c));
  const items: Record<string, unknown>[] = [];
  for (const type of types) {
    if (type === "images") {
      const images = ctx.state.volumes.filter(
        (v) => v.storage === storage && (v.node === undefined || v.node === node) && (!vmid || String(v.vmid) === vmid),
      );
      for (const v of images) {
        items.push({
          volid: `${v.storage}:${v.volname}`,
          format: v.format,
          size: v.sizeBytes,
          vmid: v.vmid,
          content: type,
        });
      }
    } else if (type === "snippets" && section.path === SNIPPETS_BASE && vmid === undefined) {
      items.push(...snippets(ctx, node, storage));
    }
  }
  // The listing leaves out what check_volume_access refuses the caller.
  const readable = (volid: string) => {
    try {
      checkVolumeAccess(call.access, storage, volid.slice(volid.indexOf(":") + 1), volid);
      return true;
    } catch (error) {
      if (error instanceof ApiError) return false;
      throw error;
    }
  };
  return items
    .filter((item) => readable(String(item.volid)))
    .sort((a, b) => String(a.volid).toLowerCase().localeCompare(String(b.volid).toLowerCase()));
}

/**
 * PVE::Storage::check_volume_access without a guest: Datastore.Allocate on the storage reads
 * anything; otherwise ISOs, templates and imports need read access to the storage, a guest's disk
 * Datastore.Audit on the storage and VM.Config.Disk on the guest, and anything else is refused.
 */
function checkVolumeAccess(access: Access, storage: string, volname: string, volid: string): void {
  if (access.check(`/storage/${storage}`, ["Datastore.Allocate"], true)) return;
  const folder = /^(iso|vztmpl|import|snippets|dump)\//.exec(volname)?.[1];
  if (folder === "iso" || folder === "vztmpl" || folder === "import") {
    access.checkAny(`/storage/${storage}`, ["Datastore.AllocateSpace", "Datastore.Audit"]);
    return;
  }
  const owner = folder === undefined ? /(?:^|\/)(?:base|vm)-(\d+)-[^/]*$/.exec(volname)?.[1] : undefined;
  if (owner === undefined) throw died(`missing privileges to access ${volid}`);
  access.check(`/storage/${storage}`, ["Datastore.Audit"]);
  access.check(`/vms/${owner}`, ["VM.Config.Disk"]);
}

/**
 * A volume's attributes (`info`). The volume is a whole volume id, or a volume name within the
 * storage of the path, as PVE takes either.
 */
function volumeInfo(ctx: ClusterContext, call: ApiCall) {
  const node = nodeOf(call);
  const given = String(call.params.volume);
  const volid = given.includes(":") ? given : `${call.params.storage}:${given}`;
  const storage = volid.slice(0, volid.indexOf(":"));
  const volname = volid.slice(volid.indexOf(":") + 1);
  if (!ctx.state.storage(storage)) throw failures.storageMissing(storage);
  checkVolumeAccess(call.access, storage, volname, volid);
  const section = ctx.volumes.enabledStorage(storage, node);
  const volume = ctx.state.volumes.find(
    (v) => v.storage === storage && v.volname === volname && (v.node === undefined || v.node === node),
  );
  if (!volume) throw failures.volumeMissing(volid);
  const type = STORAGE_TYPES[String(section.type)];
  // Most storage plugins report nothing useful as used space, and PVE says so.
  return { format: volume.format, path: type.path(section, storage, volname), size: volume.sizeBytes, used: 0 };
}

export function storageContentRoutes(ctx: ClusterContext): Routes {
  return {
    "GET /nodes/{node}/storage/{storage}/content": (call) => content(ctx, call),
    "GET /nodes/{node}/storage/{storage}/content/{volume}": (call) => volumeInfo(ctx, call),
    "GET /nodes/{node}/storage/{storage}/status": (call) => {
      const storage = String(call.params.storage);
      const section = ctx.volumes.enabledStorage(storage, nodeOf(call));
      const { storage: _, ...status } = storageStatus(ctx, storage, section, nodeOf(call));
      return status;
    },
  };
}
