import { expect } from "chai";
import type { RouterOSAPI } from "node-routeros";
import { apiClient, builtInLoopbackRow, routerForSuite, trapOf } from "./helpers";

describe("RouterOS emulator: menus on a CCR2216", () => {
  const router = routerForSuite({ model: "CCR2216-1G-12XS-2XQ" });
  let api: RouterOSAPI;
  beforeEach(async () => {
    api = await apiClient(router());
  });
  afterEach(async () => {
    await api.close();
  });

  describe("/interface/ethernet", () => {
    it("has the model's ports with their factory L2 MTUs", async () => {
      const ports = await api.write("/interface/ethernet/print", ["=.proplist=name,l2mtu"]);
      expect(ports.map((p) => `${p.name}/${p.l2mtu}`)).to.deep.equal([
        "ether1/1600",
        ...["1-1", "1-2", "1-3", "1-4", "2-1", "2-2", "2-3", "2-4"].map((lane) => `qsfp28-${lane}/1584`),
        ...Array.from({ length: 12 }, (_, i) => `sfp28-${i + 1}/1584`),
      ]);
    });

    it("prints a port with the factory defaults", async () => {
      expect(await api.write("/interface/ethernet/print", ["?name=sfp28-1"])).to.deep.equal([
        {
          ".id": "*B",
          name: "sfp28-1",
          "default-name": "sfp28-1",
          mtu: "1500",
          l2mtu: "1584",
          // MTK-T's own block of the model's addresses: the tenth port, the tenth address.
          "mac-address": "48:8B:7C:BC:3D:0A",
          "orig-mac-address": "48:8B:7C:BC:3D:0A",
          arp: "enabled",
          "arp-timeout": "auto",
          "loop-protect": "default",
          "loop-protect-status": "off",
          "loop-protect-send-interval": "5s",
          "loop-protect-disable-time": "5m",
          "auto-negotiation": "true",
          "tx-flow-control": "off",
          "rx-flow-control": "off",
          bandwidth: "unlimited/unlimited",
          running: "true",
          disabled: "false",
        },
      ]);
    });

    it("is found by its default name after a rename", async () => {
      await api.write("/interface/ethernet/set", ["=numbers=qsfp28-1-1", "=name=uplink", "=mtu=9000", "=l2mtu=9092"]);
      await api.write("/interface/ethernet/set", ["=numbers=qsfp28-1-1", "=comment=to spine"]);
      expect(
        await api.write("/interface/ethernet/print", ["?default-name=qsfp28-1-1", "=.proplist=name,mtu,l2mtu,comment"]),
      ).to.deep.equal([{ name: "uplink", mtu: "9000", l2mtu: "9092", comment: "to spine" }]);
    });

    it("cannot be removed", async () => {
      expect(await trapOf(api.write("/interface/ethernet/remove", ["=numbers=ether1"]))).to.equal(
        "no such command or directory (remove)",
      );
    });
  });

  describe("/interface", () => {
    it("lists every interface with its type, bridge ports flagged as slaves", async () => {
      await api.write("/interface/bridge/add", ["=name=br0"]);
      await api.write("/interface/bridge/port/add", ["=bridge=br0", "=interface=sfp28-2"]);
      await api.write("/interface/vxlan/add", ["=name=vx100", "=vni=100"]);
      const rows = await api.write("/interface/print", ["=.proplist=name,type,slave", "?#!", "?type=ether", "?#!"]);
      expect(rows).to.deep.equal([
        { name: "lo", type: "loopback" },
        { name: "br0", type: "bridge" },
        { name: "vx100", type: "vxlan" },
      ]);
      expect(await api.write("/interface/print", ["?slave=true", "=.proplist=name"])).to.deep.equal([
        { name: "sfp28-2" },
      ]);
    });

    it("sets the underlying interface", async () => {
      await api.write("/interface/set", ["=numbers=ether1", "=mtu=1400", "=disabled=yes"]);
      expect(
        await api.write("/interface/ethernet/print", ["?name=ether1", "=.proplist=mtu,running,disabled"]),
      ).to.deep.equal([{ mtu: "1400", running: "false", disabled: "true" }]);
    });
  });

  describe("RouterOS 7's built-in loopback", () => {
    it("lists lo first, as a 7.20 CHR's REST API shows it, with no L2 MTU and not dynamic", async () => {
      expect(await api.write("/interface/print", ["?name=lo"])).to.deep.equal([builtInLoopbackRow("*1")]);
    });

    it("refuses a bridge named lo, and takes addresses, OSPF and a comment on the built-in one", async () => {
      expect(await trapOf(api.write("/interface/bridge/add", ["=name=lo"]))).to.equal(
        "failure: already have interface with such name",
      );
      await api.write("/ip/address/add", ["=address=10.0.0.1/32", "=interface=lo"]);
      await api.write("/routing/ospf/instance/add", ["=name=default"]);
      await api.write("/routing/ospf/area/add", ["=name=backbone", "=instance=default"]);
      await api.write("/routing/ospf/interface-template/add", ["=area=backbone", "=interfaces=lo", "=passive="]);
      await api.write("/interface/set", ["=numbers=lo", "=comment=loopback for OSPF"]);
      expect(await api.write("/ip/address/print", ["=.proplist=address,interface,invalid"])).to.deep.equal([
        { address: "10.0.0.1/32", interface: "lo", invalid: "false" },
      ]);
      expect(await api.write("/interface/print", ["?name=lo", "=.proplist=comment"])).to.deep.equal([
        { comment: "loopback for OSPF" },
      ]);
    });
  });

  describe("renaming", () => {
    it("keeps what refers to a renamed interface, as RouterOS links by id", async () => {
      await api.write("/interface/bridge/add", ["=name=br0"]);
      await api.write("/interface/bridge/port/add", ["=bridge=br0", "=interface=sfp28-6"]);
      await api.write("/ip/address/add", ["=address=10.6.0.1/24", "=interface=br0"]);
      await api.write("/interface/set", ["=numbers=br0", "=name=lan"]);
      await api.write("/interface/ethernet/set", ["=numbers=sfp28-6", "=name=server6"]);
      expect(await api.write("/interface/bridge/port/print", ["=.proplist=bridge,interface"])).to.deep.equal([
        { interface: "server6", bridge: "lan" },
      ]);
      expect(await api.write("/ip/address/print", ["=.proplist=interface,invalid"])).to.deep.equal([
        { interface: "lan", invalid: "false" },
      ]);
    });
  });

  describe("/interface/bridge/port", () => {
    it("refuses a second port for one interface", async () => {
      await api.write("/interface/bridge/add", ["=name=br0"]);
      await api.write("/interface/bridge/port/add", ["=bridge=br0", "=interface=sfp28-3"]);
      expect(await trapOf(api.write("/interface/bridge/port/add", ["=bridge=br0", "=interface=sfp28-3"]))).to.equal(
        "failure: device already added as bridge port",
      );
    });

    it("refuses an unknown bridge or interface", async () => {
      await api.write("/interface/bridge/add", ["=name=br0"]);
      expect(await trapOf(api.write("/interface/bridge/port/add", ["=bridge=nope", "=interface=sfp28-3"]))).to.equal(
        "input does not match any value of bridge",
      );
      expect(await trapOf(api.write("/interface/bridge/port/add", ["=bridge=br0", "=interface=nope"]))).to.equal(
        "invalid value for argument interface:\r\n    input does not match any value of interface\r\n    input does not match any value of interface-list",
      );
    });

    it("prints the port defaults", async () => {
      await api.write("/interface/bridge/add", ["=name=br0"]);
      await api.write("/interface/bridge/port/add", ["=bridge=br0", "=interface=sfp28-4", "=pvid=20"]);
      const [port] = await api.write("/interface/bridge/port/print");
      expect(port).to.include({
        interface: "sfp28-4",
        bridge: "br0",
        pvid: "20",
        "frame-types": "admit-all",
        hw: "true",
      });
      expect(port).to.include({ inactive: "false", dynamic: "false", disabled: "false" });
    });
  });

  describe("/interface/vxlan and vteps", () => {
    it("adds a VXLAN with 7.24 defaults and a VTEP for it", async () => {
      await api.write("/interface/vxlan/add", ["=name=vx100", "=vni=100", "=vtep-vrf=main"]);
      await api.write("/interface/vxlan/vteps/add", ["=interface=vx100", "=remote-ip=10.0.0.2"]);
      expect(await api.write("/interface/vxlan/print", ["=.proplist=name,vni,port,vtep-vrf,learning"])).to.deep.equal([
        { name: "vx100", vni: "100", port: "4789", learning: "true", "vtep-vrf": "main" },
      ]);
      expect(await api.write("/interface/vxlan/vteps/print")).to.deep.equal([
        { ".id": "*1", interface: "vx100", "remote-ip": "10.0.0.2", disabled: "false" },
      ]);
    });

    it("refuses the pre-7.20 name vrf", async () => {
      expect(await trapOf(api.write("/interface/vxlan/add", ["=name=vx1", "=vni=1", "=vrf=main"]))).to.equal(
        "unknown parameter vrf",
      );
    });

    it("refuses a VTEP on an interface that is not a VXLAN", async () => {
      expect(
        await trapOf(api.write("/interface/vxlan/vteps/add", ["=interface=ether1", "=remote-ip=10.0.0.2"])),
      ).to.equal("input does not match any value of interface");
    });

    it("names a new VXLAN vxlanN when add gives no name", async () => {
      await api.write("/interface/vxlan/add", ["=vni=7"]);
      await api.write("/interface/vxlan/add", ["=vni=8"]);
      expect((await api.write("/interface/vxlan/print", ["=.proplist=name"])).map((r) => r.name)).to.deep.equal([
        "vxlan1",
        "vxlan2",
      ]);
    });
  });

  describe("/interface/vrrp", () => {
    it("adds a VRRP interface on an existing interface", async () => {
      await api.write("/interface/vrrp/add", ["=name=vrrp-gw", "=interface=sfp28-5", "=vrid=10", "=priority=200"]);
      expect(
        await api.write("/interface/vrrp/print", [
          "=.proplist=name,interface,vrid,priority,mac-address,version,invalid",
        ]),
      ).to.deep.equal([
        {
          name: "vrrp-gw",
          "mac-address": "00:00:5E:00:01:0A",
          interface: "sfp28-5",
          vrid: "10",
          priority: "200",
          version: "3",
          invalid: "false",
        },
      ]);
      expect(await trapOf(api.write("/interface/vrrp/add", ["=interface=sfp28-5", "=vrid=256"]))).to.equal(
        "value of vrid out of range (1..255)",
      );
    });
  });

  describe("OSPF", () => {
    it("chains instance, area and interface template by name", async () => {
      await api.write("/routing/ospf/instance/add", ["=name=default-v2", "=router-id=10.255.0.1"]);
      await api.write("/routing/ospf/area/add", ["=name=backbone", "=instance=default-v2"]);
      await api.write("/routing/ospf/interface-template/add", [
        "=area=backbone",
        "=interfaces=sfp28-1",
        "=type=ptp",
        "=passive=no",
      ]);
      expect(await api.write("/routing/ospf/area/print")).to.deep.equal([
        {
          ".id": "*1",
          name: "backbone",
          instance: "default-v2",
          "area-id": "0.0.0.0",
          type: "default",
          disabled: "false",
        },
      ]);
      expect(await api.write("/routing/ospf/interface-template/print")).to.deep.equal([
        {
          ".id": "*1",
          area: "backbone",
          interfaces: "sfp28-1",
          type: "ptp",
          cost: "1",
          priority: "128",
          "hello-interval": "10s",
          "dead-interval": "40s",
          "retransmit-interval": "5s",
          "transmit-delay": "1s",
          "instance-id": "0",
          inactive: "false",
          disabled: "false",
        },
      ]);
    });

    it("refuses an area of an unknown instance and a template of an unknown area", async () => {
      expect(await trapOf(api.write("/routing/ospf/area/add", ["=name=a1", "=instance=nope"]))).to.equal(
        "input does not match any value of instance",
      );
      expect(await trapOf(api.write("/routing/ospf/interface-template/add", ["=area=nope"]))).to.equal(
        "input does not match any value of area",
      );
    });

    it("marks a template inactive once its area is disabled", async () => {
      await api.write("/routing/ospf/instance/add", ["=name=default-v2"]);
      await api.write("/routing/ospf/area/add", ["=name=backbone", "=instance=default-v2"]);
      await api.write("/routing/ospf/interface-template/add", ["=area=backbone", "=networks=10.0.0.0/30"]);
      await api.write("/routing/ospf/area/disable", ["=numbers=backbone"]);
      expect(await api.write("/routing/ospf/interface-template/print", ["=.proplist=inactive"])).to.deep.equal([
        { inactive: "true" },
      ]);
    });
  });

  describe("/system", () => {
    it("sets the identity", async () => {
      await api.write("/system/identity/set", ["=name=MTK-1"]);
      expect(await api.write("/system/identity/print")).to.deep.equal([{ name: "MTK-1" }]);
    });

    it("describes the board in /system/resource", async () => {
      const [resource] = await api.write("/system/resource/print");
      expect(resource).to.include({
        version: "7.24 (stable)",
        "board-name": "CCR2216-1G-12XS-2XQ",
        "architecture-name": "arm64",
        platform: "MikroTik",
      });
      expect(resource.uptime).to.match(/^\d+s$/);
    });
  });
});

