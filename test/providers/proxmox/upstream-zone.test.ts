import { expect } from "chai";
import { UpstreamStack } from "./upstream-stack";

// budgetcloud keeps its own SDN providers (zone, vnets, fabric, apply) only because the package's
// bridge panics on every resource with a user-set resourceId (muhlba91/pulumi-proxmoxve issue
// #967). This test fails the day the package creates the zone, so that the switch is not forgotten.
describe("an SDN zone through @muhlba91/pulumi-proxmoxve", function () {
  this.timeout(300_000);
  const upstream = new UpstreamStack("upstream-zone");

  it("still panics in the bridge after creating it, so budgetcloud's own SDN providers stay", async () => {
    let outcome: string;
    try {
      await upstream.stack.up();
      outcome = "created";
    } catch (error) {
      outcome = (error as Error).message;
    }
    expect(outcome, "the package creates SDN zones now: move budgetcloud's SDN to it and drop this test").to.include(
      "interface conversion: interface {} is nil, not int",
    );
    // The panic comes after the create: the zone is left on the cluster, unknown to Pulumi.
    expect(upstream.lab.state.config("/cluster/sdn/zones", {}).ids()).to.deep.equal(["tenants"]);
  });
});
