import type * as pulumi from "@pulumi/pulumi";
import { renderLinuxUserData } from "../providers/proxmox/snippets/render";
import { VirtualMachine, type VirtualMachineArgs } from "./virtual-machine";

/** A Linux VM, set up by cloud-init: host name, time zone, packages, users and keys, JumpCloud, snmpd. */
export class LinuxVm extends VirtualMachine {
  constructor(name: string, args: VirtualMachineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      "budgetcloud:compute:LinuxVm",
      name,
      args,
      (plan, secrets) =>
        renderLinuxUserData({
          hostname: plan.name,
          domain: plan.domain,
          timezone: plan.setup.timezone,
          users: plan.setup.users,
          ...secrets,
        }),
      opts,
    );
  }
}
