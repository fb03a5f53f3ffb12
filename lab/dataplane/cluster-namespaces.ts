import * as ipaddr from "ipaddr.js";
import { lengthOf } from "../../config/addressing";
import type { ClusterDump, PveItem, VmDump } from "./device-dump";
import { NotRealizableError } from "./device-rows";
import { emptyNamespace, type Namer, type NamespacePlan, type VethPlan } from "./model";
import type { RouterPort } from "./router-namespace";

export interface PlannedCluster {
  hypervisors: NamespacePlan[];
  /** Each hypervisor's fabric interfaces at their NIC's MTU, for the topology planner to cable. */
  ports: Omit<RouterPort, "mac">[];
  vms: NamespacePlan[];
  /** Each VM's NIC on its node's vnet bridge. */
  vmLinks: VethPlan[];
}

/** `name=ens1f0,ip=192.168.121.2/30`, PVE's property strings, as key-value pairs. */
function properties(text: string): Map<string, string> {
  return new Map(
    text.split(",").map((pair) => {
      const at = pair.indexOf("=");
      return at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

const list = (value: PveItem[string]): string[] =>
  Array.isArray(value)
    ? value
    : String(value ?? "")
        .split(/[,\s]+/)
        .filter(Boolean);

/** PVE takes an OSPF area as a dotted quad or a 32-bit number; FRR is given the quad. */
const dottedArea = (area: string) => ipaddr.IPv4.parse(area).toString();

/**
 * The hypervisors' namespaces from the cluster's SDN, as PVE 9 builds it on each node: the OSPF
 * fabric (its node IP on a loopback, each interface with its IP, broadcast since they are
 * numbered), and each vnet of a VXLAN zone as a bridge over a VXLAN device with a flood entry per
 * peer. Then each running VM, in its own namespace, on its node's vnet bridge with the address and
 * gateway of its `ipconfig0`.
 */
export function planClusterNamespaces(cluster: ClusterDump, namespaceOf: Namer): PlannedCluster {
  const where = (path: string, item: string, field: string, reason: string) =>
    new NotRealizableError("Proxmox VE", path, item, field, reason);
  const hypervisors = new Map<string, NamespacePlan>();
  const ports: PlannedCluster["ports"] = [];
  // A NIC's MTU is what the node's network says; the kernel's 1500 where it says none.
  const nicMtu = (nodeId: string, name: string) => {
    const nic = cluster.networks[nodeId]?.find((i) => i.iface === name);
    if (!nic) throw where(`/nodes/${nodeId}/network`, name, "iface", "is not listed: the node has no such NIC");
    return Number(nic.mtu ?? 1500);
  };
  for (const fabric of cluster.fabrics) {
    if (fabric.protocol !== "ospf") {
      throw where(
        "/cluster/sdn/fabrics/fabric",
        String(fabric.id),
        "protocol",
        `=${fabric.protocol} is not realized (it takes ospf)`,
      );
    }
    for (const node of cluster.fabricNodes.filter((n) => (n.fabric_id ?? fabric.id) === fabric.id)) {
      const nodeId = String(node.node_id);
      const ns = hypervisors.get(nodeId) ?? emptyNamespace(nodeId, "hypervisor", namespaceOf(nodeId));
      hypervisors.set(nodeId, ns);
      const ip = String(node.ip);
      ns.addresses.push({ interface: "lo", address: `${ip}/32` });
      const area = dottedArea(String(fabric.area));
      ns.ospf = { routerId: ip, interfaces: [{ name: "lo", area, network: "broadcast", passive: true }] };
      for (const entry of list(node.interfaces)) {
        const iface = properties(entry);
        const name = iface.get("name") ?? "";
        const address = iface.get("ip");
        if (!address) {
          throw where(
            `/cluster/sdn/fabrics/node/${fabric.id}`,
            nodeId,
            "interfaces",
            `${name} has no ip: unnumbered fabric interfaces are not realized`,
          );
        }
        ns.ospf.interfaces.push({ name, area, network: "broadcast", passive: false });
        ports.push({ device: nodeId, interface: name, mtu: nicMtu(nodeId, name), addresses: [address] });
      }
    }
  }

  for (const zone of cluster.zones) {
    const zoneId = String(zone.zone);
    if (zone.type !== "vxlan") {
      throw where("/cluster/sdn/zones", zoneId, "type", `=${zone.type} is not realized (it takes vxlan)`);
    }
    const peers = list(zone.peers);
    const nodes = zone.nodes === undefined ? [...hypervisors.keys()] : list(zone.nodes);
    const mtu = Number(zone.mtu ?? 1450);
    const port = Number(zone["vxlan-port"] ?? 4789);
    for (const vnet of cluster.vnets.filter((v) => v.zone === zoneId)) {
      const name = String(vnet.vnet);
      if (vnet.vlanaware) throw where("/cluster/sdn/vnets", name, "vlanaware", "is not realized");
      for (const nodeId of nodes) {
        const ns = hypervisors.get(nodeId);
        if (!ns)
          throw where("/cluster/sdn/zones", zoneId, "nodes", `${nodeId} is in no fabric: its VXLAN has no loopback`);
        const local = peers.find((peer) => ns.addresses.some((a) => a.address === `${peer}/32`));
        if (!local) throw where("/cluster/sdn/zones", zoneId, "peers", `hold no address of ${nodeId}`);
        ns.bridges.push({ name, mtu });
        ns.vxlans.push({
          name: `vxlan_${name}`,
          vni: Number(vnet.tag),
          local,
          port,
          mtu,
          learning: true,
          remotes: peers.filter((peer) => peer !== local),
          bridge: name,
        });
      }
    }
  }

  const vms: NamespacePlan[] = [];
  const vmLinks: VethPlan[] = [];
  for (const vm of cluster.vms.filter((v) => v.status === "running")) {
    const node = hypervisors.get(vm.node);
    const { namespace, link, port } = planVm(vm, node, namespaceOf);
    vms.push(namespace);
    vmLinks.push(link);
    node?.bridgePorts.push(port);
  }
  return { hypervisors: [...hypervisors.values()], ports, vms, vmLinks };
}

/** A running VM's namespace, and its NIC: a cable to its node, whose end there is a port of the vnet's bridge. */
export function planVm(
  vm: VmDump,
  node: NamespacePlan | undefined,
  namespaceOf: Namer,
): { namespace: NamespacePlan; link: VethPlan; port: NamespacePlan["bridgePorts"][number] } {
  const path = `/nodes/${vm.node}/qemu/${vm.vmid}/config`;
  const fail = (field: string, reason: string) => new NotRealizableError(vm.name, path, String(vm.vmid), field, reason);
  for (const key of Object.keys(vm.config)) {
    if (/^(net|ipconfig)\d+$/.test(key) && !["net0", "ipconfig0"].includes(key))
      throw fail(key, "is not realized: the data plane gives a VM one NIC");
  }
  if (!node) throw fail("node", `=${vm.node} is no hypervisor of the SDN fabric`);
  const net = properties(String(vm.config.net0 ?? ""));
  const [model] = [...net.keys()];
  const mac = net.get(model);
  const bridge = net.get("bridge");
  if (!bridge || !mac) throw fail("net0", `=${vm.config.net0 ?? ""} names no bridge and MAC`);
  const vnet = node.bridges.find((b) => b.name === bridge);
  if (!vnet) throw fail("net0", `bridge=${bridge} is no vnet on ${vm.node}`);
  for (const key of net.keys()) {
    if (![model, "bridge", "mtu", "firewall"].includes(key)) throw fail("net0", `${key}= is not realized`);
  }
  const ipconfig = properties(String(vm.config.ipconfig0 ?? ""));
  const ip = ipconfig.get("ip");
  const gateway = ipconfig.get("gw");
  if (!ip || ip === "dhcp" || !gateway)
    throw fail("ipconfig0", `=${vm.config.ipconfig0 ?? ""} is not a static address with a gateway`);
  lengthOf(ip);
  // A virtio NIC without mtu= runs at 1500 in the guest; mtu=1 takes the bridge's.
  const mtuSetting = net.get("mtu");
  const mtu = mtuSetting === "1" ? (vnet.mtu ?? 1500) : Number(mtuSetting ?? 1500);
  const namespace = emptyNamespace(vm.name, "vm", namespaceOf(`vm-${vm.name}`));
  namespace.addresses.push({ interface: "eth0", address: ip });
  namespace.defaultRoute = gateway;
  const tap = `tap${vm.vmid}i0`;
  return {
    namespace,
    port: { bridge, interface: tap },
    link: {
      a: { namespace: namespace.name, interface: "eth0", mtu, mac: mac.toLowerCase() },
      b: { namespace: node.name, interface: tap, mtu: vnet.mtu ?? 1500 },
    },
  };
}
