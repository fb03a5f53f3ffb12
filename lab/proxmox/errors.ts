/**
 * Every error the API answers with, worded as Proxmox VE words it. `message` is kept exactly as the
 * Perl code dies with it, trailing newline included: PVE 9 sends it in the JSON body's `message`,
 * and its first line as the HTTP reason phrase.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
    readonly errors?: Record<string, string>,
  ) {
    super(text.trimEnd());
  }
}

/** A plain `die` in an API handler: HTTP 500 with the message. */
export const died = (message: string) => new ApiError(500, `${message}\n`);

/** raise_param_exc: HTTP 400 with one message per parameter. */
export const parameterErrors = (errors: Record<string, string>) =>
  new ApiError(400, "Parameter verification failed.\n", errors);

/** PVE's lock_*_config wrappers prefix a failure inside the lock with what was being done. */
export const failedWhile = (doing: string, error: ApiError) => died(`${doing}: ${error.text.trimEnd()}`);

/** raise_perm_exc: HTTP 403. */
const permissionDenied = (what: string) => new ApiError(403, `Permission check failed (${what})\n`);

export const failures = {
  methodNotImplemented: (method: string, path: string) =>
    new ApiError(501, `Method '${method} ${path}' not implemented`),
  /** A method the reference lists and the lab does not model: refused rather than faked. */
  notEmulated: (method: string, template: string) =>
    new ApiError(501, `Method '${method} ${template}' is not emulated by the lab`),
  duplicateUriParameter: (name: string) =>
    parameterErrors({ [name]: "duplicate parameter (already defined in URI) with conflicting values!" }),
  /** A node the cluster does not have: pveproxy fails to resolve it to proxy the call. */
  unknownNode: (node: string) =>
    died(`hostname lookup '${node}' failed - failed to get address info for: ${node}: Name or service not known`),
  configFileMissing: (node: string, vmid: number) =>
    died(`Configuration file 'nodes/${node}/qemu-server/${vmid}.conf' does not exist`),
  vmExists: (vmid: number, node: string) => died(`VM ${vmid} already exists on node '${node}'`),
  unableToCreateVm: (vmid: number, reason: ApiError) => died(`unable to create VM ${vmid} - ${reason.text.trimEnd()}`),
  cloneTargetExists: (vmid: number) => died(`unable to create VM ${vmid}: config file already exists`),
  cloneLocalStorage: (target: string) => died(`can't clone VM to node '${target}' (VM uses local storage)`),
  cloneToNonShared: (storage: string) => died(`can't clone to non-shared storage '${storage}'`),
  noSuchCluster: (node: string) => died(`no such cluster node '${node}'`),
  noSuchPool: (pool: string) => permissionDenied(`pool '${pool}' does not exist`),
  locked: (lock: string) => died(`VM is locked (${lock})`),
  alreadyRunning: (vmid: number) => died(`VM ${vmid} already running`),
  notRunning: (vmid: number) => died(`VM ${vmid} not running`),
  vmIsNotRunning: (vmid: number) => died(`VM ${vmid} is not running`),
  startTemplate: () => died("you can't start a vm if it's a template"),
  noAgentConfigured: () => died("No QEMU guest agent configured"),
  agentNotRunning: () => died("QEMU guest agent is not running"),
  diskMissing: (disk: string) => died(`disk '${disk}' does not exist`),
  shrinkRefused: () => died("shrinking disks is not supported"),
  cdromResize: () => died("you can't resize a cdrom"),
  checksumMismatch: () => died("checksum mismatch (file change by other user?)"),
  configModified: () => died("detected modified configuration - file changed by other user? Try again."),
  destroyRunning: (vmid: number) => died(`VM ${vmid} is running - destroy failed`),
  templateOfTemplate: () => died("you can't convert a template to a template"),
  templateRunning: () => died("you can't convert a VM to template if VM is running"),
  protection: (prefix: string) => died(`${prefix} - protection mode enabled`),
  storageMissing: (storage: string) => died(`storage '${storage}' does not exist`),
  storageNotOnNode: (storage: string, node: string) => died(`storage '${storage}' is not available on node '${node}'`),
  storageDisabled: (storage: string) => died(`storage '${storage}' is disabled`),
  volumeMissing: (volid: string) => died(`volume '${volid}' does not exist`),
  notSnippet: (volid: string) => died(`${volid} is not in the snippets directory`),
  unexpectedProperty: (key: string) => died(`unexpected property '${key}'`),
  missingRequiredOption: (key: string) => died(`missing value for required option '${key}'`),
  noSuchOption: (key: string) => died(`no such option '${key}'`),
  deleteRequiredOption: (key: string) => died(`unable to delete required option '${key}'`),
  setAndDelete: (key: string) => died(`cannot set and delete property '${key}' at the same time!`),
  unparsableUpid: () => parameterErrors({ upid: "unable to parse worker upid" }),
  noSuchTask: () => parameterErrors({ upid: "no such task" }),
  vmidTaken: (vmid: number) => parameterErrors({ vmid: `VM ${vmid} already exists` }),
  unrecognizedPool: (pool: string) => died(`mon_command failed - unrecognized pool '${pool}'`),
  haVmMissing: (vmid: string) => died(`resource 'vm:${vmid}' does not exist in cluster`),
  haSidFromMissingVm: (vmid: string) => died(`unable to detect SID from VMID - VM/CT ${vmid} does not exist`),
  haNotManaged: (sid: string) => died(`cannot delete service '${sid}', not HA managed!`),
  haUnmanagedResources: (sids: string[]) => died(`cannot use unmanaged resource(s) ${sids.join(", ")}.`),
  haUnknownNodes: (nodes: string[]) => died(`cannot use non-existent node(s) ${nodes.join(", ")}.`),
};
