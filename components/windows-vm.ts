import * as pulumi from "@pulumi/pulumi";
import { renderWindowsUserData } from "../providers/proxmox/snippets/render";
import { type JumpCloudSecrets, VirtualMachine, type VirtualMachineArgs } from "./virtual-machine";

export interface WindowsVmArgs extends VirtualMachineArgs {
  timezone: string;
  jumpcloud?: JumpCloudSecrets;
}

/** A Windows VM, set up by cloudbase-init from a config drive: host name, time zone, JumpCloud. */
export class WindowsVm extends VirtualMachine {
  constructor(name: string, args: WindowsVmArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      "budgetcloud:compute:WindowsVm",
      name,
      args,
      (plan) => {
        const base = { hostname: plan.name, timezone: args.timezone };
        const jc = args.jumpcloud;
        if (!jc) return renderWindowsUserData(base);
        return pulumi
          .all([jc.apiKey, jc.connectKey])
          .apply(([apiKey, connectKey]) =>
            renderWindowsUserData({ ...base, jumpcloud: { apiKey, connectKey, systemGroupId: jc.systemGroupId } }),
          );
      },
      opts,
    );
  }
}
