import { expect } from "chai";
import type { RouterOSAPI } from "node-routeros";
import { apiClient, RawClient, routerForSuite, trapOf } from "./helpers";

describe("RouterOS emulator: argument values, read as RouterOS reads them", () => {
  const router = routerForSuite({ model: "CCR2216-1G-12XS-2XQ" });
  let api: RouterOSAPI;
  beforeEach(async () => {
    api = await apiClient(router());
  });
  afterEach(async () => {
    await api.close();
  });

  const refusal = (command: string, ...words: string[]) => trapOf(api.write(command, words));
  const printed = async (command: string, proplist: string, ...queries: string[]) =>
    api.write(command, [`=.proplist=${proplist}`, ...queries]);

  async function ospfTemplate(...words: string[]): Promise<string> {
    await api.write("/routing/ospf/instance/add", ["=name=v2", "=router-id=10.255.0.1"]);
    await api.write("/routing/ospf/area/add", ["=name=backbone", "=instance=v2"]);
    const [{ ret }] = await api.write("/routing/ospf/interface-template/add", ["=area=backbone", ...words]);
    return ret;
  }

  describe("numbers", () => {
    it("refuses an L2 MTU that is not a number, and one above the port's max-l2mtu", async () => {
      expect(await refusal("/interface/ethernet/set", "=numbers=sfp28-1", "=l2mtu=abc")).to.equal(
        "invalid value for argument l2mtu",
      );
      expect(await refusal("/interface/ethernet/set", "=numbers=sfp28-1", "=l2mtu=99999")).to.equal(
        "value of l2mtu out of range (0..9570)",
      );
      expect(await refusal("/interface/ethernet/set", "=numbers=sfp28-1", "=l2mtu=9571")).to.equal(
        "value of l2mtu out of range (0..9570)",
      );
      expect(await refusal("/interface/ethernet/set", "=numbers=ether1", "=l2mtu=9587")).to.equal(
        "value of l2mtu out of range (0..9586)",
      );
      expect(await printed("/interface/ethernet/print", "l2mtu", "?name=sfp28-1")).to.deep.equal([{ l2mtu: "1584" }]);
    });

    it("takes an L2 MTU up to the port's max-l2mtu, through /interface too", async () => {
      await api.write("/interface/ethernet/set", ["=numbers=sfp28-1", "=l2mtu=9570"]);
      await api.write("/interface/set", ["=numbers=ether1", "=l2mtu=9586"]);
      expect(await refusal("/interface/set", "=numbers=sfp28-2", "=l2mtu=9586")).to.equal(
        "value of l2mtu out of range (0..9570)",
      );
      expect(await printed("/interface/ethernet/print", "name,l2mtu", "?>l2mtu=9000")).to.deep.equal([
        { name: "ether1", l2mtu: "9586" },
        { name: "sfp28-1", l2mtu: "9570" },
      ]);
    });

    it("refuses a bridge MTU that is neither a number nor auto, and takes both", async () => {
      await api.write("/interface/bridge/add", ["=name=br0"]);
      expect(await refusal("/interface/bridge/set", "=numbers=br0", "=mtu=abc")).to.equal(
        "invalid value for argument mtu",
      );
      expect(await refusal("/interface/bridge/add", "=name=br1", "=mtu=70000")).to.equal(
        "value of mtu out of range (0..65535)",
      );
      await api.write("/interface/bridge/set", ["=numbers=br0", "=mtu=9000"]);
      expect(await printed("/interface/bridge/print", "mtu,actual-mtu")).to.deep.equal([
        { mtu: "9000", "actual-mtu": "9000" },
      ]);
      await api.write("/interface/bridge/set", ["=numbers=br0", "=mtu=auto"]);
      expect(await printed("/interface/bridge/print", "mtu")).to.deep.equal([{ mtu: "auto" }]);
    });

    it("reads hexadecimal numbers and prints each as the menu does", async () => {
      await api.write("/interface/bridge/add", ["=name=br0", "=priority=28672", "=mtu=0x5dc"]);
      expect(await printed("/interface/bridge/print", "mtu,priority")).to.deep.equal([
        { mtu: "1500", priority: "0x7000" },
      ]);
    });

    it("refuses a VRRP priority out of its range and an OSPF cost that is not a number", async () => {
      expect(await refusal("/interface/vrrp/add", "=interface=sfp28-5", "=priority=255")).to.equal(
        "value of priority out of range (1..254)",
      );
      expect(await trapOf(ospfTemplate("=cost=cheap"))).to.equal("invalid value for argument cost");
    });
  });

  describe("words", () => {
    it("refuses a word the argument does not take", async () => {
      expect(await trapOf(ospfTemplate("=type=p2p"))).to.equal("input does not match any value of type");
      expect(await refusal("/interface/bridge/add", "=name=br0", "=protocol-mode=fast")).to.equal(
        "input does not match any value of protocol-mode",
      );
      expect(await refusal("/ip/firewall/filter/add", "=chain=input", "=action=allow")).to.equal(
        "input does not match any value of action",
      );
      expect(await refusal("/ip/firewall/nat/add", "=chain=srcnat", "=action=reject")).to.equal(
        "input does not match any value of action",
      );
    });

    it("reads a list of words, each of which must be one", async () => {
      await api.write("/ip/firewall/filter/add", ["=chain=forward", "=connection-state=established,related"]);
      expect(await printed("/ip/firewall/filter/print", "connection-state")).to.deep.equal([
        { "connection-state": "established,related" },
      ]);
      expect(
        await refusal("/ip/firewall/filter/add", "=chain=forward", "=connection-state=established,friendly"),
      ).to.equal("input does not match any value of connection-state");
      expect(await refusal("/routing/ospf/instance/add", "=name=v2", "=redistribute=connected,everything")).to.equal(
        "input does not match any value of redistribute",
      );
    });
  });

  describe("booleans and flags", () => {
    it("takes yes/no and true/false for a boolean and prints true/false", async () => {
      await api.write("/interface/vrrp/add", ["=name=v1", "=interface=sfp28-5", "=preemption-mode=no"]);
      await api.write("/interface/vrrp/add", ["=name=v2", "=interface=sfp28-6", "=vrid=2", "=preemption-mode=false"]);
      await api.write("/interface/vrrp/add", ["=name=v3", "=interface=sfp28-7", "=vrid=3", "=preemption-mode=yes"]);
      expect(
        (await printed("/interface/vrrp/print", "preemption-mode")).map((r) => r["preemption-mode"]),
      ).to.deep.equal(["false", "false", "true"]);
      expect(await refusal("/interface/vrrp/add", "=interface=sfp28-8", "=preemption-mode=on")).to.equal(
        "input does not match any value of preemption-mode",
      );
    });

    it("sets a flag by its name and unsets it with !name, as RouterOS 7 writes a flag", async () => {
      const id = await ospfTemplate("=interfaces=sfp28-1", "=passive=");
      expect(await printed("/routing/ospf/interface-template/print", "passive")).to.deep.equal([{ passive: "true" }]);
      await api.write("/routing/ospf/interface-template/set", [`=numbers=${id}`, "=!passive="]);
      expect(await printed("/routing/ospf/interface-template/print", "passive,cost")).to.deep.equal([{ cost: "1" }]);
    });

    it("takes yes/no for a flag as well, no being the flag unset", async () => {
      const id = await ospfTemplate("=interfaces=sfp28-1", "=passive=yes");
      expect(await printed("/routing/ospf/interface-template/print", "passive")).to.deep.equal([{ passive: "true" }]);
      await api.write("/routing/ospf/interface-template/set", [`=numbers=${id}`, "=passive=no"]);
      expect(await printed("/routing/ospf/interface-template/print", "passive,cost")).to.deep.equal([{ cost: "1" }]);
      expect(await refusal("/routing/ospf/interface-template/set", `=numbers=${id}`, "=passive=maybe")).to.equal(
        "input does not match any value of passive",
      );
    });

    it("takes the flag words over the raw protocol, and refuses ! before an argument that is no flag", async () => {
      const client = await RawClient.loggedIn(router().port);
      try {
        await client.command(["/routing/ospf/instance/add", "=name=v2"]);
        await client.command(["/routing/ospf/area/add", "=name=backbone", "=instance=v2"]);
        const added = await client.command(["/routing/ospf/interface-template/add", "=area=backbone", "=passive="]);
        expect(added).to.deep.equal([["!done", "=ret=*1"]]);
        expect(await client.command(["/routing/ospf/interface-template/set", "=numbers=*1", "=!cost="])).to.deep.equal([
          ["!trap", "=message=unknown parameter !cost"],
          ["!done"],
        ]);
        await client.command(["/routing/ospf/interface-template/set", "=numbers=*1", "=!passive="]);
        const [row] = await client.command(["/routing/ospf/interface-template/print", "=.proplist=passive,area"]);
        expect(row).to.deep.equal(["!re", "=area=backbone"]);
      } finally {
        client.close();
      }
    });

    it("unsets a flag with unset, whose value-name must be a property of the menu", async () => {
      const id = await ospfTemplate("=interfaces=sfp28-1", "=passive=");
      await api.write("/routing/ospf/interface-template/unset", [`=numbers=${id}`, "=value-name=passive"]);
      expect(await printed("/routing/ospf/interface-template/print", "passive,cost")).to.deep.equal([{ cost: "1" }]);
      expect(await refusal("/routing/ospf/interface-template/unset", `=numbers=${id}`, "=value-name=numbers")).to.equal(
        "input does not match any value of value-name",
      );
      expect(await refusal("/routing/ospf/interface-template/unset", `=numbers=${id}`, "=value-name=passiv")).to.equal(
        "input does not match any value of value-name",
      );
    });
  });

  describe("times", () => {
    it("reads every way RouterOS writes a time and prints it in its units", async () => {
      const id = await ospfTemplate("=interfaces=sfp28-1", "=hello-interval=00:00:05", "=dead-interval=1m30s");
      await api.write("/routing/ospf/interface-template/set", [`=numbers=${id}`, "=retransmit-interval=90"]);
      await api.write("/interface/vrrp/add", ["=name=v1", "=interface=sfp28-5", "=interval=500ms"]);
      expect(
        await printed("/routing/ospf/interface-template/print", "hello-interval,dead-interval,retransmit-interval"),
      ).to.deep.equal([{ "hello-interval": "5s", "dead-interval": "1m30s", "retransmit-interval": "1m30s" }]);
      expect(await printed("/interface/vrrp/print", "interval")).to.deep.equal([{ interval: "500ms" }]);
    });

    it("refuses a time that is not one, and one outside the bounds the command tree gives", async () => {
      expect(await trapOf(ospfTemplate("=hello-interval=soon"))).to.equal("invalid value for argument hello-interval");
      expect(await refusal("/routing/ospf/interface-template/add", "=area=backbone", "=hello-interval=500ms")).to.equal(
        "value of hello-interval out of range (1s..18h12m15s)",
      );
      expect(await refusal("/interface/bridge/add", "=name=br0", "=ageing-time=5s")).to.equal(
        "value of ageing-time out of range (10s..1w4d13h46m40s)",
      );
      expect(await refusal("/interface/vrrp/add", "=interface=sfp28-5", "=interval=5m")).to.equal(
        "value of interval out of range (10ms..4m15s)",
      );
    });
  });

  describe("addresses and prefixes", () => {
    it("refuses addresses that are not ones", async () => {
      expect(await refusal("/routing/ospf/area/add", "=name=a1", "=instance=none", "=area-id=0.0.0.256")).to.equal(
        "invalid value for argument area-id",
      );
      expect(await refusal("/interface/vxlan/add", "=vni=10", "=local-address=10.0.0")).to.equal(
        "invalid value for argument local-address",
      );
      expect(await refusal("/ip/firewall/filter/add", "=chain=input", "=src-address=10.0.0.0/33")).to.equal(
        "invalid value for argument src-address",
      );
      expect(await refusal("/interface/ethernet/set", "=numbers=ether1", "=mac-address=48:8B:7C:00:00")).to.equal(
        "invalid value for argument mac-address",
      );
    });

    it("stores prefixes with the host bits cleared, and takes IPv6 VXLAN endpoints", async () => {
      await ospfTemplate("=networks=10.0.0.1/30,10.1.0.0/24");
      await api.write("/ip/firewall/filter/add", ["=chain=input", "=src-address=192.168.1.7/24"]);
      await api.write("/ip/firewall/filter/add", ["=chain=input", "=src-address=!10.0.0.9/32"]);
      await api.write("/ip/firewall/filter/add", ["=chain=input", "=src-address=10.0.0.1-10.0.0.9"]);
      await api.write("/interface/vxlan/add", ["=name=vx1", "=vni=10"]);
      await api.write("/interface/vxlan/vteps/add", ["=interface=vx1", "=remote-ip=2001:DB8:0:0::1"]);
      await api.write("/interface/ethernet/set", ["=numbers=ether1", "=mac-address=48-8b-7c-00-00-aa"]);
      expect(await printed("/routing/ospf/interface-template/print", "networks")).to.deep.equal([
        { networks: "10.0.0.0/30,10.1.0.0/24" },
      ]);
      expect((await printed("/ip/firewall/filter/print", "src-address")).map((r) => r["src-address"])).to.deep.equal([
        "192.168.1.0/24",
        "!10.0.0.9",
        "10.0.0.1-10.0.0.9",
      ]);
      expect(await printed("/interface/vxlan/vteps/print", "remote-ip")).to.deep.equal([
        { "remote-ip": "2001:db8::1" },
      ]);
      expect(await printed("/interface/ethernet/print", "mac-address", "?name=ether1")).to.deep.equal([
        { "mac-address": "48:8B:7C:00:00:AA" },
      ]);
    });
  });

  describe("names of items", () => {
    it("refuses a VRF that does not exist, and takes the main one every router has", async () => {
      expect(await refusal("/interface/vxlan/add", "=vni=10", "=vtep-vrf=blue")).to.equal(
        "input does not match any value of vtep-vrf",
      );
      expect(await refusal("/routing/ospf/instance/add", "=name=v2", "=vrf=blue")).to.equal(
        "input does not match any value of vrf",
      );
      await api.write("/interface/vxlan/add", ["=name=vx1", "=vni=10", "=vtep-vrf=main"]);
      expect(await printed("/interface/vxlan/print", "vtep-vrf")).to.deep.equal([{ "vtep-vrf": "main" }]);
    });
  });

  describe("firewall matchers", () => {
    it("reads ports and protocols, by name or number", async () => {
      await api.write("/ip/firewall/filter/add", ["=chain=input", "=protocol=tcp", "=dst-port=22,8000-8080"]);
      await api.write("/ip/firewall/filter/add", ["=chain=input", "=protocol=112"]);
      expect(await printed("/ip/firewall/filter/print", "protocol,dst-port")).to.deep.equal([
        { protocol: "tcp", "dst-port": "22,8000-8080" },
        { protocol: "112" },
      ]);
      expect(await refusal("/ip/firewall/filter/add", "=chain=input", "=protocol=tcpx")).to.equal(
        "invalid value for argument protocol",
      );
      expect(await refusal("/ip/firewall/filter/add", "=chain=input", "=dst-port=70000")).to.equal(
        "value of dst-port out of range (0..65535)",
      );
      expect(await refusal("/ip/firewall/filter/add", "=chain=input", "=dst-port=ssh")).to.equal(
        "invalid value for argument dst-port",
      );
    });

    it("names interfaces that exist, ! before one matching all others", async () => {
      await api.write("/ip/firewall/nat/add", ["=chain=srcnat", "=action=masquerade", "=out-interface=!sfp28-1"]);
      expect(await printed("/ip/firewall/nat/print", "out-interface")).to.deep.equal([{ "out-interface": "!sfp28-1" }]);
      await api.write("/interface/ethernet/set", ["=numbers=sfp28-1", "=name=uplink"]);
      expect(await printed("/ip/firewall/nat/print", "out-interface")).to.deep.equal([{ "out-interface": "!uplink" }]);
      expect(await refusal("/ip/firewall/filter/add", "=chain=input", "=in-interface=sfp28-99")).to.equal(
        "input does not match any value of interface",
      );
    });

    it("takes a matcher off the rule when it is set empty", async () => {
      await api.write("/ip/firewall/filter/add", ["=chain=input", "=protocol=udp", "=dst-port=4789"]);
      await api.write("/ip/firewall/filter/set", ["=numbers=*1", "=dst-port=", "=protocol="]);
      expect(await printed("/ip/firewall/filter/print", "chain,protocol,dst-port")).to.deep.equal([{ chain: "input" }]);
    });
  });
});
