import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ApiError } from "./errors";
import type { PerlValue } from "./perl-literal";
import type { ParamObject } from "./validation";

/**
 * What an API token may do, as PVE 9.1 decides it (pve-access-control PVE::RPCEnvironment). Each
 * method declares its check in its module (`permissions => { check => […] }`, vendored in
 * reference/proxmox-ve-9.1-permissions.json); pve-manager's PVE::HTTPServer::rest_handler runs it
 * through check_api2_permissions after finding the handler and merging the path parameters, and
 * before proxying to the node and before the handler checks its parameters. Some handlers check
 * more themselves, or list only what the caller may audit; those call `Access` from their code.
 *
 * A lab token's privileges hold on every path, as a role granted on "/" with propagate would. A
 * privilege-separated token in PVE holds at most its user's privileges (the intersection of the
 * token's and the user's ACLs, RPCEnvironment's compile_acl_path): give the token what both allow.
 */

/** The vendored declarations (reference/README.md says where they come from). */
export const DEFAULT_PERMISSIONS_FILE = path.resolve(
  __dirname,
  "..",
  "..",
  "reference",
  "proxmox-ve-9.1-permissions.json",
);

/** A method's `permissions` hash as PVE declares it. */
export interface DeclaredPermissions {
  description?: string;
  user?: string;
  check?: PerlValue[];
}

export interface PermissionDeclaration {
  /** null: the method declares none, so only root@pam may call it. */
  permissions: DeclaredPermissions | null;
  allowtoken?: PerlValue;
  repo: string;
  file: string;
  name: string;
}

const loadedFiles = new Map<string, ReadonlyMap<string, PermissionDeclaration>>();

/** The declarations by "METHOD /path/{template}". */
export function loadPermissions(file = DEFAULT_PERMISSIONS_FILE): ReadonlyMap<string, PermissionDeclaration> {
  let found = loadedFiles.get(file);
  if (!found) {
    const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, PermissionDeclaration>;
    found = new Map(Object.entries(raw));
    loadedFiles.set(file, found);
  }
  return found;
}

/**
 * Every privilege PVE 9.1 knows: the `$privgroups` of pve-access-control's PVE/AccessControl.pm,
 * and Permissions.Modify, which belongs to no group. verify_privname refuses any other.
 */
export const PVE_PRIVILEGES: readonly string[] = [
  ...["VM.Config.Disk", "VM.Config.CPU", "VM.Config.Memory", "VM.Config.Network", "VM.Config.HWType"],
  ...["VM.Config.Options", "VM.Allocate", "VM.Clone", "VM.GuestAgent.Unrestricted", "VM.Migrate"],
  ...["VM.Replicate", "VM.Snapshot", "VM.Snapshot.Rollback", "VM.Config.CDROM", "VM.Config.Cloudinit"],
  ...["VM.Console", "VM.Backup", "VM.GuestAgent.FileRead", "VM.GuestAgent.FileSystemMgmt"],
  ...["VM.GuestAgent.FileWrite", "VM.PowerMgmt", "VM.Audit", "VM.GuestAgent.Audit"],
  ...["Sys.PowerMgmt", "Sys.Modify", "Sys.Incoming", "Sys.AccessNetwork", "Sys.Console", "Sys.Syslog"],
  "Sys.Audit",
  ...["Datastore.Allocate", "Datastore.AllocateTemplate", "Datastore.AllocateSpace", "Datastore.Audit"],
  ...["SDN.Allocate", "SDN.Audit", "SDN.Use"],
  ...["Realm.Allocate", "User.Modify", "Group.Allocate", "Realm.AllocateUser"],
  ...["Pool.Allocate", "Pool.Audit"],
  ...["Mapping.Modify", "Mapping.Use", "Mapping.Audit"],
  "Permissions.Modify",
];

/**
 * PVE's built-in PVEAuditor role: the `audit` privileges of every group of `$privgroups`
 * (AccessControl.pm create_roles; the User group has none).
 */
export const PVE_AUDITOR_PRIVILEGES: readonly string[] = [
  "VM.Audit",
  "VM.GuestAgent.Audit",
  "Sys.Audit",
  "Datastore.Audit",
  "SDN.Audit",
  "Pool.Audit",
  "Mapping.Audit",
];

/**
 * What a token for budgetcloud's previews and refreshes needs: for each GET the lab implements,
 * the read privilege its vendored check (or its handler's list filter) accepts.
 *   Sys.Audit            /cluster/status, /nodes/{node}/status, Ceph pools, HA resources and rules,
 *                        node figures in /nodes and /cluster/resources, other tokens' tasks
 *   VM.Audit             guests' config and status, /nodes/{node}/qemu, guests in /cluster/resources
 *   VM.GuestAgent.Audit  …/agent/network-get-interfaces
 *   Datastore.Audit      /storage, /nodes/{node}/storage and a storage's content and status
 *   SDN.Audit            SDN zones, vnets, subnets, controllers, IPAMs, DNS, fabrics; bridges in
 *                        /nodes/{node}/network
 *   Pool.Audit           /pools
 * This is PVE's PVEAuditor role less Mapping.Audit (no resource mapping is read): granting
 * PVEAuditor on "/" to the token (and its user) covers it. Not covered, by design of PVE: the
 * GETs in ALLOCATE_GUARDED_READS, and a disk volume's info (GET …/content/{volume} asks VM.Config.Disk
 * on the owning guest); budgetcloud reads the lists instead.
 */
export const READ_ONLY_PRIVILEGES: readonly string[] = [
  "Sys.Audit",
  "VM.Audit",
  "VM.GuestAgent.Audit",
  "Datastore.Audit",
  "SDN.Audit",
  "Pool.Audit",
];

