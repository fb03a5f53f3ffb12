import { Digraph, toDot } from "ts-graphviz";
import type { Topology } from "../../plan/topology";

const colours = {
  router: "#dbe9f7",
  hypervisor: "#dff2dc",
  tenant: "#fbf3db",
  vm: "#ffffff",
  outside: "#eeeeee",
};

/**
 * The topology as a Graphviz graph: the OSPF fabric (routers and hypervisors, their loopbacks and
 * the /30 of every link) on top, the internet and the operators' ZeroTier network beside it, and
 * under it each tenant with its VRRP gateway (master and backups, with priorities) and its VMs
 * grouped by the node they run on.
 */
export function dotGraph(topology: Topology): string {
  const g = new Digraph(topology.environment, {
    label: `budgetcloud · ${topology.environment}`,
    labelloc: "t",
    fontname: "Helvetica",
    fontsize: 16,
    rankdir: "TB",
    nodesep: 0.5,
    ranksep: 0.9,
  });
  g.attributes.node.apply({ fontname: "Helvetica", fontsize: 10, shape: "box", style: "rounded,filled" });
  g.attributes.edge.apply({ fontname: "Helvetica", fontsize: 9, color: "#555555" });

  const fabric = g.createSubgraph("cluster_fabric", {
    label: "OSPF fabric: loopbacks /32, point-to-point links /30",
    style: "rounded",
    color: "#8aa9c8",
    fontname: "Helvetica",
  });
  for (const router of topology.routers) {
    fabric.createNode(router.name, {
      label: `${router.name}\nloopback ${router.loopback}\nmanagement ${router.management}`,
      fillcolor: colours.router,
    });
  }
  for (const hypervisor of topology.hypervisors) {
    const node = hypervisor.node === hypervisor.name ? "" : ` (node ${hypervisor.node})`;
    fabric.createNode(hypervisor.name, {
      label: `${hypervisor.name}${node}\nloopback ${hypervisor.loopback}\nmanagement ${hypervisor.management}`,
      fillcolor: colours.hypervisor,
      shape: "box3d",
    });
  }
  // Routers in a row, the hypervisors in a row under them, the tenants under those.
  const routerRank = fabric.createSubgraph("routers", { rank: "same" });
  for (const router of topology.routers) routerRank.node(router.name);
  const hypervisorRank = fabric.createSubgraph("hypervisors", { rank: "same" });
  for (const hypervisor of topology.hypervisors) hypervisorRank.node(hypervisor.name);
  const isHypervisor = new Set(topology.hypervisors.map((h) => h.name));
  for (const link of topology.links) {
    // The router end first, so that every hypervisor hangs under its routers.
    const [a, b] = isHypervisor.has(link.a.device) ? [link.b, link.a] : [link.a, link.b];
    g.createEdge([a.device, b.device], {
      dir: "none",
      label: link.subnet,
      taillabel: a.interface,
      headlabel: b.interface,
      labelfontsize: 8,
      labelfontcolor: "#336699",
    });
  }

  const uplinked = topology.routers.filter((r) => r.uplink);
  if (uplinked.length > 0) {
    g.createNode("internet", { label: "Internet", shape: "ellipse", fillcolor: colours.outside });
    g.createSubgraph({ rank: "min" }).node("internet");
    for (const router of uplinked) {
      const nat = router.srcNat.length > 0 ? `\nsrc-NAT ${router.srcNat.join(", ")}` : "";
      g.createEdge([router.name, "internet"], { dir: "none", label: `uplink ${router.uplink}${nat}`, style: "bold" });
    }
  }

  if (topology.zerotier) {
    const { name, cidr, routers } = topology.zerotier;
    const id = `zerotier-${name}`;
    g.createNode(id, { label: `ZeroTier ${name}\n${cidr}`, shape: "ellipse", fillcolor: colours.outside });
    g.createSubgraph({ rank: "min" }).node(id);
    for (const { router, address } of routers)
      g.createEdge([router, id], { dir: "none", style: "dotted", label: address });
  }

  for (const tenant of topology.tenants) {
    tenantCluster(g, topology, tenant);
    for (const hypervisor of topology.hypervisors)
      g.createEdge([hypervisor.name, `gateway-${tenant.name}`], { style: "invis" });
  }
  return toDot(g);
}

function tenantCluster(g: Digraph, topology: Topology, tenant: Topology["tenants"][number]): void {
  const cluster = g.createSubgraph(`cluster_tenant_${tenant.name}`, {
    label: `tenant ${tenant.name} · VNI ${tenant.vni} · ${tenant.cidr}`,
    style: "rounded,filled",
    fillcolor: colours.tenant,
    color: "#c9a73b",
    fontname: "Helvetica",
  });
  const gateway = `gateway-${tenant.name}`;
  cluster.createNode(gateway, {
    label: `gateway ${tenant.gateway}\nVRRP vrid ${tenant.vrid}`,
    shape: "hexagon",
    fillcolor: colours.vm,
  });
  for (const { router, priority, role } of tenant.gateways) {
    g.createEdge([router, gateway], {
      label: `${role} ${priority}`,
      style: role === "master" ? "bold" : "dashed",
      arrowhead: "none",
    });
  }
  const vms = topology.vms.filter((vm) => vm.tenant === tenant.name);
  for (const node of [...new Set(vms.map((vm) => vm.node))]) {
    const placed = cluster.createSubgraph(`cluster_tenant_${tenant.name}_${node}`, {
      label: `on ${node}`,
      style: "rounded,dashed",
      color: "#777777",
      fontname: "Helvetica",
      fontsize: 9,
    });
    for (const vm of vms.filter((v) => v.node === node)) {
      placed.createNode(`vm-${vm.name}`, {
        label: `${vm.name}\n${vm.address}\n${vm.os}`,
        fillcolor: colours.vm,
        shape: vm.os === "windows" ? "component" : "box",
      });
      // Below the gateway, without drawing a line for it.
      g.createEdge([gateway, `vm-${vm.name}`], { style: "invis" });
    }
  }
}
