/**
 * What each emulated node reports about itself: the same machine for every node, a PVE 9.1.3
 * install on a 32-thread server, and the sizes the lab gives its storages.
 */

export const PVE_VERSION = { version: "9.1.3", release: "9.1", repoid: "5829c814" };

export const KERNEL = {
  sysname: "Linux",
  release: "6.17.2-1-pve",
  version: "#1 SMP PREEMPT_DYNAMIC PMX 6.17.2-1 (2025-10-21T11:55Z)",
  machine: "x86_64",
};

export const NODE_HARDWARE = {
  cpuModel: "AMD EPYC 7302P 16-Core Processor",
  cpus: 32,
  cores: 16,
  sockets: 1,
  mhz: "3000.000",
  memoryBytes: 128 * 1024 ** 3,
  swapBytes: 8 * 1024 ** 3,
  rootfsBytes: 100 * 1024 ** 3,
};

/** Capacity of a storage as the lab reports it, by storage type; Ceph's is the cluster's raw space. */
export const STORAGE_CAPACITY: Readonly<Record<string, number>> = {
  dir: 100 * 1024 ** 3,
  lvmthin: 800 * 1024 ** 3,
  rbd: 10 * 1024 ** 4,
};
export const DEFAULT_STORAGE_CAPACITY = 100 * 1024 ** 3;
