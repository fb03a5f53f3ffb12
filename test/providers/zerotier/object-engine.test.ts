import { expect } from "chai";
import { CentralLab } from "../../../lab/zerotier/api-server";
import { Central } from "../../../lab/zerotier/central";
import { CentralSpec } from "../../../lab/zerotier/spec";
import { RunReads } from "../../../providers/shared/run-reads";
import { CentralClient } from "../../../providers/zerotier/client";
import { CentralObjectEngine } from "../../../providers/zerotier/object-engine";
import { member, network } from "../../../providers/zerotier/objects";

// biome-ignore lint/suspicious/noExplicitAny: the tests read Central's JSON wherever they need to.
type Held = Record<string, any>;

const TOKEN = "lab-central-token";
const NOW = 1_764_000_000_000;

// The talk's operators' network: capabilities in its rules, a pool and a route to the fabric.
const rulesSource = [
  "tag department id 1000 enum 100 engineering enum 200 sales default 100 ;",
  "cap admin id 1 accept; ;",
  "cap gitlabssh id 2 accept ipprotocol tcp and dport 22; ;",
  "accept;",
  "",
].join("\n");
const operators = {
  name: "operators",
  autoAssignIpv4: true,
  ipAssignmentPools: ["192.168.192.10-192.168.192.250"],
  routes: ["192.168.192.0/24", "10.0.0.0/8 via 192.168.192.1"],
  rulesSource,
};

