import * as pulumi from "@pulumi/pulumi";
import { type LinuxUser, renderLinuxUserData } from "../providers/proxmox/snippets/render";
import { type JumpCloudSecrets, VirtualMachine, type VirtualMachineArgs } from "./virtual-machine";

export interface LinuxVmArgs extends VirtualMachineArgs {
  timezone: string;
  users: LinuxUser[];
  jumpcloud?: JumpCloudSecrets;
}

/** A Linux VM, set up by cloud-init: host name, time zone, packages, users and keys, JumpCloud. */
export class LinuxVm extends VirtualMachine {
  constructor(name: string, args: LinuxVmArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      "budgetcloud:compute:LinuxVm",
      name,
      args,
      (plan) => {
        const base = { hostname: plan.name, domain: plan.domain, timezone: args.timezone, users: args.users };
        const jc = args.jumpcloud;
        if (!jc) return renderLinuxUserData(base);
        return pulumi
          .all([jc.apiKey, jc.connectKey])
          .apply(([apiKey, connectKey]) =>
            renderLinuxUserData({ ...base, jumpcloud: { apiKey, connectKey, systemGroupId: jc.systemGroupId } }),
          );
      },
      opts,
    );
  }
}
