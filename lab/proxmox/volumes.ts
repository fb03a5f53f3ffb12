import { died, failures, parameterErrors } from "./errors";
import type { Section } from "./section-config";
import type { ClusterState, Volume } from "./state";
import { STORAGE_TYPES, storageHas } from "./storage-types";

/**
 * Disk images on the cluster's storages, as pve-storage allocates, copies, renames and frees them.
 * A volume on local storage exists on one node only; on shared storage every node sees it.
 */

export const CLOUDINIT_SIZE = 4 * 1024 * 1024;

export class VolumeStore {
  constructor(private readonly state: ClusterState) {}

  /** storage_config + storage_check_enabled for `node`. */
  enabledStorage(storage: string, node: string): Section {
    const section = this.state.storage(storage);
    if (!section) throw failures.storageMissing(storage);
    if (Number(section.disable ?? 0)) throw failures.storageDisabled(storage);
    const nodes = section.nodes === undefined ? undefined : String(section.nodes).split(",");
    if (nodes && !nodes.includes(node)) throw failures.storageNotOnNode(storage, node);
    return section;
  }

  /** A storage a new disk may go to: enabled on the node and holding VM images. */
  imageStorage(storage: string, node: string, parameter = "storage"): Section {
    const section = this.enabledStorage(storage, node);
    if (!storageHas(section, "images")) {
      throw parameterErrors({ [parameter]: `storage '${storage}' does not support vm images` });
    }
    return section;
  }

  /** vdisk_alloc: a new volume, named `name` or the first free vm-<vmid>-disk-<n>. */
  allocate(storage: string, node: string, vmid: number, sizeBytes: number, name?: string, format?: string): Volume {
    const section = this.imageStorage(storage, node);
    const type = STORAGE_TYPES[String(section.type)];
    const shared = Number(section.shared ?? 0) === 1;
    const onNode = (v: Volume) => v.storage === storage && (shared || v.node === node);
    const taken = new Set(this.state.volumes.filter(onNode).map((v) => v.volname));
    const volumeFormat = format ?? (String(section.type) === "dir" ? String(section.format ?? "raw") : "raw");
    const nameOf = (base: string) => type?.volumeName(vmid, base, volumeFormat) ?? base;
    let base = name;
    for (let n = 0; base === undefined; n++) {
      const free = ![`vm-${vmid}-disk-${n}`, `base-${vmid}-disk-${n}`].some((b) => taken.has(nameOf(b)));
      if (free) base = `vm-${vmid}-disk-${n}`;
    }
    const volname = nameOf(base);
    if (taken.has(volname)) throw died(`disk image '${volname}' already exists`);
    const volume: Volume = {
      storage,
      volname,
      node: shared ? undefined : node,
      vmid,
      sizeBytes,
      format: volumeFormat,
    };
    this.state.volumes.push(volume);
    return volume;
  }

  /** vdisk_free. */
  free(volume: Volume): void {
    this.state.removeVolume(volume);
  }

  /** What template_create does to a disk: vm-<vmid>-disk-<n> becomes base-<vmid>-disk-<n>. */
  makeBase(volume: Volume): Volume {
    volume.volname = volume.volname.replace(/(^|\/)vm-(\d+)-disk-/, "$1base-$2-disk-");
    return volume;
  }

  /** Whether a storage can make a linked clone of a base volume (rbd and LVM-thin can). */
  canLinkClone(volume: Volume): boolean {
    const type = String(this.state.storage(volume.storage)?.type);
    return (type === "rbd" || type === "lvmthin") && /^base-/.test(volume.volname);
  }

  /** A linked clone: a new volume that names its base, as `base-9000-disk-0/vm-101-disk-0`. */
  linkClone(base: Volume, vmid: number, node: string): Volume {
    const clone = this.allocate(base.storage, node, vmid, base.sizeBytes);
    clone.volname = `${base.volname}/${clone.volname}`;
    return clone;
  }
}
