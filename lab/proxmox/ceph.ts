import { type ApiCall, type ClusterContext, flag, nodeOf, type Routes, text } from "./context";
import { ApiError, died, failures } from "./errors";
import { CODE_FORMATS } from "./formats";
import type { CephPool } from "./state";
import type { TaskLog } from "./tasks";
import { parseSize } from "./vm-config";

/**
 * Ceph pools, as pve-manager's Ceph/Pool.pm drives Ceph: create, change and destroy run as tasks
 * and take effect when they end; a change is applied setting by setting (`osd pool set`), size
 * first because Ceph resets min_size with it, and a setting Ceph refuses is printed and reported.
 */

/** Ceph's CRUSH rules, by name: a fresh cluster has only the default replicated one. */
const CRUSH_RULES: Readonly<Record<string, number>> = { replicated_rule: 0 };

/** What PVE's create_pool defaults and Ceph's own defaults give a new pool. */
const PVE_POOL_DEFAULTS = { pg_num: "128", size: "3", min_size: "2", application: "rbd", pg_autoscale_mode: "warn" };

/** A pool as `osd pool create` leaves it, with Ceph's own defaults. */
export function newCephPool(id: number, name: string, pgNum: number): CephPool {
  return {
    id,
    name,
    size: 3,
    minSize: 2,
    pgNum,
    crushRule: "replicated_rule",
    autoscaleMode: "on",
    applications: [],
  };
}

function poolNamed(ctx: ClusterContext, name: string): CephPool {
  const pool = ctx.state.cephPools.get(name);
  if (!pool) throw failures.unrecognizedPool(name);
  return pool;
}

/** The value `osd pool get all` reports for a setting PVE may change. */
function currentValue(pool: CephPool, setting: string): string | undefined {
  const values: Record<string, number | string | undefined> = {
    size: pool.size,
    min_size: pool.minSize,
    pg_num: pool.pgNum,
    pg_num_min: pool.pgNumMin,
    crush_rule: pool.crushRule,
    pg_autoscale_mode: pool.autoscaleMode,
    target_size_bytes: pool.targetSizeBytes,
    target_size_ratio: pool.targetSizeRatio,
  };
  const value = values[setting];
  return value === undefined ? undefined : String(value);
}

/** Ceph removes a numeric pool option that is set to 0. */
const unsetAtZero = (n: number) => (n === 0 ? undefined : n);

/** `osd pool set` (and `osd pool application enable`): answers Ceph's refusal, if any. */
function applySetting(pool: CephPool, setting: string, value: string): string | undefined {
  const n = Number(value);
  switch (setting) {
    case "size":
      pool.size = n;
      pool.minSize = n - Math.floor(n / 2);
      return undefined;
    case "min_size":
      if (n < 1 || n > pool.size) return `pool min_size must be between 1 and size, which is set to ${pool.size}`;
      pool.minSize = n;
      return undefined;
    case "pg_num":
      pool.pgNum = n;
      return undefined;
    case "pg_num_min":
      pool.pgNumMin = unsetAtZero(n);
      return undefined;
    case "crush_rule":
      if (!(value in CRUSH_RULES)) return `crush rule ${value} does not exist`;
      pool.crushRule = value;
      return undefined;
    case "pg_autoscale_mode":
      pool.autoscaleMode = value;
      return undefined;
    case "target_size_bytes":
      pool.targetSizeBytes = unsetAtZero(n);
      return undefined;
    case "target_size_ratio":
      pool.targetSizeRatio = unsetAtZero(n);
      return undefined;
    case "application":
      if (!pool.applications.includes(value)) pool.applications.push(value);
      return undefined;
    default:
      return `unrecognized variable '${setting}'`;
  }
}