describe("RouterOS emulator: a CHR on RouterOS 7.16", () => {
  const router = routerForSuite({ model: "CHR", version: "7.16" });
  let api: RouterOSAPI;
  beforeEach(async () => {
    api = await apiClient(router());
  });
  afterEach(async () => {
    await api.close();
  });

  it("has ether1 to ether4 without an L2 MTU", async () => {
    expect(await api.write("/interface/ethernet/print", ["=.proplist=name,l2mtu"])).to.deep.equal([
      { name: "ether1" },
      { name: "ether2" },
      { name: "ether3" },
      { name: "ether4" },
    ]);
  });

  it("takes the VXLAN vrf argument and refuses vtep-vrf", async () => {
    await api.write("/interface/vxlan/add", ["=name=vx1", "=vni=1", "=vrf=main"]);
    expect(await api.write("/interface/vxlan/print", ["=.proplist=name,vrf,vtep-vrf"])).to.deep.equal([
      { name: "vx1", vrf: "main" },
    ]);
    expect(await trapOf(api.write("/interface/vxlan/add", ["=name=vx2", "=vni=2", "=vtep-vrf=main"]))).to.equal(
      "unknown parameter vtep-vrf",
    );
  });
});

describe("RouterOS emulator: a router with an uplink set up before any stack", () => {
  const router = routerForSuite({ model: "CCR2216-1G-12XS-2XQ", uplink: "bell" });
  let api: RouterOSAPI;
  beforeEach(async () => {
    api = await apiClient(router());
  });
  afterEach(async () => {
    await api.close();
  });

  it("has it as a PPPoE client on the model's last port, which firewall and NAT rules may name", async () => {
    expect(await api.write("/interface/print", ["?type=pppoe-out", "=.proplist=name,type,running"])).to.deep.equal([
      { name: "bell", type: "pppoe-out", running: "true" },
    ]);
    expect(await api.write("/interface/pppoe-client/print", ["=.proplist=name,interface"])).to.deep.equal([
      { name: "bell", interface: "sfp28-12" },
    ]);
    await api.write("/ip/firewall/nat/add", ["=chain=srcnat", "=action=masquerade", "=out-interface=bell"]);
    expect(await api.write("/ip/firewall/nat/print", ["=.proplist=out-interface"])).to.deep.equal([
      { "out-interface": "bell" },
    ]);
  });
});

describe("RouterOS emulator: a router whose uplink is one of its ports", () => {
  const router = routerForSuite({ model: "CCR2216-1G-12XS-2XQ", uplink: "sfp28-12" });

  it("has nothing added for it: the port is the uplink", async () => {
    const api = await apiClient(router());
    try {
      const interfaces = await api.write("/interface/print", ["=.proplist=name,type"]);
      expect(interfaces.filter((i) => i.type !== "ether")).to.deep.equal([{ name: "lo", type: "loopback" }]);
      expect(interfaces.filter((i) => i.name === "sfp28-12")).to.deep.equal([{ name: "sfp28-12", type: "ether" }]);
    } finally {
      await api.close();
    }
  });
});
