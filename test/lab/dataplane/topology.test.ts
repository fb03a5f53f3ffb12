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
      "t-librenms poller",
      "t-lan-10.0.255.0 lan",
      "t-internet lan",
      "t-vm-web-1 vm",
    ]);
    expect(named("internet")?.addresses).to.deep.equal([{ interface: "lan", address: "198.51.100.6/29" }]);
    expect(named("lan-10.0.255.0")?.bridgePorts.map((p) => p.interface)).to.deep.equal([
      "R1-ether1",
      "R2-ether1",
      "PVE-1-vmbr0",
      "librenms-eth0",
    ]);
  });

  it("puts each node's management bridge, and the poller the routers' SNMP communities name, on the routers' LAN", () => {
    expect(named("PVE-1")?.addresses.find((a) => a.interface === "vmbr0")).to.deep.equal({
      interface: "vmbr0",
      address: "10.0.255.11/24",
    });
    expect(named("librenms")?.addresses).to.deep.equal([{ interface: "eth0", address: "10.0.255.10/24" }]);
    expect(named("librenms")?.forwarding).to.equal(false);
    // The LAN's own host still takes the highest free address.
    expect(named("lan-10.0.255.0")?.addresses).to.deep.equal([{ interface: "lan", address: "10.0.255.254/24" }]);
  });

  it("leaves a node whose management bridge is on no router's LAN off every LAN", () => {
    const dump = smallDump();
    dump.cluster.networks["PVE-1"][0].cidr = "172.16.0.11/24";
    const other = planDataPlane(dump, smallLinks, "t-");
    expect(other.namespaces.find((ns) => ns.device === "PVE-1")?.addresses.map((a) => a.interface)).to.deep.equal([
      "lo",
      "ens1f0",
    ]);
  });

  it("cables each link as a veth pair, each end at its device's MTU, and each VM to its node's vnet", () => {
    expect(
      plan.veths.map(
        (v) => `${v.a.namespace}:${v.a.interface} ${v.b.namespace}:${v.b.interface} ${v.a.mtu}/${v.b.mtu}`,
      ),
    ).to.deep.equal([
      "t-R1:sfp28-1 t-R2:sfp28-1 9050/9050",
      "t-R1:sfp28-2 t-PVE-1:ens1f0 9050/9050",
      "t-R1:ether1 t-lan-10.0.255.0:R1-ether1 1500/1500",
      "t-R2:ether1 t-lan-10.0.255.0:R2-ether1 1500/1500",
      "t-PVE-1:vmbr0 t-lan-10.0.255.0:PVE-1-vmbr0 1500/1500",
      "t-librenms:eth0 t-lan-10.0.255.0:librenms-eth0 1500/1500",
      "t-R1:sfp28-3 t-internet:R1-sfp28-3 1500/1500",
      "t-vm-web-1:eth0 t-PVE-1:tap12345i0 1500/1500",
    ]);
    expect(named("PVE-1")?.bridgePorts).to.deep.equal([{ bridge: "vbr110", interface: "tap12345i0" }]);
  });

  it("leaves a NIC whose node's network sets no MTU at the kernel's 1500, facing the router's 9050", () => {
    const dump = smallDump();
    delete dump.cluster.networks["PVE-1"][2].mtu;
    const veth = planDataPlane(dump, smallLinks, "t-").veths.find((v) => v.b.interface === "ens1f0");
    expect([veth?.a.mtu, veth?.b.mtu]).to.deep.equal([9050, 1500]);
  });

  it("refuses a fabric interface the node's network does not list, naming the node and the NIC", () => {
    const dump = smallDump();
    dump.cluster.networks["PVE-1"].pop();
    expect(() => planDataPlane(dump, smallLinks, "t-")).to.throw(
      "Proxmox VE /nodes/PVE-1/network ens1f0: iface is not listed: the node has no such NIC",
    );
  });

  it("gives a hypervisor its fabric loopback and a vnet as a bridge over VXLAN to every other peer", () => {
    const pve = named("PVE-1");
    expect(pve?.addresses).to.deep.equal([
      { interface: "lo", address: "10.0.254.11/32" },
      { interface: "ens1f0", address: "10.0.1.2/30" },
      { interface: "vmbr0", address: "10.0.255.11/24" },
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

describe("the operators' ZeroTier network in the data plane, from the routers and Central", () => {
  /** The small dump with R1's ZeroTier package joined to a network Central holds, and a laptop on it. */
  function zeroTierDump(authorizedR1 = true) {
    const dump = smallDump();
    const [r1] = dump.routers;
    r1.menus["/zerotier"] = [
      {
        ".id": "*1",
        name: "zt1",
        identity: "0a1b2c3d4e:0:aa:bb",
        "identity.public": "0a1b2c3d4e:0:aa",
        interfaces: "all",
        port: "9993",
        "route-distance": "200",
        disabled: "false",
      },
    ];
    r1.menus["/zerotier/interface"] = [
      {
        ".id": "*20",
        name: "zerotier1",
        "mac-address": "02:00:00:00:00:20",
        "arp-timeout": "auto",
        instance: "zt1",
        network: "8056c2e21c000001",
        "allow-managed": "true",
        "allow-global": "false",
        "allow-default": "false",
        "disable-running-check": "false",
        running: "true",
        disabled: "false",
      },
    ];
    dump.zerotier = [
      {
        id: "8056c2e21c000001",
        name: "ops",
        mtu: 2800,
        routes: [
          { target: "10.9.0.0/24", via: null },
          { target: "10.1.10.0/24", via: "10.9.0.1" },
        ],
        members: [
          { nodeId: "0a1b2c3d4e", name: "R1", authorized: authorizedR1, ipAssignments: ["10.9.0.1"] },
          { nodeId: "e04ec2cc59", name: "laptop", authorized: true, ipAssignments: ["10.9.0.253"] },
          { nodeId: "1111111111", name: "phone", authorized: false, ipAssignments: ["10.9.0.20"] },
        ],
      },
    ];
    return dump;
  }
  const withZeroTier = (authorizedR1 = true) => planDataPlane(zeroTierDump(authorizedR1), smallLinks, "t-");

  it("cables the router's zerotier1 to the network at its assigned address, and the laptop with the managed routes", () => {
    const plan = withZeroTier();
    const named = (device: string) => plan.namespaces.find((ns) => ns.device === device);
    expect(plan.namespaces.map((ns) => `${ns.name} ${ns.role}`)).to.include.members([
      "t-zerotier-ops zerotier",
      "t-laptop operator",
    ]);
    // The phone is not authorized: it has no place on the network.
    expect(named("phone")).to.equal(undefined);
    expect(named("R1")?.addresses).to.deep.include({ interface: "zerotier1", address: "10.9.0.1/24" });
    expect(named("laptop")).to.deep.include({
      addresses: [{ interface: "eth0", address: "10.9.0.253/24" }],
      routes: [{ destination: "10.1.10.0/24", via: "10.9.0.1" }],
      forwarding: false,
    });
    expect(named("zerotier-ops")?.bridges).to.deep.equal([{ name: "zt", mtu: 2800 }]);
    expect(
      plan.veths
        .filter((v) => v.b.namespace === "t-zerotier-ops")
        .map((v) => `${v.a.namespace}:${v.a.interface} ${v.b.interface} ${v.a.mtu}${v.a.mac ? ` ${v.a.mac}` : ""}`),
    ).to.deep.equal(["t-R1:zerotier1 port0 2800 02:00:00:00:00:20", "t-laptop:eth0 port1 2800"]);
  });

  it("refuses two routers whose interfaces on the network hold one MAC, naming both", () => {
    const dump = zeroTierDump();
    const [r1, r2] = dump.routers;
    r2.menus["/zerotier"] = [{ ...r1.menus["/zerotier"][0], identity: "0a1b2c3d4f:0:cc:dd" }];
    r2.menus["/zerotier/interface"] = r1.menus["/zerotier/interface"];
    expect(() => planDataPlane(dump, smallLinks, "t-")).to.throw(
      "R2 /zerotier/interface zerotier1: mac-address=02:00:00:00:00:20 is R1's zerotier1 MAC too, on network 8056c2e21c000001: ZeroTier gives each member its own",
    );
  });

  it("gives a router whose member is not authorized no address on the network, as Central gives it none", () => {
    const plan = withZeroTier(false);
    const r1 = plan.namespaces.find((ns) => ns.device === "R1");
    expect(r1?.addresses.filter((a) => a.interface === "zerotier1")).to.deep.equal([]);
  });
});