/** PVE::Ceph::Tools::set_pool. */
function setPool(pool: CephPool, settings: Record<string, string>, log: TaskLog): void {
  const keys = Object.keys(settings)
    .filter((k) => k !== "size")
    .sort();
  if (settings.size !== undefined) keys.unshift("size");
  const failed: string[] = [];
  for (const key of keys) {
    const value = settings[key];
    if (currentValue(pool, key) === value) {
      log.print(`skipping '${key}', did not change`);
      continue;
    }
    log.print(`pool ${pool.name}: applying ${key} = ${value}`);
    const refusal = applySetting(pool, key, value);
    if (refusal !== undefined) {
      log.print(`mon_command failed - ${refusal}`);
      failed.push(key);
    }
  }
  if (failed.length > 0) throw died(`Could not set: ${failed.sort().join(", ")}`);
}

/** The pool settings of a create or update request, as PVE hands them to Ceph. */
function settingsOf(call: ApiCall): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const key of ["size", "min_size", "pg_num", "pg_num_min", "crush_rule", "pg_autoscale_mode", "application"]) {
    const value = text(call.params, key);
    if (value !== undefined) settings[key] = value;
  }
  const targetSize = text(call.params, "target_size");
  if (targetSize !== undefined) settings.target_size_bytes = String(parseSize(targetSize) ?? 0);
  const ratio = text(call.params, "target_size_ratio");
  if (ratio !== undefined) settings.target_size_ratio = ratio;
  return settings;
}

function createPool(ctx: ClusterContext, call: ApiCall): string {
  const name = String(call.params.name);
  if (call.params["erasure-coding"] !== undefined) throw failures.notEmulated("POST", "erasure-coded pools");
  const addStorages = flag(call.params, "add_storages") ?? false;
  if (addStorages) call.access.check("/storage", ["Datastore.Allocate"]);
  if (addStorages && CODE_FORMATS["pve-storage-id"](name) !== undefined) {
    throw died("pool name contains characters which are illegal for storage naming");
  }
  const settings = { ...PVE_POOL_DEFAULTS, ...settingsOf(call) };
  const owner = { node: nodeOf(call), type: "cephcreatepool", id: name, user: call.user };
  return ctx.tasks.start(owner, (log) => {
    let pool = ctx.state.cephPools.get(name);
    if (!pool) {
      const id = Math.max(0, ...[...ctx.state.cephPools.values()].map((p) => p.id)) + 1;
      pool = newCephPool(id, name, Number(settings.pg_num));
      ctx.state.cephPools.set(name, pool);
    }
    setPool(pool, settings, log);
    if (!addStorages) return;
    try {
      ctx.collections.handle({
        method: "POST",
        template: "/storage",
        params: { storage: name, type: "rbd", pool: name, krbd: 0, content: "rootdir,images" },
      });
    } catch (error) {
      if (error instanceof ApiError) throw died(`adding PVE storage for ceph pool '${name}' failed: ${error.text}`);
      throw error;
    }
  });
}

/** The rbd storages that use a pool (the pool's pveceph-managed storages). */
function storagesOfPool(ctx: ClusterContext, name: string) {
  return ctx.state
    .config("/storage")
    .entries()
    .filter(([, s]) => s.type === "rbd" && String(s.pool ?? "rbd") === name);
}

function destroyPool(ctx: ClusterContext, call: ApiCall): string {
  const name = String(call.params.name);
  if (flag(call.params, "remove_storages")) call.access.check("/storage", ["Datastore.Allocate"]);
  const owner = { node: nodeOf(call), type: "cephdestroypool", id: name, user: call.user };
  return ctx.tasks.start(owner, (log) => {
    const storages = storagesOfPool(ctx, name);
    if (!flag(call.params, "force")) {
      for (const [id] of storages) {
        log.print(`checking storage '${id}' for RBD images..`);
        if (ctx.state.volumes.some((v) => v.storage === id)) {
          throw died(`ceph pool '${name}' still in use by storage '${id}'`);
        }
      }
    }
    poolNamed(ctx, name);
    ctx.state.cephPools.delete(name);
    if (!flag(call.params, "remove_storages")) return;
    for (const [id, section] of storages) {
      if (section.monhost === undefined) ctx.state.config("/storage").delete(id);
    }
  });
}

