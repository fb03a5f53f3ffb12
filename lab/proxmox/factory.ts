import { randomUUID } from "node:crypto";
import { newCephPool } from "./ceph";
import { SNIPPETS_BASE } from "./cloud-init";
import type { ClusterContext } from "./context";
import { volumeId } from "./state";
import { normalizeStorage } from "./storage-types";
import { randomMac, smbiosWithNewUuid } from "./vm-config";
import { CLOUDINIT_SIZE } from "./volumes";

/**
 * What a freshly installed PVE 9.1 cluster with Ceph has before anyone configures it: the `local`
 * directory storage (here with snippets enabled, as cloud-init needs) and `local-lvm`, Ceph with
 * only its `.mgr` pool, and the cloud-init templates the project clones its guests from.
 */

export interface TemplateSpec {
  vmid: number;
  name: string;
  /** The node whose storage holds it; the first node unless told otherwise. */
  node?: string;
  /** qemu's ostype: l26 (Linux) unless told otherwise, win11 for a Windows template. */
  ostype?: string;
  /** Where its disks are: local-lvm unless told otherwise (a shared storage must exist first). */
  storage?: string;
  /** Size of its system disk in GiB. */
  diskGiB?: number;
}

export const DEFAULT_TEMPLATES: readonly TemplateSpec[] = [
  { vmid: 9000, name: "ubuntu2204-cloudinit", ostype: "l26", diskGiB: 4 },
  { vmid: 9001, name: "windows2022-cloudinit", ostype: "win11", diskGiB: 40 },
];

const FACTORY_STORAGE = {
  local: { type: "dir", path: SNIPPETS_BASE, content: "backup,iso,snippets,vztmpl" },
  "local-lvm": { type: "lvmthin", thinpool: "data", vgname: "pve", content: "images,rootdir" },
};

function installTemplate(ctx: ClusterContext, spec: TemplateSpec): void {
  const node = spec.node ?? ctx.state.nodes[0];
  if (!ctx.state.hasNode(node)) throw new Error(`template ${spec.vmid} is on ${node}, which the lab does not have`);
  const storage = spec.storage ?? "local-lvm";
  const windows = (spec.ostype ?? "l26").startsWith("w");
  const disk = (sizeBytes: number) => ctx.volumes.makeBase(ctx.volumes.allocate(storage, node, spec.vmid, sizeBytes));
  const config: Record<string, string> = {
    name: spec.name,
    ostype: spec.ostype ?? "l26",
    agent: "1",
    cores: "2",
    memory: windows ? "4096" : "2048",
    scsihw: "virtio-scsi-single",
    net0: ctx.vmSchema.print("net0", { model: "virtio", macaddr: randomMac(), bridge: "vmbr0" }),
    ipconfig0: "ip=dhcp",
    smbios1: smbiosWithNewUuid(),
    vmgenid: randomUUID(),
    meta: `creation-qemu=10.1.2,ctime=${Math.floor(Date.now() / 1000)}`,
    template: "1",
  };
  if (windows) {
    Object.assign(config, { bios: "ovmf", machine: "pc-q35-10.1" });
    config.efidisk0 = ctx.vmSchema.print("efidisk0", {
      file: volumeId(disk(4 * 1024 * 1024)),
      efitype: "4m",
      "pre-enrolled-keys": "1",
      size: String(4 * 1024 * 1024),
    });
  } else Object.assign(config, { serial0: "socket", vga: "serial0" });
  const systemDisk = disk((spec.diskGiB ?? 10) * 1024 ** 3);
  config.scsi0 = ctx.vmSchema.print("scsi0", {
    file: volumeId(systemDisk),
    iothread: "1",
    size: String(systemDisk.sizeBytes),
  });
  if (windows) {
    config.tpmstate0 = ctx.vmSchema.print("tpmstate0", {
      file: volumeId(disk(4 * 1024 * 1024)),
      size: String(4 * 1024 * 1024),
      version: "v2.0",
    });
  }
  const cloudinit = ctx.volumes.allocate(storage, node, spec.vmid, CLOUDINIT_SIZE, `vm-${spec.vmid}-cloudinit`);
  config.ide2 = ctx.vmSchema.print("ide2", { file: volumeId(cloudinit), media: "cdrom" });
  config.boot = "order=scsi0";
  ctx.state.vms.set(spec.vmid, { vmid: spec.vmid, node, config, running: false });
}

export function installFactoryState(ctx: ClusterContext, templates: readonly TemplateSpec[]): void {
  const storage = ctx.state.config("/storage");
  for (const [id, section] of Object.entries(FACTORY_STORAGE)) storage.set(id, normalizeStorage(section));
  ctx.state.cephPools.set(".mgr", { ...newCephPool(1, ".mgr", 1), applications: ["mgr"] });
  for (const template of templates) installTemplate(ctx, template);
}
