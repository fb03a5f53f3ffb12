import { expect } from "chai";
import { victimOf } from "../../../lab/dataplane/hypervisor-death";
import { type DataPlanePlan, emptyNamespace } from "../../../lab/dataplane/model";

/** Hypervisors with the VMs each runs, each VM cabled to its node's tap. */
function cluster(nodes: Record<string, string[]>): DataPlanePlan {
  const plan: DataPlanePlan = { prefix: "t-", namespaces: [], veths: [] };
  for (const [node, vms] of Object.entries(nodes)) {
    plan.namespaces.push(emptyNamespace(node, "hypervisor", `t-${node}`));
    for (const vm of vms) {
      plan.namespaces.push(emptyNamespace(vm, "vm", `t-vm-${vm}`));
      plan.veths.push({
        a: { namespace: `t-vm-${vm}`, interface: "eth0", mtu: 1500 },
        b: { namespace: `t-${node}`, interface: `tap-${vm}`, mtu: 1500 },
      });
    }
  }
  return plan;
}

const chosen = (result: ReturnType<typeof victimOf>) =>
  "none" in result ? result.none : `${result.node.device}: ${result.vms.map(({ vm }) => vm.device).join(", ")}`;

describe("which hypervisor the data plane's power cut takes", () => {
  it("is the one running the most VMs, with one under HA, and never the API's node", () => {
    const plan = cluster({ "PVE-1": ["a", "b", "c"], "PVE-2": ["d"], "PVE-3": ["e", "f"] });
    expect(chosen(victimOf(plan, "PVE-1", new Set(["a", "d", "e"])))).to.equal("PVE-3: e, f");
    // f alone of PVE-3's is under HA: still the node with the most VMs that has one.
    expect(chosen(victimOf(plan, "PVE-1", new Set(["d", "f"])))).to.equal("PVE-3: e, f");
    // Nothing on PVE-3 is under HA: its death would prove nothing.
    expect(chosen(victimOf(plan, "PVE-1", new Set(["a", "d"])))).to.equal("PVE-2: d");
  });

  it("is the first by name of those running as many, whatever the plan's order", () => {
    const plan = cluster({ "PVE-1": ["a"], "PVE-3": ["c"], "PVE-2": ["b"] });
    expect(chosen(victimOf(plan, "PVE-1", new Set(["a", "b", "c"])))).to.equal("PVE-2: b");
  });

  it("is none where no node but the API's runs a VM under HA", () => {
    const plan = cluster({ "PVE-1": ["a"], "PVE-2": ["b"], "PVE-3": [] });
    expect(chosen(victimOf(plan, "PVE-1", new Set(["a"])))).to.equal(
      "no node but PVE-1, the API's, runs a VM under HA",
    );
  });

  it("is none with fewer than three nodes: the one left would not be quorate", () => {
    const plan = cluster({ "PVE-1": ["a"], "PVE-2": ["b"] });
    expect(chosen(victimOf(plan, "PVE-1", new Set(["a", "b"])))).to.equal(
      "losing one of 2 nodes loses quorum: HA recovers nothing, so there is nothing to prove",
    );
  });
});