function listPools(ctx: ClusterContext) {
  return [...ctx.state.cephPools.values()].map((pool) => ({
    // Ceph's `osd dump` carries the pool and rule IDs as strings; PVE 9.1 passes them on.
    pool: String(pool.id),
    pool_name: pool.name,
    size: pool.size,
    min_size: pool.minSize,
    pg_num: pool.pgNum,
    crush_rule: String(CRUSH_RULES[pool.crushRule]),
    crush_rule_name: pool.crushRule,
    pg_autoscale_mode: pool.autoscaleMode,
    application_metadata: Object.fromEntries(pool.applications.map((app) => [app, {}])),
    autoscale_status: autoscaleStatus(pool),
    pg_num_final: pool.pgNum,
    pg_num_min: pool.pgNumMin ?? null,
    target_size: pool.targetSizeBytes ?? null,
    target_size_ratio: pool.targetSizeRatio ?? null,
    bytes_used: 0,
    percent_used: 0,
  }));
}

function autoscaleStatus(pool: CephPool) {
  return {
    pool_id: pool.id,
    pool_name: pool.name,
    pg_autoscale_mode: pool.autoscaleMode,
    pg_num_target: pool.pgNum,
    pg_num_final: pool.pgNum,
    target_bytes: pool.targetSizeBytes ?? 0,
    target_ratio: pool.targetSizeRatio ?? 0,
    would_adjust: false,
    bulk: false,
  };
}

/** getpool: `osd pool get all`, with its flags as PVE 9.1 stringifies them ("0"/"1"). */
function poolStatus(ctx: ClusterContext, call: ApiCall) {
  const pool = poolNamed(ctx, String(call.params.name));
  const status: Record<string, unknown> = {
    id: pool.id,
    name: pool.name,
    size: pool.size,
    min_size: pool.minSize,
    pg_num: pool.pgNum,
    pg_num_min: pool.pgNumMin ?? null,
    pgp_num: pool.pgNum,
    crush_rule: pool.crushRule,
    pg_autoscale_mode: pool.autoscaleMode,
    noscrub: "0",
    "nodeep-scrub": "0",
    nodelete: "0",
    nopgchange: "0",
    nosizechange: "0",
    write_fadvise_dontneed: "0",
    hashpspool: "1",
    use_gmt_hitset: "1",
    fast_read: "0",
    target_size: pool.targetSizeBytes ?? null,
    target_size_ratio: pool.targetSizeRatio ?? null,
  };
  if (flag(call.params, "verbose")) {
    status.autoscale_status = autoscaleStatus(pool);
    status.statistics = { stored: 0, objects: 0, kb_used: 0, bytes_used: 0, percent_used: 0, max_avail: 0 };
    status.application_list = [...pool.applications];
  }
  return status;
}

export function cephRoutes(ctx: ClusterContext): Routes {
  return {
    "GET /nodes/{node}/ceph/pool": () => listPools(ctx),
    "POST /nodes/{node}/ceph/pool": (call) => createPool(ctx, call),
    "GET /nodes/{node}/ceph/pool/{name}": () => [{ name: "status" }],
    "GET /nodes/{node}/ceph/pool/{name}/status": (call) => poolStatus(ctx, call),
    "PUT /nodes/{node}/ceph/pool/{name}": (call) => {
      const name = String(call.params.name);
      const owner = { node: nodeOf(call), type: "cephsetpool", id: name, user: call.user };
      const settings = settingsOf(call);
      return ctx.tasks.start(owner, (log) => setPool(poolNamed(ctx, name), settings, log));
    },
    "DELETE /nodes/{node}/ceph/pool/{name}": (call) => destroyPool(ctx, call),
  };
}
