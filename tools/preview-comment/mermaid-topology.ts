import type { Topology } from "../../plan/topology";
import type { ElementKey, Mark } from "./topology-marks";

/** The colours of the marks, and the legend that names them. */
const markStyles: Record<Mark, string> = {
  added: "fill:#d3f9d8,stroke:#2b8a3e,stroke-width:3px",
  changed: "fill:#fff3bf,stroke:#e67700,stroke-width:3px",
  removed: "fill:#ffe3e3,stroke:#c92a2a,stroke-width:3px,stroke-dasharray:5 3",
};
export const markLegend =
  "Marked: **added** (green), **changed** (yellow), **removed** (red, dashed); each marked label says so too.";

/** A Mermaid id: letters, digits and underscores. */
const id = (kind: string, name: string) => `${kind}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
/** A Mermaid label in quotes: a quote is written as an entity, lines are joined with <br/>. */
const label = (...lines: string[]) => `"${lines.join("<br/>").replace(/"/g, "#quot;")}"`;

/**
 * The topology as a Mermaid flowchart, as GitLab and GitHub draw it in a comment: the fabric with
 * its links and /30s, the uplinks and ZeroTier, each tenant with its VRRP gateway and VMs, and the
 * elements the preview adds, changes or removes in the colours of `markLegend`.
 */
export function mermaidTopology(topology: Topology, marks: ReadonlyMap<ElementKey, Mark>): string {
  const lines = ["flowchart TB"];
  const marked = (key: ElementKey, text: string) => {
    const what = marks.get(key);
    return what ? `${text} (${what})` : text;
  };
  const classes: Record<Mark, string[]> = { added: [], changed: [], removed: [] };
  const classOf = (key: ElementKey, node: string) => {
    const what = marks.get(key);
    if (what) classes[what].push(node);
  };

  lines.push('  subgraph fabric["OSPF fabric"]');
  for (const r of topology.routers) {
    lines.push(`    ${id("router", r.name)}[${label(marked(`router:${r.name}`, r.name), `lo ${r.loopback}`)}]`);
    classOf(`router:${r.name}`, id("router", r.name));
  }
  for (const h of topology.hypervisors)
    lines.push(`    ${id("hypervisor", h.name)}[[${label(h.name, `lo ${h.loopback}`)}]]`);
  lines.push("  end");
  for (const { a, b, subnet } of topology.links) {
    const kindOf = (device: string) => (topology.hypervisors.some((h) => h.name === device) ? "hypervisor" : "router");
    lines.push(`  ${id(kindOf(a.device), a.device)} ---|${label(subnet)}| ${id(kindOf(b.device), b.device)}`);
  }

  const uplinked = topology.routers.filter((r) => r.uplink);
  if (uplinked.length > 0) lines.push(`  internet((${label("Internet")}))`);
  for (const r of uplinked) {
    const nat = r.srcNat.length > 0 ? ` · src-NAT ${r.srcNat.join(", ")}` : "";
    lines.push(`  ${id("router", r.name)} ===|${label(`uplink ${r.uplink}${nat}`)}| internet`);
  }
  if (topology.zerotier) {
    const { name, cidr, routers } = topology.zerotier;
    lines.push(`  zerotier([${label(marked("zerotier", `ZeroTier ${name}`), cidr)}])`);
    classOf("zerotier", "zerotier");
    for (const { router, address } of routers) lines.push(`  ${id("router", router)} -.-|${label(address)}| zerotier`);
  }

  const styled: string[] = [];
  for (const t of topology.tenants) {
    const tenant = id("tenant", t.name);
    const gateway = id("gateway", t.name);
    lines.push(
      `  subgraph ${tenant}[${label(marked(`tenant:${t.name}`, `tenant ${t.name} · VNI ${t.vni} · ${t.cidr}`))}]`,
    );
    lines.push(`    ${gateway}{{${label(`gateway ${t.gateway}`, `VRRP ${t.vrid}`)}}}`);
    for (const vm of topology.vms.filter((v) => v.tenant === t.name)) {
      const node = id("vm", vm.name);
      lines.push(`    ${node}(${label(marked(`vm:${vm.name}`, vm.name), `${vm.address} · on ${vm.node}`)})`);
      classOf(`vm:${vm.name}`, node);
    }
    lines.push("  end");
    const what = marks.get(`tenant:${t.name}`);
    if (what) styled.push(`  style ${tenant} ${markStyles[what]}`);
    for (const g of t.gateways) {
      const arrow = g.role === "master" ? "==>" : "-.->";
      lines.push(`  ${id("router", g.router)} ${arrow}|${label(`${g.role} ${g.priority}`)}| ${gateway}`);
    }
  }

  // What the preview removes is in no part of the new config: named on its own, marked removed.
  for (const [key, what] of marks) {
    if (what !== "removed") continue;
    const [kind, name = kind] = key.split(":");
    const node = id(`removed_${kind}`, name);
    lines.push(`  ${node}[${label(`${kind === "zerotier" ? "ZeroTier network" : kind} ${name} (removed)`)}]`);
    classes.removed.push(node);
  }

  for (const what of Object.keys(markStyles) as Mark[]) {
    if (classes[what].length === 0) continue;
    lines.push(`  classDef ${what} ${markStyles[what]}`);
    lines.push(`  class ${classes[what].join(",")} ${what}`);
  }
  lines.push(...styled);
  return lines.join("\n");
}
