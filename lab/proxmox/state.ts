import { createHash } from "node:crypto";
import { HaFiles } from "./ha-files";
import { SectionConfig } from "./section-config";

/**
 * Everything the emulated cluster holds: its nodes and which are alive, the guests and their
 * configuration files, the disk volumes on each storage, the Ceph pools, the section-config files
 * behind the generic collections, and the HA daemons' status files. It stores what was set and
 * checks nothing: the API layer does the checking, so tests can change the state out of band.
 */

export interface VirtualMachine {
  vmid: number;
  node: string;
  /** The options of `/etc/pve/qemu-server/<vmid>.conf`, as the file spells them. */
  config: Record<string, string>;
  running: boolean;
  /** When the VM last started (ms since the epoch), for uptime and the guest agent's boot time. */
  startedAt?: number;
}

export interface Volume {
  storage: string;
  /** The name within the storage: "vm-100-disk-0", "base-9000-disk-0", "100/vm-100-disk-0.qcow2". */
  volname: string;
  /** The node whose local storage holds it; undefined on shared storage. */
  node?: string;
  /** The guest that owns it. */
  vmid: number;
  sizeBytes: number;
  format: string;
}

export interface CephPool {
  id: number;
  name: string;
  size: number;
  minSize: number;
  pgNum: number;
  pgNumMin?: number;
  crushRule: string;
  autoscaleMode: string;
  applications: string[];
  targetSizeBytes?: number;
  targetSizeRatio?: number;
}

export const volumeId = (volume: Volume) => `${volume.storage}:${volume.volname}`;

/** The digest PVE shows for a guest config: SHA-1 over the file. */
export function configDigest(config: Record<string, string>): string {
  const text = Object.keys(config)
    .sort()
    .map((key) => `${key}: ${config[key]}\n`)
    .join("");
  return createHash("sha1").update(text).digest("hex");
}

const scopeKey = (collection: string, scope: Record<string, string>) =>
  `${collection} ${JSON.stringify(Object.entries(scope).sort())}`;

export class ClusterState {
  readonly vms = new Map<number, VirtualMachine>();
  volumes: Volume[] = [];
  readonly cephPools = new Map<string, CephPool>();
  private readonly configs = new Map<string, SectionConfig>();
  /** SDN's running configuration, what the last apply committed, by the same keys as configs. */
  private readonly running = new Map<string, SectionConfig>();
  private readonly files = new Map<string, string>();
  /** The HA daemons' status files. */
  readonly ha = new HaFiles();
  /** Nodes that have died, with when (ms since the epoch): corosync no longer counts them members. */
  readonly deadSince = new Map<string, number>();
  /** Nodes that came back to life, with when they booted. */
  readonly bootedAt = new Map<string, number>();

  constructor(readonly nodes: readonly string[]) {}

  hasNode(node: string): boolean {
    return this.nodes.includes(node);
  }

  /** Whether the node is a member of the cluster's quorate partition, as corosync reports it. */
  isOnline(node: string): boolean {
    return !this.deadSince.has(node);
  }

  /** The section config behind a collection (scoped by the collection path's own parameters). */
  config(collection: string, scope: Record<string, string> = {}): SectionConfig {
    const key = scopeKey(collection, scope);
    let config = this.configs.get(key);
    if (!config) {
      config = new SectionConfig(key);
      this.configs.set(key, config);
      this.files.set(key, collection);
    }
    return config;
  }

  runningConfig(collection: string, scope: Record<string, string> = {}): SectionConfig {
    const key = scopeKey(collection, scope);
    return this.running.get(key) ?? new SectionConfig(key);
  }

  /** SDN apply: the running configuration of every staged collection becomes its configuration. */
  commit(isStaged: (collection: string) => boolean): void {
    for (const [key, config] of this.configs) {
      if (isStaged(this.files.get(key) ?? "")) this.running.set(key, config.snapshot());
    }
  }

  storage(id: string) {
    return this.config("/storage").get(id);
  }

  vmOn(node: string, vmid: number): VirtualMachine | undefined {
    const vm = this.vms.get(vmid);
    return vm?.node === node ? vm : undefined;
  }

  /** The volume a volume ID names as seen from `node` (local storages differ from node to node). */
  findVolume(volid: string, node: string): Volume | undefined {
    return this.volumes.find((v) => volumeId(v) === volid && (v.node === undefined || v.node === node));
  }

  removeVolume(volume: Volume): void {
    this.volumes = this.volumes.filter((v) => v !== volume);
  }
}
