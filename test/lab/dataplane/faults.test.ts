import { expect } from "chai";
import { nextMasters } from "../../../lab/dataplane/faults";
import { emptyNamespace, type NamespacePlan } from "../../../lab/dataplane/model";

/** A router holding the gateway 172.19.16.1 in a VRRP instance of the given priority. */
function router(device: string, priority: number): NamespacePlan {
  const ns = emptyNamespace(device, "router", `bc-${device}`);
  ns.vrrp.push({
    name: "vrrp1003",
    interface: "vbr1003",
    vrid: 3,
    priority,
    version: 3,
    advertInterval: 1,
    preempt: true,
    addresses: ["172.19.16.1/32"],
  });
  return ns;
}

describe("which router VRRP hands a gateway to when its master goes", () => {
  // Generated seed 3: the db tenant's gateway on MTK-2 (200), MTK-3 (99) and MTK-1 (98). The
  // check took the first other router in the plan's order, MTK-1, and failed a correct failover.
  it("is the other router with the highest priority, whatever the plan's order", () => {
    const [mtk1, mtk2, mtk3] = [router("MTK-1", 98), router("MTK-2", 200), router("MTK-3", 99)];
    expect(nextMasters([mtk1, mtk2, mtk3], mtk2, "172.19.16.1").map((r) => r.device)).to.deep.equal(["MTK-3"]);
  });

  it("is any of those sharing the highest priority: VRRP breaks the tie by address", () => {
    const [mtk1, mtk2, mtk3] = [router("MTK-1", 100), router("MTK-2", 200), router("MTK-3", 100)];
    expect(nextMasters([mtk1, mtk2, mtk3], mtk2, "172.19.16.1").map((r) => r.device)).to.deep.equal(["MTK-1", "MTK-3"]);
  });
});
