import { expect } from "chai";
import { topologyOf } from "../../plan/topology";
import { stackFileConfig } from "../support/stack-file";

describe("the topology of a stack", () => {
  const prod = stackFileConfig("prod");
  const topology = topologyOf(prod);

  it("has each router with its loopback, management address and uplink with the src-NAT out of it", () => {
    expect(topology.routers.map((r) => `${r.name} ${r.loopback} ${r.management} ${r.uplink ?? "-"}`)).to.deep.equal([
      "MTK-1 192.168.254.1/32 192.168.255.1 -",
      "MTK-2 192.168.254.2/32 192.168.255.2 -",
      "MTK-3 192.168.254.3/32 192.168.255.3 bell",
      "MTK-4 192.168.254.4/32 192.168.255.4 bell",
    ]);
    expect(topology.routers[2].srcNat).to.deep.equal(["192.168.110.0/23", "192.168.143.1/32"]);
  });

  it("has every link with both ends' interfaces and addresses, and their /30", () => {
    expect(topology.links).to.have.length(prod.links.length);
    expect(topology.links[0]).to.deep.equal({
      a: { device: "MTK-1", interface: "qsfp28-2-1", address: "192.168.140.1/30" },
      b: { device: "MTK-2", interface: "qsfp28-1-1", address: "192.168.140.2/30" },
      subnet: "192.168.140.0/30",
    });
    expect(topology.links[4]).to.deep.include({ subnet: "192.168.121.0/30" });
    expect(topology.links[4].b).to.deep.equal({ device: "PVE-1", interface: "ens1f0", address: "192.168.121.2/30" });
  });

  it("has each tenant with its VNI, CIDR and VRRP gateway: the highest priority is the master", () => {
    expect(topology.tenants[0]).to.deep.equal({
      name: "app",
      vni: 110,
      cidr: "192.168.110.0/24",
      gateway: "192.168.110.1",
      vrid: 110,
      gateways: [
        { router: "MTK-3", priority: 200, role: "master" },
        { router: "MTK-4", priority: 100, role: "backup" },
      ],
    });
  });

  it("has the hypervisors, the VMs by tenant and node, and the ZeroTier network with its routers", () => {
    expect(topology.hypervisors[0]).to.deep.equal({
      name: "PVE-1",
      node: "PVE-1",
      loopback: "192.168.254.11/32",
      management: "192.168.255.11",
    });
    expect(topology.vms).to.deep.equal([
      { name: "prod-sql14-1", tenant: "sql", node: "PVE-2", address: "192.168.111.52", os: "linux" },
    ]);
    expect(topology.zerotier).to.deep.equal({
      name: "ops",
      cidr: "192.168.192.0/24",
      routers: [
        { router: "MTK-3", address: "192.168.192.3" },
        { router: "MTK-4", address: "192.168.192.4" },
      ],
    });
  });

  it("is drawn from a checked plan only: a config the cross-checks refuse is refused", () => {
    const broken = { ...prod, links: [...prod.links, { a: "MTK-9:sfp28-1", b: "PVE-1:ens1f0" }] };
    expect(() => topologyOf(broken)).to.throw(/budgetcloud:links\[10\]\.a: unknown router or hypervisor MTK-9/);
  });
});
