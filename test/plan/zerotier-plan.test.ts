import { expect } from "chai";
import { ConfigError, parseStackConfig } from "../../config/load";
import type { StackConfig } from "../../config/schema";
import { crossCheck } from "../../plan/checks";
import { planRouter } from "../../plan/router-plan";
import { planZeroTier } from "../../plan/zerotier-plan";
import { stackFileConfig } from "../support/stack-file";

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

describe("the routers that join the operators' network, in the talk's cloud", () => {
  const prod = () => stackFileConfig("prod");
  const routerNamed = (config: StackConfig, name: string) =>
    planRouter(config, config.routers.find((r) => r.name === name) ?? config.routers[0]);

  it("turns MTK-3's ZeroTier on and makes it a member authorized at its fixed address", () => {
    expect(routerNamed(prod(), "MTK-3").zerotier).to.deep.equal({
      instance: "zt1",
      interface: "zerotier1",
      port: 9993,
      routeDistance: 200,
      member: {
        name: "MTK-3",
        description: "router, managed by budgetcloud",
        authorized: true,
        ipAssignments: ["192.168.192.3"],
        noAutoAssignIps: true,
        activeBridge: false,
        ssoExempt: true,
        capabilities: ["fabric"],
        tags: [],
      },
    });
    expect(routerNamed(prod(), "MTK-1").zerotier).to.equal(undefined);
  });

  it("routes each tenant to the network via its VRRP master, or else the next gateway that joins", () => {
    expect(planZeroTier(prod())?.network.routes).to.deep.equal([
      "192.168.192.0/24",
      "192.168.255.0/24 via 192.168.192.3",
      "192.168.110.0/24 via 192.168.192.3",
      "192.168.111.0/24 via 192.168.192.3",
    ]);
    const config = prod();
    config.tenants[1].routers = [
      { router: "MTK-1", priority: 250 },
      { router: "MTK-4", priority: 150 },
      { router: "MTK-3", priority: 100 },
    ];
    expect(planZeroTier(config)?.network.routes[3]).to.equal("192.168.111.0/24 via 192.168.192.4");
  });

  const refusals: [string, (config: StackConfig) => void, string[]][] = [
    [
      "zerotier1 in the OSPF of a router that does not join",
      (config) => {
        config.zerotier?.routers.pop();
      },
      [
        "budgetcloud:routers[3].ospf.interfaces[3].interface: MTK-4 has no interface zerotier1; list MTK-4 in budgetcloud:zerotier.routers to join it",
      ],
    ],
    [
      "a router the stack does not have, and a network the operators may reach that it does not have",
      (config) => {
        config.zerotier?.routers.push({ router: "MTK-9", ip: "192.168.192.9", capabilities: [], tags: [] });
        config.zerotier?.network.allow.push("web");
      },
      [
        "budgetcloud:zerotier.network.allow[2]: unknown tenant or ZeroTier network web",
        "budgetcloud:zerotier.routers[2].router: unknown router MTK-9",
      ],
    ],
    [
      "a router listed twice, or at a person's address, or with a capability the rules lack",
      (config) => {
        config.zerotier?.routers.push({ router: "MTK-3", ip: "192.168.192.253", capabilities: ["root"], tags: [] });
      },
      [
        "budgetcloud:zerotier.routers[2].router: MTK-3 is listed twice",
        "budgetcloud:zerotier.routers[2].ip: 192.168.192.253 is already varun-laptop-thinkpad's",
        "budgetcloud:zerotier.routers[2].capabilities[0]: root is not a capability of budgetcloud:zerotier.network.rules (it declares fabric, admin, externalsubnet, gitlabssh, onedriveshared, prodmtottdb, prodmtottrdp, prodmtotstftp, qadatabase, reverseint)",
      ],
    ],
    [
      // Generated stacks found this one: the operators' requests entered by one router and the
      // tenant's answers left by another, which dropped them as invalid.
      "an allow one way between the operators and a tenant whose VRRP master does not join",
      (config) => {
        config.tenants[1].routers = [
          { router: "MTK-1", priority: 250 },
          { router: "MTK-4", priority: 150 },
          { router: "MTK-3", priority: 100 },
        ];
        config.tenants[1].allow = ["app"];
      },
      [
        "budgetcloud:zerotier.network.allow[1]: ops may reach sql, which does not allow it back, and the operators' traffic to sql enters by MTK-4 while sql's leaves by its VRRP master MTK-1: the router that never saw a request drops its replies; allow ops on sql, or have MTK-1 join ops",
      ],
    ],
    [
      "a network named as a tenant is, which the names that meant it no longer find",
      (config) => {
        if (config.zerotier) config.zerotier.network.name = "sql";
      },
      [
        "budgetcloud:tenants[0].allow[1]: unknown tenant or ZeroTier network ops",
        "budgetcloud:tenants[1].allow[1]: unknown tenant or ZeroTier network ops",
        "budgetcloud:zerotier.network.name: sql is already the name of budgetcloud:tenants[1]",
        "budgetcloud:firewall.forward[4].dst: unknown tenant or ZeroTier network ops",
        "budgetcloud:firewall.forward[5].src: unknown tenant or ZeroTier network ops",
      ],
    ],
  ];
  for (const [what, change, problems] of refusals) {
    it(`refuses ${what}, naming the keys`, () => {
      const config = prod();
      change(config);
      expect(crossCheck(config)).to.deep.equal(problems);
    });
  }

  it("finds nothing wrong with the talk's network", () => {
    expect(crossCheck(prod())).to.deep.equal([]);
  });
});
