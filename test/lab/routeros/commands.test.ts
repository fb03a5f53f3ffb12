import { expect } from "chai";
import type { RouterOSAPI } from "node-routeros";
import { apiClient, routerForSuite, trapOf } from "./helpers";

describe("RouterOS emulator: commands over node-routeros", () => {
  const router = routerForSuite();
  let api: RouterOSAPI;
  beforeEach(async () => {
    api = await apiClient(router());
  });
  afterEach(async () => {
    await api.close();
  });

  const chains = async () =>
    (await api.write("/ip/firewall/filter/print", ["=.proplist=.id,comment"])).map((r) => `${r[".id"]}:${r.comment}`);

  describe("add, print, set, remove", () => {
    it("adds an address and prints it with the fields a router computes", async () => {
      expect(
        await api.write("/ip/address/add", ["=address=192.168.88.1/24", "=interface=ether1", "=comment=lan"]),
      ).to.deep.equal([{ ret: "*1" }]);
      expect(await api.write("/ip/address/print")).to.deep.equal([
        {
          ".id": "*1",
          address: "192.168.88.1/24",
          network: "192.168.88.0",
          interface: "ether1",
          "actual-interface": "ether1",
          invalid: "false",
          dynamic: "false",
          disabled: "false",
          comment: "lan",
        },
      ]);
    });

    it("reads an address without a prefix length as a /32", async () => {
      await api.write("/ip/address/add", ["=address=10.255.0.1", "=interface=ether1"]);
      expect(await api.write("/ip/address/print", ["=.proplist=address,network"])).to.deep.equal([
        { address: "10.255.0.1/32", network: "10.255.0.1" },
      ]);
    });

    it("hands out ids that are never reused, in hex", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 11; i++) {
        const [{ ret }] = await api.write("/ip/firewall/filter/add", ["=chain=input", `=comment=r${i}`]);
        ids.push(ret);
      }
      await api.write("/ip/firewall/filter/remove", [`=numbers=${ids[10]}`]);
      const [{ ret }] = await api.write("/ip/firewall/filter/add", ["=chain=input"]);
      expect([ids[0], ids[9], ids[10], ret]).to.deep.equal(["*1", "*A", "*B", "*C"]);
    });

    it("sets by .id and by name, and accepts yes/no for booleans while printing true/false", async () => {
      await api.write("/interface/bridge/add", ["=name=br0"]);
      await api.write("/interface/bridge/set", ["=.id=*6", "=vlan-filtering=yes"]);
      await api.write("/interface/bridge/set", ["=numbers=br0", "=igmp-snooping=true", "=comment=core"]);
      expect(
        await api.write("/interface/bridge/print", ["=.proplist=name,vlan-filtering,igmp-snooping,comment"]),
      ).to.deep.equal([{ name: "br0", "igmp-snooping": "true", "vlan-filtering": "true", comment: "core" }]);
    });

    it("refuses a boolean that is neither yes/no nor true/false", async () => {
      await api.write("/interface/bridge/add", ["=name=br0"]);
      expect(await trapOf(api.write("/interface/bridge/set", ["=numbers=br0", "=vlan-filtering=maybe"]))).to.equal(
        "input does not match any value of vlan-filtering",
      );
    });

    it("removes several items given as a comma list", async () => {
      for (const comment of ["a", "b", "c"])
        await api.write("/ip/firewall/filter/add", ["=chain=input", `=comment=${comment}`]);
      await api.write("/ip/firewall/filter/remove", ["=numbers=*1,*3"]);
      expect(await chains()).to.deep.equal(["*2:b"]);
    });

    it("answers no such item for an id that does not exist", async () => {
      expect(await trapOf(api.write("/ip/address/remove", ["=numbers=*99"]))).to.equal("no such item");
      expect(await trapOf(api.write("/interface/bridge/set", ["=numbers=nope", "=mtu=1500"]))).to.equal("no such item");
    });

    it("unsets a field back to its default, and refuses a name that is not a property", async () => {
      await api.write("/routing/ospf/instance/add", ["=name=default", "=router-id=10.0.0.1", "=comment=x"]);
      await api.write("/routing/ospf/instance/unset", ["=numbers=default", "=value-name=router-id"]);
      expect(await api.write("/routing/ospf/instance/print", ["=.proplist=router-id"])).to.deep.equal([
        { "router-id": "main" },
      ]);
      expect(
        await trapOf(api.write("/routing/ospf/instance/unset", ["=numbers=default", "=value-name=colour"])),
      ).to.equal("input does not match any value of value-name");
    });

    it("disables and enables", async () => {
      await api.write("/ip/firewall/filter/add", ["=chain=forward", "=action=drop"]);
      await api.write("/ip/firewall/filter/disable", ["=numbers=*1"]);
      const [disabled] = await api.write("/ip/firewall/filter/print", ["=.proplist=disabled"]);
      await api.write("/ip/firewall/filter/enable", ["=numbers=*1"]);
      const [enabled] = await api.write("/ip/firewall/filter/print", ["=.proplist=disabled"]);
      expect([disabled.disabled, enabled.disabled]).to.deep.equal(["true", "false"]);
    });

    it("copies an item with copy-from and gets one value with get", async () => {
      await api.write("/ip/firewall/filter/add", ["=chain=input", "=protocol=tcp", "=dst-port=22", "=action=accept"]);
      await api.write("/ip/firewall/filter/add", ["=copy-from=*1", "=dst-port=80"]);
      expect(await api.write("/ip/firewall/filter/get", ["=number=*2", "=value-name=dst-port"])).to.deep.equal([
        { ret: "80" },
      ]);
      expect(await api.write("/ip/firewall/filter/get", ["=number=*2", "=value-name=protocol"])).to.deep.equal([
        { ret: "tcp" },
      ]);
    });

    it("prints firewall rules with matchers between action and the counters", async () => {
      await api.write("/ip/firewall/filter/add", ["=chain=input", "=protocol=tcp", "=dst-port=22", "=comment=ssh"]);
      expect(await api.write("/ip/firewall/filter/print")).to.deep.equal([
        {
          ".id": "*1",
          chain: "input",
          action: "accept",
          protocol: "tcp",
          "dst-port": "22",
          log: "false",
          "log-prefix": "",
          bytes: "0",
          packets: "0",
          invalid: "false",
          dynamic: "false",
          disabled: "false",
          comment: "ssh",
        },
      ]);
    });
  });

  describe("order", () => {
    beforeEach(async () => {
      for (const comment of ["a", "b", "c", "d"])
        await api.write("/ip/firewall/filter/add", ["=chain=input", `=comment=${comment}`]);
    });

    it("inserts with place-before", async () => {
      await api.write("/ip/firewall/filter/add", ["=chain=input", "=comment=first", "=place-before=*1"]);
      await api.write("/ip/firewall/filter/add", ["=chain=input", "=comment=mid", "=place-before=*3"]);
      expect(await chains()).to.deep.equal(["*5:first", "*1:a", "*2:b", "*6:mid", "*3:c", "*4:d"]);
    });

    it("moves items before a destination, or to the end without one", async () => {
      await api.write("/ip/firewall/filter/move", ["=numbers=*4", "=destination=*1"]);
      expect(await chains()).to.deep.equal(["*4:d", "*1:a", "*2:b", "*3:c"]);
      await api.write("/ip/firewall/filter/move", ["=numbers=*4,*1"]);
      expect(await chains()).to.deep.equal(["*2:b", "*3:c", "*4:d", "*1:a"]);
    });

    it("keeps nat rules in their own list", async () => {
      await api.write("/ip/firewall/nat/add", ["=chain=srcnat", "=action=masquerade", "=out-interface=ether1"]);
      expect(await api.write("/ip/firewall/nat/print", ["=.proplist=.id,chain,action"])).to.deep.equal([
        { ".id": "*1", chain: "srcnat", action: "masquerade" },
      ]);
      expect(await chains()).to.have.length(4);
    });
  });

  describe("print", () => {
    beforeEach(async () => {
      await api.write("/ip/address/add", ["=address=10.0.1.1/24", "=interface=ether1"]);
      await api.write("/ip/address/add", ["=address=10.0.2.1/24", "=interface=ether2", "=disabled=yes"]);
      await api.write("/ip/address/add", ["=address=10.0.3.1/24", "=interface=ether3", "=comment=mgmt"]);
    });

    it("returns only the .proplist properties", async () => {
      expect(await api.write("/ip/address/print", ["=.proplist=.id,address"])).to.deep.equal([
        { ".id": "*1", address: "10.0.1.1/24" },
        { ".id": "*2", address: "10.0.2.1/24" },
        { ".id": "*3", address: "10.0.3.1/24" },
      ]);
    });

    it("filters with queries", async () => {
      const addresses = async (...words: string[]) =>
        (await api.write("/ip/address/print", ["=.proplist=address", ...words])).map((r) => r.address);
      expect(await addresses("?interface=ether2")).to.deep.equal(["10.0.2.1/24"]);
      expect(await addresses("?disabled=no")).to.deep.equal(["10.0.1.1/24", "10.0.3.1/24"]);
      expect(await addresses("?comment")).to.deep.equal(["10.0.3.1/24"]);
      expect(await addresses("?interface=ether1", "?interface=ether3", "?#|")).to.deep.equal([
        "10.0.1.1/24",
        "10.0.3.1/24",
      ]);
    });

    it("counts with count-only", async () => {
      expect(await api.write("/ip/address/print", ["=count-only=", "?disabled=false"])).to.deep.equal([{ ret: "2" }]);
    });
  });

  describe("uniqueness and references", () => {
    it("refuses the same address twice on one interface, allows it on another", async () => {
      await api.write("/ip/address/add", ["=address=10.0.0.1/24", "=interface=ether1"]);
      expect(await trapOf(api.write("/ip/address/add", ["=address=10.0.0.1/24", "=interface=ether1"]))).to.equal(
        "failure: already have such address",
      );
      expect(await api.write("/ip/address/add", ["=address=10.0.0.1/24", "=interface=ether2"])).to.deep.equal([
        { ret: "*2" },
      ]);
    });

    it("refuses an address on an interface that does not exist", async () => {
      expect(await trapOf(api.write("/ip/address/add", ["=address=10.0.0.1/24", "=interface=ether9"]))).to.equal(
        "input does not match any value of interface",
      );
    });

    it("refuses an address that is not one", async () => {
      expect(await trapOf(api.write("/ip/address/add", ["=address=10.0.0.300/24", "=interface=ether1"]))).to.equal(
        "invalid value for argument address",
      );
    });

    it("keeps interface names unique across interface types", async () => {
      await api.write("/interface/bridge/add", ["=name=br0"]);
      expect(await trapOf(api.write("/interface/vxlan/add", ["=name=br0", "=vni=10"]))).to.equal(
        "failure: already have interface with such name",
      );
      expect(await trapOf(api.write("/interface/ethernet/set", ["=numbers=ether2", "=name=br0"]))).to.equal(
        "failure: already have interface with such name",
      );
    });

    it("names a missing mandatory argument", async () => {
      expect(await trapOf(api.write("/interface/vxlan/add", ["=name=vx1"]))).to.equal(
        "missing value(s) of argument(s) vni",
      );
    });

    it("reports a value outside its range", async () => {
      expect(await trapOf(api.write("/interface/vxlan/add", ["=name=vx1", "=vni=16777216"]))).to.equal(
        "value of vni out of range (1..16777215)",
      );
    });
  });

  describe("menus without a declared behaviour", () => {
    it("add, set, print and remove what was given, checked against the command tree", async () => {
      expect(await api.write("/ip/pool/add", ["=name=dhcp", "=ranges=10.0.0.10-10.0.0.20"])).to.deep.equal([
        { ret: "*1" },
      ]);
      await api.write("/ip/pool/set", ["=numbers=dhcp", "=comment=clients"]);
      expect(await api.write("/ip/pool/print")).to.deep.equal([
        { ".id": "*1", name: "dhcp", ranges: "10.0.0.10-10.0.0.20", comment: "clients" },
      ]);
      expect(await trapOf(api.write("/ip/pool/add", ["=name=x", "=colour=red"]))).to.equal("unknown parameter colour");
      await api.write("/ip/pool/remove", ["=numbers=dhcp"]);
      expect(await api.write("/ip/pool/print", ["=count-only="])).to.deep.equal([{ ret: "0" }]);
    });

    it("keep one item without an id in settings menus", async () => {
      await api.write("/ip/settings/set", ["=tcp-syncookies=yes"]);
      expect(await api.write("/ip/settings/print")).to.deep.equal([{ "tcp-syncookies": "true" }]);
    });

    it("answer commands the lab does not model with a trap that says so", async () => {
      expect(await trapOf(api.write("/ip/address/reset"))).to.equal(
        "failure: /ip/address/reset is not emulated by the lab",
      );
    });
  });
});
