import * as pulumi from "@pulumi/pulumi";
import type { CloudContract } from "../plan/contract";

type Contract = Omit<CloudContract, "contractVersion">;

/** The contract version this helper reads; a stack exporting another is refused, not misread. */
export const READS_CONTRACT_VERSION = 1;

/** A stack's contract version when this helper reads it; any other is refused, not misread. */
export function checkContractVersion(stack: string, version: unknown): number {
  if (version !== READS_CONTRACT_VERSION) {
    throw new Error(
      `${stack} exports budgetcloud contract version ${version}; this helper reads version ${READS_CONTRACT_VERSION}`,
    );
  }
  return version;
}

/**
 * A budgetcloud stack as another project sees it: its exported contract, typed, through a
 * StackReference (`organization/budgetcloud/prod` on a self-managed backend).
 */
export class CloudReference {
  readonly stack: pulumi.StackReference;
  readonly tenants: pulumi.Output<Contract["tenants"]>;
  readonly vms: pulumi.Output<Contract["vms"]>;
  readonly routers: pulumi.Output<Contract["routers"]>;
  readonly storagePools: pulumi.Output<Contract["storagePools"]>;

  constructor(name: string, args: { stack: string }, opts?: pulumi.CustomResourceOptions) {
    this.stack = new pulumi.StackReference(name, { name: args.stack }, opts);
    const checked = this.stack
      .requireOutput("contractVersion")
      .apply((version) => checkContractVersion(args.stack, version));
    const field = <K extends keyof Contract>(key: K) =>
      pulumi.all([checked, this.stack.requireOutput(key)]).apply(([, value]) => value as Contract[K]);
    this.tenants = field("tenants");
    this.vms = field("vms");
    this.routers = field("routers");
    this.storagePools = field("storagePools");
  }

  /** One tenant network by name; an unknown name fails the run with the names there are. */
  tenant(name: string): pulumi.Output<Contract["tenants"][number]> {
    return this.tenants.apply((tenants) => {
      const tenant = tenants.find((t) => t.name === name);
      if (!tenant) throw new Error(`no tenant ${name}; the stack has ${tenants.map((t) => t.name).join(", ")}`);
      return tenant;
    });
  }
}