/** GETs whose vendored check asks an Allocate privilege: a read-only token is refused them. */
export const ALLOCATE_GUARDED_READS: readonly string[] = [
  "GET /storage/{storage}",
  "GET /cluster/sdn/zones/{zone}",
  "GET /cluster/sdn/controllers/{controller}",
  "GET /cluster/sdn/ipams/{ipam}",
  "GET /cluster/sdn/dns/{dns}",
];

/** raise_perm_exc: HTTP 403, "Permission check failed", then "(what)" when there is a what. */
export const permissionCheckFailed = (what?: string) =>
  new ApiError(403, `Permission check failed${what ? ` (${what})` : ""}\n`);

/** PVE::AccessControl::normalize_path: undefined for a path PVE will not check. */
export function normalizePath(given: string): string | undefined {
  if (given === "") return undefined;
  let normal = given.replace(/\/+/g, "/").replace(/\/$/, "");
  if (normal === "") normal = "/";
  if (!normal.startsWith("/")) normal = `/${normal}`;
  return /^[A-Za-z0-9._\-/]+$/.test(normal) ? normal : undefined;
}

/** PVE::Tools::template_replace: `{name}` becomes the parameter, or `-` when it is false in Perl. */
export function templateReplace(template: string, params: ParamObject): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    const text = value === undefined || value === null || value === false ? "" : String(value);
    return text === "" || text === "0" ? "-" : text;
  });
}

/** The options after a `perm` test's privileges (`any => 1`, `require_param => 'pool'`). */
function permOptions(rest: readonly PerlValue[]): Record<string, PerlValue> {
  const options: Record<string, PerlValue> = {};
  for (let i = 0; i + 1 < rest.length; i += 2) options[String(rest[i])] = rest[i + 1];
  return options;
}

/** The privileges a request's token holds, and PVE's checks against them. */
export class Access {
  /** A token that may do everything: no check is made, as before the lab modelled privileges. */
  static readonly unrestricted = new Access(undefined);

  private readonly privileges?: ReadonlySet<string>;

  constructor(privileges: readonly string[] | undefined) {
    if (privileges === undefined) return;
    for (const privilege of privileges) verifyPrivilege(privilege);
    this.privileges = new Set(privileges);
  }

  get restricted(): boolean {
    return this.privileges !== undefined;
  }

  /** Whether every privilege is held on `path` (permissions() gives nothing for an undefined path). */
  private holds(path: string | undefined, privilege: string): boolean {
    verifyPrivilege(privilege);
    if (!this.privileges) return true;
    return path !== undefined && this.privileges.has(privilege);
  }

  /** RPCEnvironment::check: all of `privileges` on `path`; with noerr false, 403 for the first missing. */
  check(path: string | undefined, privileges: readonly string[], noerr = false): boolean {
    for (const privilege of privileges) {
      if (this.holds(path, privilege)) continue;
      if (noerr) return false;
      throw permissionCheckFailed(`${path ?? ""}, ${privilege}`);
    }
    return true;
  }

  /** RPCEnvironment::check_any: one of `privileges` on `path`. */
  checkAny(path: string | undefined, privileges: readonly string[], noerr = false): boolean {
    if (privileges.some((privilege) => this.holds(path, privilege))) return true;
    if (noerr) return false;
    throw permissionCheckFailed(`${path ?? ""}, ${privileges.join("|")}`);
  }

  /** RPCEnvironment::check_full. */
  checkFull(path: string | undefined, privileges: readonly string[], any: boolean, noerr = false): boolean {
    return any ? this.checkAny(path, privileges, noerr) : this.check(path, privileges, noerr);
  }

  /**
   * RPCEnvironment::check_api2_permissions for a token (never root@pam itself): a method without
   * permissions is root@pam's, `user => 'all'` lets everyone in (the handler may check more), a
   * `check` is evaluated, and a description alone lets nobody in.
   */
  checkApi2(permissions: DeclaredPermissions | null, params: ParamObject): void {
    if (!this.privileges) return;
    if (!permissions) throw permissionCheckFailed("user != root@pam");
    if (permissions.user === "all") return;
    if (permissions.check) {
      this.execCheck(permissions.check, params, false);
      return;
    }
    throw permissionCheckFailed();
  }

  /** RPCEnvironment::exec_api2_perm_check for the tests the lab's methods declare. */
  private execCheck(check: readonly PerlValue[], params: ParamObject, noerr: boolean): boolean {
    const [test, ...rest] = check;
    if (test === "and") {
      // Each part is checked without noerr: a failing part raises even inside an 'or'.
      for (const part of rest) this.execCheck(part as PerlValue[], params, false);
      return true;
    }
    if (test === "or") {
      for (const part of rest) if (this.execCheck(part as PerlValue[], params, true)) return true;
      if (noerr) return false;
      throw permissionCheckFailed();
    }
    if (test === "perm") {
      const [template, privileges, ...more] = rest;
      const options = permOptions(more);
      const required = options.require_param;
      if (required !== undefined) {
        const value = params[String(required)];
        if (value === undefined || value === null) {
          if (noerr) return false;
          throw permissionCheckFailed();
        }
      }
      const normal = normalizePath(templateReplace(String(template), params));
      return this.checkFull(normal, privileges as string[], Boolean(Number(options.any ?? 0)), noerr);
    }
    throw new Error(`permission test ${String(test)} is not modelled by the lab`);
  }
}

function verifyPrivilege(privilege: string): void {
  if (!PVE_PRIVILEGES.includes(privilege)) throw new Error(`invalid privilege '${privilege}'`);
}
