/** An operation a run began and never finished, as `pulumi stack export` lists it. */
export interface PendingOperation {
  type: string;
  resource: { urn: string; type: string; inputs?: Record<string, unknown> };
}

/**
 * The ids of the proxmoxve package's resources, from the inputs budgetcloud gives them: what lets
 * the refresh read a pending one from the cluster (settlePending), since the package cannot take
 * an object over on its own. budgetcloud's own resources take theirs over.
 */
const packageIds: Record<string, (inputs: Record<string, unknown>) => unknown> = {
  "proxmoxve:index/vmLegacy:VmLegacy": (inputs) => inputs.vmId,
  "proxmoxve:index/haresource:Haresource": (inputs) => inputs.resourceId,
  "proxmoxve:index/harule:Harule": (inputs) => inputs.rule,
};

/** The operations a stack's exported state holds as pending, a line each: what, then which resource. */
export function describePending(pending: readonly PendingOperation[]): string[] {
  return pending.map(({ type, resource }) => `${type.padEnd(8)} ${resource.urn}`);
}

const creates = (pending: readonly PendingOperation[]) =>
  pending.filter((operation) => operation.type === "creating").map(({ resource }) => resource);

/** The pending creates the recovery's up takes over: budgetcloud's own resources, by URN. */
export function pendingAdoptions(pending: readonly PendingOperation[]): string[] {
  return creates(pending)
    .filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/"))
    .map((resource) => resource.urn);
}

/** A resource as a stack's exported state holds it. */
interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [more: string]: unknown;
}

/**
 * The deployment with the proxmoxve package's pending creates turned into resources known by their
 * id, so that the refresh reads each from the cluster: dropped from the state when the create
 * never landed, its object as it stands when it did (a VM cloned but not yet configured, which the
 * up then configures). Pulumi's own --import-pending-creates marks them for import, but its
 * refresh then drops them (3.274). budgetcloud's own pending creates stay pending, for the refresh
 * to clear and the up to take over.
 */
export function settlePending<D extends { resources?: StateResource[]; pending_operations?: PendingOperation[] }>(
  deployment: D,
): D & { resources: StateResource[]; pending_operations: PendingOperation[] } {
  const settled: StateResource[] = [];
  const left: PendingOperation[] = [];
  for (const operation of deployment.pending_operations ?? []) {
    const resource = operation.resource as StateResource;
    const id = operation.type === "creating" ? packageIds[resource.type]?.(resource.inputs ?? {}) : undefined;
    if (id === undefined || id === null) left.push(operation);
    else settled.push({ ...resource, id: String(id), outputs: { ...resource.inputs } });
  }
  return { ...deployment, resources: [...(deployment.resources ?? []), ...settled], pending_operations: left };
}
