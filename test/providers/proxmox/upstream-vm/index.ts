import * as proxmoxve from "@muhlba91/pulumi-proxmoxve";

// A VM as budgetcloud's VirtualMachine makes one, without its ignoreChanges: a disk with no limits.
new proxmoxve.VmLegacy("canary", {
  nodeName: "PVE-1",
  vmId: 4242,
  clone: { vmId: 9000, nodeName: "PVE-1", full: true },
  disks: [{ interface: "scsi0", datastoreId: "local-lvm", size: 8 }],
  started: false,
});