describe("the ZeroTier Central object engine, against the lab's Central", () => {
  let lab: CentralLab;
  let protect: boolean;
  let networks: CentralObjectEngine;
  let members: CentralObjectEngine;
  let networkId: string;
  const laptop = () => ({
    network: networkId,
    nodeId: "abcdef0123",
    name: "laptop",
    description: "managed by budgetcloud",
    authorized: true,
    ipAssignments: ["192.168.192.253"],
    noAutoAssignIps: true,
    activeBridge: true,
    ssoExempt: true,
    capabilities: ["gitlabssh", "admin"],
    tags: ["department=engineering"],
  });

  beforeEach(async () => {
    lab = new CentralLab({ tokens: [TOKEN], central: new Central("8056c2e21c", () => NOW) });
    await lab.start();
    protect = false;
    const env = {
      client: () => new CentralClient({ url: lab.endpoint, token: TOKEN }),
      reads: new RunReads(),
      protect: () => protect,
    };
    networks = new CentralObjectEngine(network, env);
    members = new CentralObjectEngine(member, env);
    networkId = (await networks.create(operators)).id;
  });
  afterEach(() => lab.stop());

  it("makes a network as the stack says, its capabilities and tags taken from its rules", () => {
    const held = lab.central.network(networkId) as Held;
    expect(held.config).to.deep.include({
      name: "operators",
      private: true,
      v4AssignMode: { zt: true },
      ipAssignmentPools: [{ ipRangeStart: "192.168.192.10", ipRangeEnd: "192.168.192.250" }],
      routes: [
        { target: "192.168.192.0/24", via: null },
        { target: "10.0.0.0/8", via: "192.168.192.1" },
      ],
    });
    expect(held.capabilitiesByName).to.deep.equal({ admin: 1, gitlabssh: 2 });
  });

  it("writes a member by capability and tag names, as the ids the network's rules give them", async () => {
    const { id, outs } = await members.create(laptop());
    expect(id).to.equal(`${networkId}-abcdef0123`);
    const held = lab.central.member(networkId, "abcdef0123") as Held;
    expect(held.config).to.deep.include({
      authorized: true,
      ipAssignments: ["192.168.192.253"],
      noAutoAssignIps: true,
      activeBridge: true,
      ssoExempt: true,
      capabilities: [2, 1],
      tags: [[1000, 100]],
    });
    expect(outs).to.deep.include({ capabilities: ["gitlabssh", "admin"], lastSeen: 0 });
  });

  it("never sends a field Central sets itself", async () => {
    await members.create(laptop());
    await members.update(`${networkId}-abcdef0123`, laptop(), { ...laptop(), authorized: false });
    const spec = new CentralSpec();
    const readOnly = { Network: spec.readOnlyFields("Network"), Member: spec.readOnlyFields("Member") };
    const paths = (body: unknown, prefix = ""): string[] =>
      Object.entries(body as Record<string, unknown>).flatMap(([key, value]) =>
        value && typeof value === "object" && !Array.isArray(value)
          ? paths(value, `${prefix}${key}.`)
          : [`${prefix}${key}`],
      );
    const posts = lab.received.filter((r) => r.method === "POST");
    expect(posts).to.have.length(3);
    for (const post of posts) {
      const schema = post.path.includes("/member/") ? readOnly.Member : readOnly.Network;
      expect(paths(post.body)).to.not.include.members(schema);
    }
  });

  it("refuses a capability the network's rules do not declare, naming the member and the ones they do", async () => {
    const refused = await members.create({ ...laptop(), capabilities: ["admn"] }).catch((e: Error) => e.message);
    expect(refused).to.equal(
      `member laptop of network ${networkId}: capability "admn" is not declared in the network's rules (declared: admin, gitlabssh)`,
    );
    expect(lab.central.listMembers(networkId)).to.deep.equal([]);
  });

  it("sends only what changed: deauthorizing and a new address", async () => {
    const { id } = await members.create(laptop());
    const news = { ...laptop(), authorized: false, ipAssignments: ["192.168.192.254"] };
    expect(members.diff(id, laptop(), news)).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    lab.received.length = 0;
    await members.update(id, laptop(), news);
    expect(lab.received.filter((r) => r.method === "POST").map((r) => r.body)).to.deep.equal([
      { config: { authorized: false, ipAssignments: ["192.168.192.254"] } },
    ]);
    expect((lab.central.member(networkId, "abcdef0123") as Held).config).to.deep.include({
      authorized: false,
      lastDeauthorizedTime: NOW,
    });
  });

  it("finds a member changed in Central by hand, and when it was last seen", async () => {
    const { id, outs } = await members.create(laptop());
    lab.central.updateMember(networkId, "abcdef0123", { config: { capabilities: [1], authorized: false } });
    lab.central.join(networkId, "abcdef0123", { identity: "", clientVersion: "1.14.2", physicalAddress: "" });
    const { props } = await members.read(id, outs);
    expect(props).to.deep.include({ capabilities: ["admin"], authorized: false, lastSeen: NOW });
    expect(members.diff(id, props, laptop()).changes).to.equal(true);
  });

  it("reads a member deleted in Central as gone, and deletes one that is already gone", async () => {
    const { id, outs } = await members.create(laptop());
    lab.central.deleteMember(networkId, "abcdef0123");
    expect(await members.read(id, outs)).to.deep.equal({ props: outs });
    await members.delete(id, outs);
  });

  it("takes over the network a killed run's create left, found by its name", async () => {
    const { id } = await networks.create({ ...operators, name: "contractors" });
    const adopted = await networks.create({ ...operators, name: "contractors", adopt: true });
    expect(adopted.id).to.equal(id);
    const named = lab.central.listNetworks().filter((n) => (n.config as Held).name === "contractors");
    expect(named.map((n) => n.id)).to.deep.equal([id]);
  });

  it("makes a network once when Central's answer to the create is lost", async () => {
    lab.knobs.loseNextAnswerTo = "POST";
    const { id } = await networks.create({ ...operators, name: "contractors" });
    const named = lab.central.listNetworks().filter((n) => (n.config as Held).name === "contractors");
    expect(named.map((n) => n.id)).to.deep.equal([id]);
    expect(lab.received.filter((r) => r.method === "POST" && r.path === "/network")).to.have.length(2);
  });

  it("writes a member again when Central's answer is lost, which changes nothing twice", async () => {
    lab.knobs.loseNextAnswerTo = "POST";
    const { id } = await members.create(laptop());
    expect(id).to.equal(`${networkId}-abcdef0123`);
    expect(lab.central.listMembers(networkId)).to.have.length(1);
    expect((lab.central.member(networkId, "abcdef0123") as Held).config).to.deep.include({ authorized: true });
  });

  it("replaces a member whose device changes", () => {
    const moved = members.diff("x", laptop(), { ...laptop(), nodeId: "1111111111" });
    expect(moved).to.deep.equal({ changes: true, replaces: ["nodeId"], deleteBeforeReplace: true });
  });

  it("refuses to delete the network while the stack protects it", async () => {
    protect = true;
    const refused = await networks.delete(networkId, operators).catch((e: Error) => e.message);
    expect(refused).to.equal(
      `refusing to delete ZeroTier network operators (${networkId}): its members would lose the network; ` +
        "budgetcloud:protect is on for this stack; set it to false (pulumi config set budgetcloud:protect false) " +
        "and run pulumi up again to delete it",
    );
    protect = false;
    await networks.delete(networkId, operators);
    expect(lab.central.listNetworks()).to.deep.equal([]);
  });
});
