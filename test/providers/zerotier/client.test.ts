import { expect } from "chai";
import { CentralLab } from "../../../lab/zerotier/api-server";
import { CentralClient, CentralConnectionLost } from "../../../providers/zerotier/client";

const TOKEN = "lab-central-token";

describe("the ZeroTier Central client", () => {
  let lab: CentralLab;
  let client: CentralClient;
  beforeEach(async () => {
    lab = new CentralLab({ tokens: [TOKEN] });
    await lab.start();
    client = new CentralClient({ url: lab.endpoint, token: TOKEN });
  });
  afterEach(() => lab.stop());

  it("makes a network and its members, and reads them back", async () => {
    const network = await client.post("network", { config: { name: "operators" } }, "network operators");
    const id = String(network.id);
    await client.post(`network/${id}/member/abcdef0123`, { name: "laptop", config: { authorized: true } }, "laptop");
    expect(await client.get(`network/${id}/member/abcdef0123`, "laptop")).to.deep.include({
      name: "laptop",
      nodeId: "abcdef0123",
    });
    const members = await client.get<{ nodeId: string }[]>(`network/${id}/member`, "members");
    expect(members?.map((m) => m.nodeId)).to.deep.equal(["abcdef0123"]);
    expect(lab.received.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      "POST /network",
      `POST /network/${id}/member/abcdef0123`,
      `GET /network/${id}/member/abcdef0123`,
      `GET /network/${id}/member`,
    ]);
  });

  it("reads a network or member Central does not know as absent", async () => {
    expect(await client.get("network/8056c2e21c00ffff", "network")).to.equal(undefined);
    const { id } = await client.post("network", {}, "network operators");
    expect(await client.get(`network/${id}/member/abcdef0123`, "laptop")).to.equal(undefined);
  });

  it("names the object and what Central said when it refuses", async () => {
    const { id } = await client.post("network", {}, "network operators");
    const refused = await client
      .post(`network/${id}/member/abcdef0123`, { config: { ipAssignments: ["192.168.192.300"] } }, "member laptop")
      .catch((error: Error) => error.message);
    expect(refused).to.equal(
      'ZeroTier Central: member laptop: 400 config.ipAssignments: "192.168.192.300" is not an IP address',
    );
  });

  it("names the object when the token is refused", async () => {
    const stranger = new CentralClient({ url: lab.endpoint, token: "wrong" });
    const refused = await stranger
      .get("network/8056c2e21c000001/member", "members of network operators")
      .catch((error: Error) => error.message);
    expect(refused).to.equal("ZeroTier Central: members of network operators: 401 Authorization required");
  });

  it("names Central's address when it cannot be reached", async () => {
    await lab.stop();
    const unreachable = await client.get("network", "networks").catch((error: Error) => error.message);
    expect(unreachable).to.equal(`ZeroTier Central at ${lab.endpoint}: networks: ECONNREFUSED`);
  });

  it("says a request may have been carried out when its answer is lost", async () => {
    lab.knobs.loseNextAnswerTo = "POST";
    const lost = await client.post("network", {}, "network operators").catch((error: Error) => error);
    expect(lost).to.be.instanceOf(CentralConnectionLost);
    expect((lost as Error).message).to.match(
      /^ZeroTier Central at http:\/\/127\.0\.0\.1:\d+\/api\/v1: network operators: connection lost \(.+\); the request may or may not have been carried out$/,
    );
    expect(lab.central.listNetworks()).to.have.length(1);
  });

  it("sends its token over HTTPS, or over plain HTTP to this machine only", () => {
    expect(() => new CentralClient({ url: "http://central.example.net/api/v1", token: TOKEN })).to.throw(
      "ZeroTier Central at http://central.example.net/api/v1: the API token is sent over HTTPS only (plain HTTP to this machine alone)",
    );
    expect(() => new CentralClient({ url: "https://api.zerotier.com/api/v1", token: TOKEN })).to.not.throw();
  });
});
