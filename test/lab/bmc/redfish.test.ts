import { expect } from "chai";
import type { RedfishLab } from "../../../lab/bmc/redfish";
import { bmcFor } from "../../../lab/proxmox-cluster";
import { labForSuite } from "../proxmox/helpers";

describe("the lab's BMCs: the hypervisors' power through Redfish", () => {
  const cluster = labForSuite();
  let bmc: RedfishLab;
  beforeEach(async () => {
    bmc = bmcFor(cluster(), "secret");
    await bmc.start();
  });
  afterEach(() => bmc.stop());

  const call = async (method: string, path: string, body?: unknown, password = "secret") => {
    const response = await fetch(`${bmc.endpoint}${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`root:${password}`).toString("base64")}`,
        "content-type": "application/json",
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };
  const reset = (system: string, ResetType: unknown) =>
    call("POST", `/redfish/v1/Systems/${system}/Actions/ComputerSystem.Reset`, { ResetType });

  it("lists each node as a system, powered on, with the resets it takes", async () => {
    expect((await call("GET", "/redfish/v1")).json.Systems).to.deep.equal({ "@odata.id": "/redfish/v1/Systems" });
    const systems = (await call("GET", "/redfish/v1/Systems")).json;
    expect(systems.Members.map((m: { "@odata.id": string }) => m["@odata.id"])).to.deep.equal(
      ["PVE-1", "PVE-2", "PVE-3"].map((node) => `/redfish/v1/Systems/${node}`),
    );
    const pve2 = (await call("GET", "/redfish/v1/Systems/PVE-2")).json;
    expect(pve2).to.deep.include({ Id: "PVE-2", PowerState: "On" });
    expect(pve2.Actions["#ComputerSystem.Reset"]).to.deep.equal({
      target: "/redfish/v1/Systems/PVE-2/Actions/ComputerSystem.Reset",
      "ResetType@Redfish.AllowableValues": ["On", "ForceOff", "ForceRestart"],
    });
  });

  it("cuts a node's power with ForceOff, which the cluster sees as the node's death, and boots it with On", async () => {
    expect((await reset("PVE-2", "ForceOff")).status).to.equal(204);
    expect(cluster().state.isOnline("PVE-2")).to.equal(false);
    expect((await call("GET", "/redfish/v1/Systems/PVE-2")).json.PowerState).to.equal("Off");
    // Again: the system is off already, and stays so.
    expect((await reset("PVE-2", "ForceOff")).status).to.equal(204);
    expect((await reset("PVE-2", "On")).status).to.equal(204);
    expect(cluster().state.isOnline("PVE-2")).to.equal(true);
  });

  it("refuses what Redfish refuses, with the Base registry's messages", async () => {
    const refused = await reset("PVE-2", "PushPowerButton");
    expect(refused.status).to.equal(400);
    expect(refused.json.error.code).to.equal("Base.1.16.ActionParameterValueNotInList");
    expect(refused.json.error.message).to.equal(
      "The value 'PushPowerButton' for the parameter ResetType in the action ComputerSystem.Reset is not in the list of acceptable values.",
    );
    const missing = await call("POST", "/redfish/v1/Systems/PVE-2/Actions/ComputerSystem.Reset", {});
    expect(missing.json.error.code).to.equal("Base.1.16.ActionParameterMissing");
    expect((await call("GET", "/redfish/v1/Systems/PVE-9")).status).to.equal(404);
    expect((await call("GET", "/redfish/v1/Systems/PVE-2", undefined, "wrong")).status).to.equal(401);
    expect(cluster().state.isOnline("PVE-2")).to.equal(true);
  });

  it("says why when the lab cannot cut a node: the API's own", async () => {
    const refused = await reset("PVE-1", "ForceOff");
    expect(refused.status).to.equal(409);
    expect(refused.json.error.message).to.equal(
      "The action ComputerSystem.Reset is not supported by the resource: PVE-1 serves the lab's API and runs the CRM; kill another node.",
    );
  });
});
