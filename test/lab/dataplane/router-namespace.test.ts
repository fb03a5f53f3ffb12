import { expect } from "chai";
import type { RouterDump } from "../../../lab/dataplane/device-dump";
import { planRouterNamespace } from "../../../lab/dataplane/router-namespace";
import { router } from "./small-dump";

const namer = (device: string) => `t-${device}`;

function edited(edit: (menus: RouterDump["menus"]) => void): RouterDump {
  const dump = router("R1");
  edit(dump.menus);
  return dump;
}

describe("a router's namespace, planned from what the router holds", () => {
  const { namespace, ports } = planRouterNamespace(router("R1"), namer);

  it("puts the loopback /32 on the namespace's lo and makes the other bridges", () => {
    expect(namespace.addresses.filter((a) => a.interface === "lo")).to.deep.equal([
      { interface: "lo", address: "10.0.254.1/32" },
    ]);
    expect(namespace.bridges).to.deep.equal([{ name: "vbr110" }]);
  });

  it("makes the VXLAN from its VTEPs, on the bridge its bridge port names", () => {
    expect(namespace.vxlans).to.deep.equal([
      {
        name: "vxlan110",
        vni: 110,
        local: "10.0.254.1",
        port: 4789,
        mtu: 1500,
        learning: true,
        remotes: ["10.0.254.2", "10.0.254.11"],
        bridge: "vbr110",
      },
    ]);
  });

  it("gives VRRP its vrid, priority, version and the address on it", () => {
    expect(namespace.vrrp).to.deep.equal([
      {
        name: "vrrp110",
        interface: "vbr110",
        vrid: 110,
        priority: 200,
        version: 3,
        advertInterval: 1,
        preempt: true,
        addresses: ["10.1.10.1/32"],
      },
    ]);
  });

  it("runs OSPF on each template's interfaces with its type, passive, cost and MD5 key", () => {
    expect(namespace.ospf?.routerId).to.equal("10.0.254.1");
    expect(
      namespace.ospf?.interfaces.map(
        (i) => `${i.name} ${i.network}${i.passive ? " passive" : ""} cost ${i.cost} ${i.md5?.key ?? "-"}`,
      ),
    ).to.deep.equal([
      "sfp28-1 point-to-point cost 1 secret-key",
      "lo broadcast passive cost 1 -",
      "sfp28-2 broadcast cost 10 -",
    ]);
  });

  it("keeps the firewall in list order and skips disabled rules", () => {
    expect(namespace.firewall?.input.map((r) => r.origin)).to.deep.equal([
      `/ip/firewall/filter rule 0 "established, related"`,
      `/ip/firewall/filter rule 1 "management network"`,
      `/ip/firewall/filter rule 2 "operators"`,
      `/ip/firewall/filter rule 4 "drop all"`,
    ]);
    expect(namespace.firewall?.srcnat).to.deep.equal([
      {
        origin: `/ip/firewall/nat rule 0 "tenants"`,
        action: "masquerade",
        srcAddress: "10.1.10.0/24",
        outInterface: "sfp28-3",
      },
    ]);
  });

  it("hands the enabled ports with their MTU and addresses to the cabling", () => {
    expect(ports.map((p) => `${p.interface} ${p.mtu} ${p.addresses.join(",")}`)).to.deep.equal([
      "ether1 1500 10.0.255.1/24",
      "sfp28-1 9050 10.0.0.1/30",
      "sfp28-2 9050 10.0.1.1/30",
      "sfp28-3 1500 198.51.100.2/29",
    ]);
  });

  describe("refuses what it does not build, naming the device, menu, item and field", () => {
    const refusal = (dump: RouterDump) => () => planRouterNamespace(dump, namer);

    it("a VXLAN setting", () => {
      const dump = edited((m) => {
        m["/interface/vxlan"][0]["dont-fragment"] = "enabled";
      });
      expect(refusal(dump)).to.throw(
        "R1 /interface/vxlan vxlan110: dont-fragment=enabled is not realized by the data plane (it takes auto)",
      );
    });

    it("an OSPF template matched by network", () => {
      const dump = edited((m) => {
        m["/routing/ospf/interface-template"][0].networks = "10.0.0.0/30";
      });
      expect(refusal(dump)).to.throw(
        `R1 /routing/ospf/interface-template *1: networks=10.0.0.0/30 is not realized by the data plane (it takes "")`,
      );
    });

    it("a firewall rule out of an interface the router does not hold", () => {
      const dump = edited((m) => {
        m["/ip/firewall/filter"][6]["out-interface"] = "bell";
      });
      expect(refusal(dump)).to.throw(
        "R1 /ip/firewall/filter *6: out-interface=bell is no interface R1 holds (/ip/firewall/filter rule 6)",
      );
    });

    it("a NAT chain other than srcnat", () => {
      const dump = edited((m) => {
        m["/ip/firewall/nat"][0].chain = "dstnat";
      });
      expect(refusal(dump)).to.throw(
        "R1 /ip/firewall/nat *1: chain=dstnat is not realized by the data plane (it takes srcnat)",
      );
    });

    it("VRRP authentication on version 3", () => {
      const dump = edited((m) => {
        m["/interface/vrrp"][0].authentication = "simple";
      });
      expect(refusal(dump)).to.throw(
        "R1 /interface/vrrp vrrp110: authentication=simple is not realized by the data plane (it takes none)",
      );
    });
  });
});
