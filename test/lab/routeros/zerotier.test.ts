import { expect } from "chai";
import type { RouterOSAPI } from "node-routeros";
import { apiClient, routerForSuite, trapOf } from "./helpers";

describe("RouterOS emulator: the ZeroTier package", () => {
  describe("on a CCR2216, an ARM64 router that has it", () => {
    const router = routerForSuite({ model: "CCR2216-1G-12XS-2XQ" });
    let api: RouterOSAPI;
    beforeEach(async () => {
      api = await apiClient(router());
    });
    afterEach(() => api.close());

    it("comes with one instance, disabled, whose identity starts with the router's ZeroTier address", async () => {
      const [zt1] = await api.write("/zerotier/print");
      expect(zt1).to.deep.include({ name: "zt1", port: "9993", interfaces: "all", disabled: "true" });
      expect(zt1["identity.public"]).to.match(/^[0-9a-f]{10}:0:[0-9a-f]{128}$/);
      expect(zt1.identity.startsWith(zt1["identity.public"])).to.equal(true);
    });

    it("joins a network through an interface of the instance, listed with the router's interfaces", async () => {
      await api.write("/zerotier/enable", ["=numbers=zt1"]);
      await api.write("/zerotier/interface/add", ["=instance=zt1", "=network=8056c2e21c000001"]);
      const [joined] = await api.write("/zerotier/interface/print");
      expect(joined).to.deep.include({
        name: "zerotier1",
        instance: "zt1",
        network: "8056c2e21c000001",
        "allow-managed": "true",
        "allow-global": "false",
        running: "true",
      });
      const listed = await api.write("/interface/print", ["?type=zerotier", "=.proplist=name,type"]);
      expect(listed).to.deep.equal([{ name: "zerotier1", type: "zerotier" }]);
    });

    it("refuses an interface of an instance it does not have, or without a network", async () => {
      expect(
        await trapOf(api.write("/zerotier/interface/add", ["=instance=zt9", "=network=8056c2e21c000001"])),
      ).to.equal("input does not match any value of instance");
      expect(await trapOf(api.write("/zerotier/interface/add", ["=instance=zt1"]))).to.match(/network/);
    });
  });

  it("gives each router an address of its own", async () => {
    const { EmulatedRouter } = await import("../../../lab/routeros/router");
    const addresses = [];
    for (const name of ["MTK-1", "MTK-2"]) {
      const router = new EmulatedRouter({ name, port: 0, model: "CCR2216-1G-12XS-2XQ" });
      await router.start();
      const api = await apiClient(router);
      const [zt1] = await api.write("/zerotier/print", ["=.proplist=identity.public"]);
      addresses.push(String(zt1["identity.public"]).slice(0, 10));
      api.close();
      await router.stop();
    }
    expect(addresses[0]).to.not.equal(addresses[1]);
  });

  it("gives each router's interface on a network the MAC ZeroTier derives from its address and the network ID", async () => {
    const { EmulatedRouter } = await import("../../../lab/routeros/router");
    const seen = [];
    for (const name of ["MTK-1", "MTK-2"]) {
      const router = new EmulatedRouter({ name, port: 0, model: "CCR2216-1G-12XS-2XQ" });
      await router.start();
      const api = await apiClient(router);
      await api.write("/zerotier/interface/add", ["=instance=zt1", "=network=8056c2e21c000001"]);
      const [zt1] = await api.write("/zerotier/print", ["=.proplist=identity.public"]);
      const [joined] = await api.write("/zerotier/interface/print", ["=.proplist=mac-address"]);
      // Network 8056c2e21c000001: first octet 0x01 & 0xfe | 0x02; the address XORed with 00 00 1c e2 c2.
      const address = String(zt1["identity.public"]).slice(0, 10);
      const masked = (BigInt(`0x${address}`) ^ 0x00001ce2c2n).toString(16).padStart(10, "0");
      expect(joined["mac-address"]).to.equal(`02${masked}`.toUpperCase().match(/../g)?.join(":"));
      seen.push(joined["mac-address"]);
      api.close();
      await router.stop();
    }
    expect(seen[0]).to.not.equal(seen[1]);
  });

  describe("on a CHR, which does not have it", () => {
    const router = routerForSuite({ model: "CHR" });

    it("has no such menu, as a router without the package says", async () => {
      const api = await apiClient(router());
      try {
        expect(await trapOf(api.write("/zerotier/print"))).to.equal("no such command or directory (zerotier)");
      } finally {
        api.close();
      }
    });
  });
});
