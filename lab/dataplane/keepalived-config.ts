import type { NamespacePlan } from "./model";

/** keepalived.conf for one router's VRRP instances, each as the router holds it. */
export function keepalivedConfig(namespace: Pick<NamespacePlan, "device" | "vrrp">): string {
  const lines = ["global_defs {", `  router_id ${namespace.device}`, "  script_user root", "}"];
  for (const vrrp of namespace.vrrp) {
    lines.push(
      "",
      `vrrp_instance ${vrrp.name} {`,
      // Every instance starts as a backup: the priorities decide, as between two RouterOS routers.
      "  state BACKUP",
      `  interface ${vrrp.interface}`,
      `  virtual_router_id ${vrrp.vrid}`,
      `  priority ${vrrp.priority}`,
      `  version ${vrrp.version}`,
      `  advert_int ${vrrp.advertInterval}`,
    );
    if (!vrrp.preempt) lines.push("  nopreempt");
    if (vrrp.password !== undefined) {
      lines.push("  authentication {", "    auth_type PASS", `    auth_pass ${vrrp.password}`, "  }");
    }
    lines.push("  virtual_ipaddress {", ...vrrp.addresses.map((a) => `    ${a} dev ${vrrp.interface}`), "  }", "}");
  }
  return `${lines.join("\n")}\n`;
}
