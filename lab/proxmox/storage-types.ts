import type { Section } from "./section-config";

/**
 * What the lab knows about each storage type (pve-storage's plugins): which options a section of
 * that type may carry, which content it may hold, whether it is shared by every node, and how its
 * disk images are named. A type not listed here is stored as given, with no per-type checks.
 */

export interface StorageType {
  /** The plugin's options(): absent means not allowed for this type. */
  options: Readonly<Record<string, { optional?: boolean; fixed?: boolean }>>;
  contents: readonly string[];
  defaultContent: readonly string[];
  /** In pve-storage's @SHARED_STORAGE: the same volumes on every node. */
  shared: boolean;
  /** The volume name of a disk image, given its base name ("vm-100-disk-0") and format. */
  volumeName(vmid: number, name: string, format: string): string;
  /** Where a node reaches a volume (PVE::Storage::path), as volume info reports it. */
  path(section: Section, storage: string, volname: string): string;
}

const blockVolume = (_vmid: number, name: string) => name;

/** The lab's one Ceph cluster, as its fsid names it in kernel-mapped RBD paths. */
const CEPH_FSID = "b0c1d3a5-7e2f-4c6a-9d8b-1f0e2a3b4c5d";

export const STORAGE_TYPES: Readonly<Record<string, StorageType>> = {
  dir: {
    options: {
      path: { fixed: true },
      "content-dirs": { optional: true },
      nodes: { optional: true },
      shared: { optional: true },
      disable: { optional: true },
      "prune-backups": { optional: true },
      "max-protected-backups": { optional: true },
      content: { optional: true },
      format: { optional: true },
      mkdir: { optional: true },
      "create-base-path": { optional: true },
      "create-subdirs": { optional: true },
      is_mountpoint: { optional: true },
      bwlimit: { optional: true },
      preallocation: { optional: true },
      "snapshot-as-volume-chain": { optional: true, fixed: true },
    },
    contents: ["images", "rootdir", "vztmpl", "iso", "backup", "snippets", "none", "import"],
    defaultContent: ["images", "rootdir"],
    shared: false,
    volumeName: (vmid, name, format) => `${vmid}/${name}.${format}`,
    path: (section, _storage, volname) => `${section.path}/images/${volname}`,
  },
  lvmthin: {
    options: {
      thinpool: { fixed: true },
      vgname: { fixed: true },
      nodes: { optional: true },
      disable: { optional: true },
      content: { optional: true },
      bwlimit: { optional: true },
    },
    contents: ["images", "rootdir"],
    defaultContent: ["images", "rootdir"],
    shared: false,
    volumeName: blockVolume,
    path: (section, _storage, volname) => `/dev/${section.vgname}/${volname}`,
  },
  rbd: {
    options: {
      nodes: { optional: true },
      disable: { optional: true },
      monhost: { optional: true },
      pool: { optional: true },
      "data-pool": { optional: true },
      namespace: { optional: true },
      username: { optional: true },
      content: { optional: true },
      krbd: { optional: true },
      keyring: { optional: true },
      bwlimit: { optional: true },
    },
    contents: ["images", "rootdir"],
    defaultContent: ["images"],
    shared: true,
    volumeName: blockVolume,
    // Through librbd unless the storage maps images with the kernel driver (krbd).
    path: (section, storage, volname) =>
      Number(section.krbd ?? 0) === 1
        ? `/dev/rbd-pve/${CEPH_FSID}/${section.pool ?? storage}/${volname}`
        : `rbd:${section.pool ?? storage}/${volname}:conf=/etc/pve/ceph.conf:id=admin:keyring=/etc/pve/priv/ceph/${storage}.keyring`,
  },
};

/** Options every section has whatever its type. */
const COMMON_OPTIONS = ["type", "storage", "digest", "delete"];

export function storageOptionAllowed(type: string, option: string): boolean {
  const known = STORAGE_TYPES[type];
  return !known || COMMON_OPTIONS.includes(option) || option in known.options;
}

/** The content list as PVE stores and prints it: supported types only, sorted, `none` when empty. */
function normalizeContent(type: string, content: string | undefined): string {
  const known = STORAGE_TYPES[type];
  const given = content === undefined ? [...(known?.defaultContent ?? [])] : content.split(/[,;\s]+/);
  const supported = given.filter((c) => c !== "" && (!known || known.contents.includes(c)));
  return [...new Set(supported)].sort().join(",") || "none";
}

/** How PVE reads a storage section back: default content filled in, shared types marked. */
export function normalizeStorage(section: Section): Section {
  const type = String(section.type);
  const normalized: Section = {
    ...section,
    content: normalizeContent(type, section.content === undefined ? undefined : String(section.content)),
  };
  if (STORAGE_TYPES[type]?.shared) normalized.shared = 1;
  return normalized;
}

export const isSharedStorage = (section: Section) => Number(section.shared ?? 0) === 1;

export const storageHas = (section: Section, content: string) => String(section.content).split(",").includes(content);

/**
 * What activate_volume dies with for a volume the node does not have: LVM-thin finds no such
 * logical volume (LvmThinPlugin.pm's activate_lv), the others no such path (Plugin.pm).
 */
export function missingVolumeMessage(section: Section, storage: string, volname: string): string {
  if (section.type === "lvmthin") return `no such logical volume ${section.vgname}/${volname}`;
  return `volume '${storage}:${volname}' does not exist`;
}
