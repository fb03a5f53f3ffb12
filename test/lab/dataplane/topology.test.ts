import { expect } from "chai";
import { planDataPlane } from "../../../lab/dataplane/topology";
import { smallDump, smallLinks } from "./small-dump";

describe("the data plane's topology, planned from a dump and the stack's links", () => {
  const plan = planDataPlane(smallDump(), smallLinks, "t-");
  const named = (device: string) => plan.namespaces.find((ns) => ns.device === device);

  it("has a namespace per router, hypervisor and VM, a LAN per uncabled subnet, the uplink's being the internet", () => {
    expect(plan.namespaces.map((ns) => `${ns.name} ${ns.role}`)).to.deep.equal([
      "t-R1 router",
      "t-R2 router",
      "t-PVE-1 hypervisor",
      "t-lan-10.0.255.0 lan",
      "t-internet lan",
      "t-vm-web-1 vm",
    ]);
    expect(named("internet")?.addresses).to.deep.equal([{ interface: "lan", address: "198.51.100.6/29" }]);
    expect(named("lan-10.0.255.0")?.bridgePorts.map((p) => p.interface)).to.deep.equal(["R1-ether1", "R2-ether1"]);
  });

  it("cables each link as a veth pair at the router's MTU, and each VM to its node's vnet", () => {
    expect(
      plan.veths.map(
        (v) => `${v.a.namespace}:${v.a.interface} ${v.b.namespace}:${v.b.interface} ${v.a.mtu}/${v.b.mtu}`,
      ),
    ).to.deep.equal([
      "t-R1:sfp28-1 t-R2:sfp28-1 9050/9050",
      "t-R1:sfp28-2 t-PVE-1:ens1f0 9050/9050",
      "t-R1:ether1 t-lan-10.0.255.0:R1-ether1 1500/1500",
      "t-R2:ether1 t-lan-10.0.255.0:R2-ether1 1500/1500",
      "t-R1:sfp28-3 t-internet:R1-sfp28-3 1500/1500",
      "t-vm-web-1:eth0 t-PVE-1:tap12345i0 1500/1500",
    ]);
    expect(named("PVE-1")?.bridgePorts).to.deep.equal([{ bridge: "vbr110", interface: "tap12345i0" }]);
  });

  it("gives a hypervisor its fabric loopback and a vnet as a bridge over VXLAN to every other peer", () => {
    const pve = named("PVE-1");
    expect(pve?.addresses).to.deep.equal([
      { interface: "lo", address: "10.0.254.11/32" },
      { interface: "ens1f0", address: "10.0.1.2/30" },
    ]);
    expect(pve?.vxlans).to.deep.equal([
      {
        name: "vxlan_vbr110",
        vni: 110,
        local: "10.0.254.11",
        port: 4789,
        mtu: 1500,
        learning: true,
        remotes: ["10.0.254.1", "10.0.254.2"],
        bridge: "vbr110",
      },
    ]);
  });

  it("gives a VM the address and gateway of its ipconfig0 and the MAC of its net0", () => {
    const vm = named("web-1");
    expect(vm?.addresses).to.deep.equal([{ interface: "eth0", address: "10.1.10.50/24" }]);
    expect(vm?.defaultRoute).to.equal("10.1.10.1");
    expect(vm?.forwarding).to.equal(false);
    expect(plan.veths.at(-1)?.a.mac).to.equal("bc:24:11:00:00:01");
  });

  it("refuses a link to a port the device does not hold", () => {
    expect(() => planDataPlane(smallDump(), [{ a: "R1:sfp28-9", b: "R2:sfp28-1" }])).to.throw(
      "R1 stack links[0]: R1:sfp28-9: R1 holds no port sfp28-9",
    );
  });

  it("refuses a VM without a static address", () => {
    const dump = smallDump();
    dump.cluster.vms[0].config.ipconfig0 = "ip=dhcp";
    expect(() => planDataPlane(dump, smallLinks)).to.throw(
      "web-1 /nodes/PVE-1/qemu/12345/config 12345: ipconfig0=ip=dhcp is not a static address with a gateway",
    );
  });

  it("refuses a zone that is not VXLAN", () => {
    const dump = smallDump();
    dump.cluster.zones[0].type = "evpn";
    expect(() => planDataPlane(dump, smallLinks)).to.throw(
      "Proxmox VE /cluster/sdn/zones tenants: type=evpn is not realized (it takes vxlan)",
    );
  });
});
