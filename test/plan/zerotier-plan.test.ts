import { expect } from "chai";
import { ConfigError, parseStackConfig } from "../../config/load";
import { crossCheck } from "../../plan/checks";
import { planZeroTier } from "../../plan/zerotier-plan";

// biome-ignore lint/suspicious/noExplicitAny: each test edits the raw config wherever it needs to.
type Held = Record<string, any>;

const rules = "tag department id 1000 enum 100 engineering enum 200 sales ;\ncap admin id 1 accept; ;\naccept;\n";

/** A stack with the operators' network only, changed as a test needs. */
function withZeroTier(change: (zerotier: Held) => void = () => {}, secrets = { zerotierToken: "t" }) {
  const zerotier: Held = {
    network: {
      name: "operators",
      cidr: "192.168.192.0/24",
      pool: { start: "192.168.192.10", end: "192.168.192.250" },
      rules,
    },
    members: [
      {
        name: "laptop",
        nodeId: "abcdef0123",
        ip: "192.168.192.253",
        capabilities: ["admin"],
        tags: ["department=sales"],
      },
      { name: "phone", nodeId: "1111111111" },
    ],
  };
  change(zerotier);
  const values = {
    environment: "qa",
    domain: "example.net",
    management: JSON.stringify({ cidr: "192.168.255.0/24", operators: ["10.99.0.0/24"] }),
    zerotier: JSON.stringify(zerotier),
    ...secrets,
  };
  return parseStackConfig({ values, secret: new Set(Object.keys(secrets)) }).config;
}

describe("the operators' ZeroTier network in the plan", () => {
  it("plans the network with its pool and its own subnet as a route, and each member", () => {
    const plan = planZeroTier(withZeroTier());
    expect(plan?.endpoint).to.equal("https://api.zerotier.com/api/v1");
    expect(plan?.network).to.deep.equal({
      name: "operators",
      private: true,
      autoAssignIpv4: true,
      ipAssignmentPools: ["192.168.192.10-192.168.192.250"],
      routes: ["192.168.192.0/24"],
      rulesSource: rules,
    });
    expect(plan?.members).to.deep.equal([
      {
        name: "laptop",
        nodeId: "abcdef0123",
        authorized: true,
        ipAssignments: ["192.168.192.253"],
        noAutoAssignIps: true,
        activeBridge: false,
        ssoExempt: false,
        capabilities: ["admin"],
        tags: ["department=sales"],
      },
      {
        name: "phone",
        nodeId: "1111111111",
        authorized: true,
        ipAssignments: [],
        noAutoAssignIps: false,
        activeBridge: false,
        ssoExempt: false,
        capabilities: [],
        tags: [],
      },
    ]);
    expect(crossCheck(withZeroTier())).to.deep.equal([]);
  });

  it("needs Central's token as a secret", () => {
    expect(() => withZeroTier(() => {}, {} as { zerotierToken: string })).to.throw(
      ConfigError,
      "budgetcloud:zerotierToken: missing secret (ZeroTier Central API token that manages the operators' network)",
    );
  });

  const refusals: [string, (zt: Held) => void, string[]][] = [
    [
      "a capability or tag the rules do not declare",
      (zt) => {
        zt.members[0].capabilities = ["admin", "superuser"];
        zt.members[0].tags = ["zone=dmz", "department=hr"];
      },
      [
        "budgetcloud:zerotier.members[0].capabilities[1]: superuser is not a capability of budgetcloud:zerotier.network.rules (it declares admin)",
        "budgetcloud:zerotier.members[0].tags[0]: zone is not a tag of budgetcloud:zerotier.network.rules (it declares department)",
        "budgetcloud:zerotier.members[0].tags[1]: hr is neither a number nor an enum of tag department (engineering, sales)",
      ],
    ],
    [
      "rules that declare their names wrongly",
      (zt) => {
        zt.network.rules = "cap admin accept; ;";
      },
      ["budgetcloud:zerotier.network.rules: cap admin: its id must follow its name"],
    ],
    [
      "addresses outside the network",
      (zt) => {
        zt.network.pool.end = "192.168.193.250";
        zt.members[0].ip = "192.168.192.255";
      },
      [
        "budgetcloud:zerotier.network.pool.end: 192.168.193.250 is not a host of 192.168.192.0/24",
        "budgetcloud:zerotier.members[0].ip: 192.168.192.255 is not a host of 192.168.192.0/24",
      ],
    ],
    [
      "two members of one device or one address",
      (zt) => {
        zt.members[1].nodeId = "abcdef0123";
        zt.members[1].ip = "192.168.192.253";
      },
      [
        "budgetcloud:zerotier.members[1].nodeId: abcdef0123 is already laptop's",
        "budgetcloud:zerotier.members[1].ip: 192.168.192.253 is already laptop's",
      ],
    ],
    [
      "a network that overlaps another of the stack's",
      (zt) => {
        zt.network.cidr = "192.168.0.0/16";
      },
      ["budgetcloud:zerotier.network.cidr: 192.168.0.0/16 overlaps budgetcloud:management.cidr (192.168.255.0/24)"],
    ],
  ];
  for (const [what, change, problems] of refusals) {
    it(`refuses ${what}, naming the keys`, () => {
      expect(crossCheck(withZeroTier(change))).to.deep.equal(problems);
    });
  }
});
