import { expect } from "chai";
import { CentralLab } from "../../../lab/zerotier/api-server";
import { Central, DEFAULT_RULES_SOURCE } from "../../../lab/zerotier/central";

const TOKEN = "lab-central-token";

describe("the lab's ZeroTier Central", () => {
  let now: number;
  let lab: CentralLab;
  const call = async (method: string, path: string, body?: unknown, token = TOKEN) => {
    const response = await fetch(`${lab.endpoint}${path}`, {
      method,
      headers: { authorization: `token ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: each test reads Central's answers wherever it needs to.
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  beforeEach(async () => {
    now = 1_764_000_000_000;
    lab = new CentralLab({ tokens: [TOKEN], central: new Central("8056c2e21c", () => now) });
    await lab.start();
  });
  afterEach(() => lab.stop());

  describe("checks every request as Central does", () => {
    it("wants a known token, as 'token' or 'Bearer'", async () => {
      expect((await call("GET", "/network", undefined, "wrong")).status).to.equal(401);
      const bearer = await fetch(`${lab.endpoint}/network`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(bearer.status).to.equal(200);
    });

    it("answers 404 for a path the spec does not have and 405 for a method it does not list", async () => {
      expect((await call("GET", "/networks")).status).to.equal(404);
      expect((await call("PUT", "/network")).status).to.equal(405);
    });

    it("refuses a body of the wrong shape, naming the field", async () => {
      const { body: network } = await call("POST", "/network", {});
      const refused = await call("POST", `/network/${network.id}`, { config: { private: "yes" } });
      expect(refused).to.deep.equal({ status: 400, body: { message: "config.private: must be boolean" } });
    });

    it("refuses addresses that are not addresses, naming the field", async () => {
      const { body: network } = await call("POST", "/network", {});
      const pools = await call("POST", `/network/${network.id}`, {
        config: { ipAssignmentPools: [{ ipRangeStart: "192.168.192.300", ipRangeEnd: "192.168.192.254" }] },
      });
      expect(pools.status).to.equal(400);
      expect(pools.body.message).to.equal(
        'config.ipAssignmentPools: "192.168.192.300"-"192.168.192.254" is not a range of IP addresses',
      );
      const member = await call("POST", `/network/${network.id}/member/abcdef0123`, {
        config: { ipAssignments: ["x"] },
      });
      expect(member.body.message).to.equal('config.ipAssignments: "x" is not an IP address');
    });

    it("ignores the fields Central sets itself", async () => {
      const { body: network } = await call("POST", "/network", {});
      const updated = await call("POST", `/network/${network.id}`, {
        id: "ffffffffff000001",
        config: { id: "ffffffffff000001", creationTime: 1, name: "ops" },
      });
      expect(updated.body.id).to.equal(network.id);
      expect(updated.body.config).to.include({ id: network.id, creationTime: now, name: "ops" });
    });
  });

  it("makes a network with Central's defaults under the controller's address", async () => {
    const { status, body } = await call("POST", "/network", {});
    expect(status).to.equal(200);
    expect(body.id).to.equal("8056c2e21c000001");
    expect(body.rulesSource).to.equal(DEFAULT_RULES_SOURCE);
    expect(body.config).to.deep.include({
      private: true,
      mtu: 2800,
      multicastLimit: 32,
      enableBroadcast: true,
      v4AssignMode: { zt: false },
      routes: [],
      ipAssignmentPools: [],
    });
    expect((await call("GET", "/network")).body).to.have.length(1);
  });

  it("takes capabilities and tags by name from the rules source, and refuses rules it cannot read", async () => {
    const { body: network } = await call("POST", "/network", {});
    const rulesSource = "cap admin\n  id 1\n  accept;\n;\ncap gitlabssh\n  id 2\n  accept;\n;\naccept;\n";
    const { body } = await call("POST", `/network/${network.id}`, { rulesSource });
    expect(body.capabilitiesByName).to.deep.equal({ admin: 1, gitlabssh: 2 });
    expect(body.config.capabilities.map((c: { id: number }) => c.id)).to.deep.equal([1, 2]);
    const refused = await call("POST", `/network/${network.id}`, { rulesSource: "cap admin accept; ;" });
    expect(refused).to.deep.equal({
      status: 400,
      body: { message: "rulesSource: cap admin: its id must follow its name" },
    });
    expect((await call("GET", `/network/${network.id}`)).body.rulesSource).to.equal(rulesSource);
  });

  describe("members", () => {
    let networkId: string;
    beforeEach(async () => {
      const { body } = await call("POST", "/network", {
        config: {
          name: "operators",
          v4AssignMode: { zt: true },
          ipAssignmentPools: [{ ipRangeStart: "192.168.192.10", ipRangeEnd: "192.168.192.11" }],
        },
      });
      networkId = body.id;
    });

    it("are made ahead of their devices, never seen until they join", async () => {
      const { body } = await call("POST", `/network/${networkId}/member/abcdef0123`, {
        name: "laptop",
        config: { authorized: true, ipAssignments: ["192.168.192.253"], noAutoAssignIps: true, capabilities: [1, 2] },
      });
      expect(body).to.deep.include({
        id: `${networkId}-abcdef0123`,
        nodeId: "abcdef0123",
        name: "laptop",
        lastSeen: 0,
      });
      expect(body.config).to.deep.include({
        authorized: true,
        ipAssignments: ["192.168.192.253"],
        capabilities: [1, 2],
        lastAuthorizedTime: now,
      });
      now += 60_000;
      lab.central.join(networkId, "abcdef0123", {
        identity: "abcdef0123:0:00",
        clientVersion: "1.14.2",
        physicalAddress: "203.0.113.7",
      });
      const seen = (await call("GET", `/network/${networkId}/member/abcdef0123`)).body;
      expect(seen).to.deep.include({ lastSeen: now, clientVersion: "1.14.2", physicalAddress: "203.0.113.7" });
      expect(seen.config.ipAssignments).to.deep.equal(["192.168.192.253"]);
      expect((await call("GET", `/network/${networkId}`)).body.onlineMemberCount).to.equal(1);
    });

    it("get the first free pool address once authorized and joined", async () => {
      lab.central.join(networkId, "1111111111", { identity: "", clientVersion: "1.14.2", physicalAddress: "" });
      expect((await call("GET", `/network/${networkId}/member/1111111111`)).body.config).to.deep.include({
        authorized: false,
        ipAssignments: [],
      });
      const authorized = await call("POST", `/network/${networkId}/member/1111111111`, {
        config: { authorized: true },
      });
      expect(authorized.body.config.ipAssignments).to.deep.equal(["192.168.192.10"]);
      lab.central.join(networkId, "2222222222", { identity: "", clientVersion: "1.14.2", physicalAddress: "" });
      const second = await call("POST", `/network/${networkId}/member/2222222222`, { config: { authorized: true } });
      expect(second.body.config.ipAssignments).to.deep.equal(["192.168.192.11"]);
    });

    it("give a member authorized ahead of its device an address only when it joins", async () => {
      const ahead = await call("POST", `/network/${networkId}/member/3333333333`, { config: { authorized: true } });
      expect(ahead.body.config.ipAssignments).to.deep.equal([]);
      const joined = lab.central.join(networkId, "3333333333", {
        identity: "",
        clientVersion: "1.14.2",
        physicalAddress: "",
      });
      expect((joined.config as { ipAssignments: string[] }).ipAssignments).to.deep.equal(["192.168.192.10"]);
    });

    it("keep when they were deauthorized, and are gone once deleted", async () => {
      await call("POST", `/network/${networkId}/member/abcdef0123`, { config: { authorized: true } });
      now += 1000;
      const { body } = await call("POST", `/network/${networkId}/member/abcdef0123`, { config: { authorized: false } });
      expect(body.config).to.deep.include({ authorized: false, lastDeauthorizedTime: now });
      expect((await call("DELETE", `/network/${networkId}/member/abcdef0123`)).status).to.equal(200);
      const gone = await call("GET", `/network/${networkId}/member/abcdef0123`);
      expect(gone).to.deep.equal({
        status: 404,
        body: { message: `member abcdef0123 of network ${networkId} not found` },
      });
    });

    it("are named by ZeroTier addresses only", async () => {
      const refused = await call("POST", `/network/${networkId}/member/laptop`, { config: {} });
      expect(refused).to.deep.equal({ status: 400, body: { message: 'member id "laptop" is not a ZeroTier address' } });
    });
  });
});
