import { expect } from "chai";
import { natKey } from "../../plan/firewall-plan";
import { planRouter } from "../../plan/router-plan";
import { stackFileConfig } from "../support/stack-file";

describe("the plan of a router", () => {
  const prod = stackFileConfig("prod");
  const mtk3 = planRouter(prod, prod.routers.find((r) => r.name === "MTK-3") ?? prod.routers[0]);

  it("holds MTK-3's interfaces, addresses and MTUs as the talk's host vars give them", () => {
    expect(mtk3.ports).to.deep.equal([
      { defaultName: "ether1", comment: "Management" },
      { defaultName: "qsfp28-1-1", mtu: 9050, l2mtu: 9134, comment: "OSPF ring interface" },
      { defaultName: "qsfp28-2-1", mtu: 9050, l2mtu: 9134, comment: "OSPF ring interface" },
      { defaultName: "sfp28-1", mtu: 9050, l2mtu: 9134, comment: "PVE-1 (Port 2)" },
      { defaultName: "sfp28-2", mtu: 9050, l2mtu: 9134, comment: "PVE-2 (Port 2)" },
    ]);
    // lo is RouterOS 7's built-in loopback: nothing to make.
    expect(mtk3.loopback).to.deep.equal({
      name: "lo",
      address: "192.168.254.3/32",
      comment: "loopback for OSPF",
      bridge: false,
    });
    expect(mtk3.addresses.map((a) => `${a.interface} ${a.address}`)).to.deep.equal([
      "ether1 192.168.255.3/24",
      "qsfp28-1-1 192.168.141.2/30",
      "qsfp28-2-1 192.168.142.1/30",
      "sfp28-1 192.168.131.1/30",
      "sfp28-2 192.168.132.1/30",
    ]);
  });

  it("makes a loopback of another name than lo as a bridge, as RouterOS 7.1 stacks did", () => {
    const config = structuredClone(prod);
    const router = config.routers.find((r) => r.name === "MTK-3") ?? config.routers[0];
    const lo = router.interfaces.find((i) => i.loopback);
    if (lo) lo.name = "loopback";
    expect(planRouter(config, router).loopback).to.include({ name: "loopback", bridge: true });
  });

  it("holds MTK-3's OSPF interface types as the talk's host vars give them", () => {
    expect(mtk3.ospf.routerId).to.equal("192.168.254.3");
    expect(mtk3.ospf).to.deep.include({ instance: "default", area: { name: "backbone", id: "0.0.0.0" } });
    expect(mtk3.ospf.templates).to.deep.equal([
      { area: "backbone", interfaces: ["qsfp28-1-1"], type: "ptp", passive: false, md5: true },
      { area: "backbone", interfaces: ["qsfp28-2-1"], type: "ptp", passive: false, md5: true },
      { area: "backbone", interfaces: ["lo"], type: "broadcast", passive: true, md5: false },
      { area: "backbone", interfaces: ["zerotier1"], type: "broadcast", passive: true, md5: false },
      { area: "backbone", interfaces: ["sfp28-1"], type: "broadcast", passive: false, md5: false },
      { area: "backbone", interfaces: ["sfp28-2"], type: "broadcast", passive: false, md5: false },
    ]);
  });

  it("puts a VXLAN gateway for each of its tenants on it, with VTEPs to the other gateway and the hypervisors", () => {
    const sql = mtk3.gateways.find((g) => g.tenant === "sql");
    expect(sql).to.deep.equal({
      tenant: "sql",
      vni: 111,
      vxlan: "vxlan111",
      port: 4789,
      bridge: "vbr111",
      mtu: 1500,
      localAddress: "192.168.254.3",
      vteps: ["192.168.254.4", "192.168.254.11", "192.168.254.12", "192.168.254.13"],
      address: "192.168.111.2/24",
      vrrp: { name: "vrrp111", vrid: 111, priority: 200, address: "192.168.111.1/32" },
      // Announced, passive, so that routers which are not its gateways reach the segment.
      ospfArea: "backbone",
    });
  });

  it("carries the underlay across a gateway router: loopback to loopback, as any hop of the ring", () => {
    // VXLAN between PVE-1 and PVE-3 and every loopback beyond crosses MTK-3 or MTK-4.
    expect(mtk3.forward[1]).to.deep.equal({
      action: "accept",
      srcAddressList: "underlay",
      dstAddressList: "underlay",
      comment: "underlay, loopback to loopback",
    });
    // Exactly the seven loopbacks: 192.168.254.0/28 would take in .5 to .10, .14 and .15 as well.
    expect(mtk3.addressLists).to.deep.equal(
      ["1", "2", "3", "4", "11", "12", "13"].map((host) => ({ list: "underlay", address: `192.168.254.${host}` })),
    );
  });

  it("holds no address list where it has no forward chain", () => {
    const mtk2 = planRouter(prod, prod.routers.find((r) => r.name === "MTK-2") ?? prod.routers[0]);
    expect([mtk2.forward, mtk2.addressLists]).to.deep.equal([[], []]);
  });

  it("accepts tenant to tenant, the operators' network to what it may reach and the poller to the VMs, before it drops invalid packets", () => {
    // Replies may come back through the other gateway, or from the operators' network through the other router.
    const comments = mtk3.forward.map((r) => r.comment);
    expect(comments.slice(0, 11)).to.deep.equal([
      "established, related",
      "underlay, loopback to loopback",
      "tenant app to sql",
      "tenant app to ops",
      "tenant sql to app",
      "tenant sql to ops",
      "zerotier ops to app",
      "zerotier ops to sql",
      // MTK-3 joins the operators' network and sits on the management network: their way in.
      "operators 192.168.192.0/24 to management",
      // prod monitors one VM, in sql.
      "SNMP poller to tenant sql",
      "invalid",
    ]);
    expect(mtk3.forward.find((r) => r.comment === "tenant app to ops")).to.include({
      srcAddress: "192.168.110.0/24",
      dstAddress: "192.168.192.0/24",
    });
    expect(mtk3.forward.find((r) => r.comment === "zerotier ops to sql")).to.include({
      srcAddress: "192.168.192.0/24",
      dstAddress: "192.168.111.0/24",
    });
  });

  it("allows what the stack says through the forward chain, then drops the rest", () => {
    const comments = mtk3.forward.map((r) => r.comment);
    expect(comments).to.include.members(["tenant sql to app", "CUSTOM:3", "tenant app to the internet"]);
    expect(mtk3.forward.at(-1)).to.deep.equal({ action: "drop", comment: "drop all" });
    expect(mtk3.forward.find((r) => r.comment === "CUSTOM:3")).to.deep.equal({
      action: "accept",
      srcAddress: "192.168.1.0/24",
      dstAddress: "192.168.111.0/24",
      comment: "CUSTOM:3",
    });
    // A rule that names the operators' network takes its prefix, as it did when the network was a tenant.
    expect(mtk3.forward.find((r) => r.comment === "CUSTOM:9")).to.include({
      srcAddress: "192.168.192.0/24",
      dstAddress: "192.168.1.0/24",
    });
  });

  it("src-NATs the tenants out of the uplink, each rule keyed by its comment, and the operators into the management network", () => {
    expect(mtk3.nat).to.deep.equal([
      {
        key: "tenants",
        rule: { action: "masquerade", srcAddress: "192.168.110.0/23", outInterface: "bell", comment: "tenants" },
      },
      {
        key: "bastion",
        rule: { action: "masquerade", srcAddress: "192.168.143.1/32", outInterface: "bell", comment: "bastion" },
      },
      {
        key: "operators-192.168.192.0-24-to-management",
        rule: {
          action: "masquerade",
          srcAddress: "192.168.192.0/24",
          dstAddress: "192.168.255.0/24",
          outInterface: "ether1",
          comment: "operators 192.168.192.0/24 to management",
        },
      },
    ]);
  });

  it("keys a NAT rule without a comment by its source, in letters a resource name keeps", () => {
    expect(natKey({ src: "192.168.110.0/23" })).to.equal("192.168.110.0-23");
    expect(natKey({ src: "10.0.0.0/8", comment: "Old Office VPN" })).to.equal("old-office-vpn");
  });

  it("keeps the operators on the API of every router, and lets ZeroTier's peers reach a router that joins", () => {
    const input = mtk3.input.map((r) => r.comment);
    expect(input).to.deep.equal([
      "established, related",
      "invalid",
      "SNMP poller",
      "management network",
      "operators 192.168.192.0/24",
      "OSPF",
      "VRRP",
      "VXLAN",
      "ZeroTier",
      "ICMP",
      "drop all",
    ]);
    expect(mtk3.input.find((r) => r.comment === "ZeroTier")).to.deep.equal({
      action: "accept",
      protocol: "udp",
      dstPort: "9993",
      comment: "ZeroTier",
    });
    const mtk1 = planRouter(prod, prod.routers[0]);
    expect(mtk1.input.map((r) => r.comment)).not.to.include("ZeroTier");
  });
});
