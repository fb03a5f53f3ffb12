import { expect } from "chai";
import { zerotierInstance, zerotierInterface } from "../../../providers/routeros/menus";
import { RouterUnderTest } from "./harness";

describe("the routers' ZeroTier package through the item engine", () => {
  describe("on a CCR2216, which has it", () => {
    const t = new RouterUnderTest();

    it("turns the instance on and gives its public identity, the router's ZeroTier address, as an output", async () => {
      const { outs } = await t.engine(zerotierInstance).create({ router: "MTK-1", name: "zt1", disabled: false });
      const [zt1] = t.router.print("zerotier");
      expect(zt1.disabled).to.equal("false");
      expect(outs.identityPublic).to.equal(zt1["identity.public"]);
      expect(String(outs.identityPublic)).to.match(/^[0-9a-f]{10}:0:[0-9a-f]+$/);
    });

    it("reads the package's menus a print each, outside the one read of the router's other menus", async () => {
      await t.engine(zerotierInterface).create({
        router: "MTK-1",
        name: "zerotier1",
        instance: "zt1",
        network: "8056c2e21c000001",
      });
      t.nextRun();
      const read = await t.engine(zerotierInterface).read(`MTK-1/${t.router.print("zerotier/interface")[0][".id"]}`, {
        router: "MTK-1",
        name: "zerotier1",
        instance: "zt1",
        network: "8056c2e21c000001",
      });
      expect(read.props).to.deep.include({ network: "8056c2e21c000001" });
      expect(t.router.commandCounts()).to.deep.include({ "/execute": 1, "/zerotier/interface/print": 1 });
    });
  });

  describe("on a CHR, which has not", () => {
    const t = new RouterUnderTest({ model: "CHR" });

    it("fails naming the router and the menu it lacks, and still reads its other menus in one go", async () => {
      const refused = await t
        .engine(zerotierInstance)
        .create({ router: "MTK-1", name: "zt1", disabled: false })
        .catch((error: Error) => error.message);
      expect(refused).to.equal("MTK-1 /zerotier/print: no such command or directory (zerotier)");
      expect(t.router.commandCounts()).to.deep.include({ "/execute": 1 });
    });
  });
});
