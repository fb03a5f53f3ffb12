import * as proxmoxve from "@muhlba91/pulumi-proxmoxve";

// The zone budgetcloud's own SdnVxlanZone makes for the tenants, through the package instead.
new proxmoxve.sdn.zone.Vxlan("tenants", {
  resourceId: "tenants",
  peers: ["192.168.254.11", "192.168.254.12", "192.168.254.13"],
  mtu: 1450,
});
