import type * as pulumi from "@pulumi/pulumi";
import { renderWindowsUserData } from "../providers/proxmox/snippets/render";
import { VirtualMachine, type VirtualMachineArgs } from "./virtual-machine";

/** A Windows VM, set up by cloudbase-init from a config drive: host name, time zone, JumpCloud. */
export class WindowsVm extends VirtualMachine {
  constructor(name: string, args: VirtualMachineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      "budgetcloud:compute:WindowsVm",
      name,
      args,
      // Windows' SNMP service has no SNMPv3: its plan has no agent, and LibreNMS pings it instead.
      (plan, { jumpcloud }) =>
        renderWindowsUserData({
          hostname: plan.name,
          timezone: plan.setup.timezone,
          ...(jumpcloud ? { jumpcloud } : {}),
        }),
      opts,
    );
  }
}
