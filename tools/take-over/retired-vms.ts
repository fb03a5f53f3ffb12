/**
 * Stacks from before budgetcloud's VMs moved to the proxmoxve package hold them as budgetcloud's
 * own dynamic resources. A run that names them in this variable takes each over (the package's
 * resources import the VM, its HA resource and rule as they stand) and lets go of the old
 * resources without touching the cluster.
 */
export const TAKE_OVER_VMS = "BUDGETCLOUD_TAKE_OVER_VMS";

/** The URN type of the VMs budgetcloud's own provider made. */
const retiredVmType = "pulumi-nodejs:dynamic/proxmox:Vm";

interface StateResource {
  type: string;
  inputs?: Record<string, unknown>;
}

/** The VMs of a stack's exported state that are still budgetcloud's own resources, by name. */
export function retiredVms(resources: readonly StateResource[]): string[] {
  return resources.flatMap((r) =>
    r.type === retiredVmType && typeof r.inputs?.name === "string" ? [r.inputs.name] : [],
  );
}

/** The names a run takes over, from the variable `make` and the tools set. */
export function vmsToTakeOver(env: NodeJS.ProcessEnv): string[] {
  return (env[TAKE_OVER_VMS] ?? "").split(",").filter((name) => name !== "");
}
