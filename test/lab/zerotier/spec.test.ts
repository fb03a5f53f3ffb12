import { expect } from "chai";
import { CentralSpec } from "../../../lab/zerotier/spec";

describe("Central's OpenAPI file, as the lab reads it", () => {
  const spec = new CentralSpec();

  it("matches a request to the spec's operation and its path parameters", () => {
    const matched = spec.match("POST", "/network/8056c2e21c000001/member/abcdef0123");
    expect(matched?.operation.id).to.equal("updateNetworkMember");
    expect(matched?.params).to.deep.equal({ networkID: "8056c2e21c000001", memberID: "abcdef0123" });
    expect(spec.match("PUT", "/network/8056c2e21c000001")).to.equal(undefined);
    expect(spec.hasPath("/network/8056c2e21c000001")).to.equal(true);
  });

  it("checks a body against the schema, null allowed where the spec says nullable", () => {
    const body = spec.match("POST", "/network/8056c2e21c000001/member/abcdef0123")?.operation.body;
    expect(body?.({ config: { authorized: true, capabilities: [1], ipAssignments: null } })).to.equal(true);
    expect(body?.({ config: null })).to.equal(true);
    expect(body?.({ config: { capabilities: ["admin"] } })).to.equal(false);
    expect(body?.errors?.[0]).to.include({ instancePath: "/config/capabilities/0", message: "must be integer" });
  });

  it("knows which fields Central sets itself", () => {
    expect(spec.readOnlyFields("Member")).to.include.members([
      "nodeId",
      "lastSeen",
      "config.identity",
      "config.revision",
    ]);
    expect(spec.readOnlyFields("Member")).to.not.include.members(["name", "config.authorized", "config.ipAssignments"]);
    expect(spec.readOnlyFields("Network")).to.include.members(["id", "config.creationTime", "totalMemberCount"]);
  });
});
