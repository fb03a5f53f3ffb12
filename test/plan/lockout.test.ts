import { expect } from "chai";
import type { StackConfig } from "../../config/schema";
import { crossCheck } from "../../plan/checks";
import { forwardChain, srcNat } from "../../plan/firewall-plan";
import { firstCut, lockoutProblems } from "../../plan/lockout";
import { planZeroTier } from "../../plan/zerotier-plan";
import { stackFileConfig } from "../support/stack-file";

const prod = () => stackFileConfig("prod");
const zerotier = (config: StackConfig) => {
  if (!config.zerotier) throw new Error("no zerotier");
  return config.zerotier;
};
const router = (config: StackConfig, name: string) => {
  const found = config.routers.find((r) => r.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

describe("the operators' way to the routers' APIs, in the talk's cloud", () => {
  it("has Central route the management network via MTK-3, the first router that joins and sits on it", () => {
    expect(planZeroTier(prod())?.network.routes).to.deep.equal([
      "192.168.192.0/24",
      "192.168.255.0/24 via 192.168.192.3",
      "192.168.110.0/24 via 192.168.192.3",
      "192.168.111.0/24 via 192.168.192.3",
    ]);
  });

  it("accepts the operators into the management network on the routers that join, and nowhere else", () => {
    const config = prod();
    const accept = {
      action: "accept",
      srcAddress: "192.168.192.0/24",
      dstAddress: "192.168.255.0/24",
      comment: "operators 192.168.192.0/24 to management",
    };
    expect(forwardChain(config, router(config, "MTK-3"))).to.deep.include(accept);
    expect(forwardChain(config, router(config, "MTK-4"))).to.deep.include(accept);
    expect(forwardChain(config, router(config, "MTK-1"))).not.to.deep.include(accept);
  });

  it("masquerades them out of the management port, so that answers come back the way they went", () => {
    const config = prod();
    expect(srcNat(config, router(config, "MTK-3")).at(-1)).to.deep.equal({
      key: "operators-192.168.192.0-24-to-management",
      rule: {
        action: "masquerade",
        srcAddress: "192.168.192.0/24",
        dstAddress: "192.168.255.0/24",
        outInterface: "ether1",
        comment: "operators 192.168.192.0/24 to management",
      },
    });
    expect(srcNat(config, router(config, "MTK-1"))).to.deep.equal([]);
  });

  it("finds nothing that would lock the operators out of the talk's, the QA and the lab stacks", () => {
    for (const stack of ["prod", "qa", "lab"]) expect(lockoutProblems(stackFileConfig(stack)), stack).to.deep.equal([]);
  });

  const refusals: [string, (config: StackConfig) => void, string[]][] = [
    [
      "a host that is none of the router's addresses",
      (config) => {
        config.routers[0].host = "192.168.255.99";
      },
      [
        "budgetcloud:routers[0].host: 192.168.255.99 is none of MTK-1's addresses (192.168.255.1, 192.168.144.2, 192.168.140.1, 192.168.254.1, 192.168.133.1): Pulumi would open the API of another device, or of none",
      ],
    ],
    [
      "a host the operators' network has no route to",
      (config) => {
        config.routers[0].host = "192.168.254.1";
      },
      [
        "budgetcloud:routers[0].host: 192.168.254.1 is outside the management network 192.168.255.0/24, the one network the operators on ops are routed to through MTK-3",
      ],
    ],
    [
      "operators on a ZeroTier network that no router on the management network joins (their hosts go with their ports)",
      (config) => {
        for (const r of config.routers.filter((r) => ["MTK-3", "MTK-4"].includes(r.name)))
          r.interfaces = r.interfaces.filter((i) => i.name !== "ether1");
      },
      [
        "budgetcloud:routers[2].host: 192.168.255.3 is none of MTK-3's addresses (192.168.141.2, 192.168.142.1, 192.168.254.3, 192.168.131.1, 192.168.132.1): Pulumi would open the API of another device, or of none",
        "budgetcloud:routers[3].host: 192.168.255.4 is none of MTK-4's addresses (192.168.142.2, 192.168.144.1, 192.168.254.4, 192.168.121.1, 192.168.122.1, 192.168.123.1): Pulumi would open the API of another device, or of none",
        "budgetcloud:management.operators[0]: 192.168.192.0/24 is on the ZeroTier network ops, but no router that joins it (budgetcloud:zerotier.routers) has a port on the management network 192.168.255.0/24: the operators would reach no router's API",
      ],
    ],
    [
      "flow rules that drop every TCP connection to the management network",
      (config) => {
        const network = zerotier(config).network;
        network.rules = `drop ipprotocol tcp and ipdest 192.168.255.0/24;\n${network.rules}`;
      },
      [
        `budgetcloud:zerotier.network.rules: the operators' devices in budgetcloud:management.operators[0] (192.168.192.0/24: varun-laptop-thinkpad) would be dropped by "drop ipprotocol tcp and ipdest 192.168.255.0/24;" on ops, the way they reach MTK-1's API (192.168.255.1:8729) through MTK-3; refusing to lock Pulumi out`,
        `budgetcloud:zerotier.network.rules: the operators' devices in budgetcloud:management.operators[0] (192.168.192.0/24: varun-laptop-thinkpad) would be dropped by "drop ipprotocol tcp and ipdest 192.168.255.0/24;" on ops, the way they reach MTK-2's API (192.168.255.2:8729) through MTK-3; refusing to lock Pulumi out`,
        `budgetcloud:zerotier.network.rules: the operators' devices in budgetcloud:management.operators[0] (192.168.192.0/24: varun-laptop-thinkpad) would be dropped by "drop ipprotocol tcp and ipdest 192.168.255.0/24;" on ops, the way they reach MTK-3's API (192.168.255.3:8729); refusing to lock Pulumi out`,
        `budgetcloud:zerotier.network.rules: the operators' devices in budgetcloud:management.operators[0] (192.168.192.0/24: varun-laptop-thinkpad) would be dropped by "drop ipprotocol tcp and ipdest 192.168.255.0/24;" on ops, the way they reach MTK-4's API (192.168.255.4:8729) through MTK-3; refusing to lock Pulumi out`,
      ],
    ],
    [
      "the only operator's device losing the capability that let it open the API",
      (config) => {
        const [laptop] = zerotier(config).members;
        laptop.capabilities = laptop.capabilities.filter((c) => c !== "admin");
      },
      [
        `budgetcloud:zerotier.network.rules: the operators' devices in budgetcloud:management.operators[0] (192.168.192.0/24: varun-laptop-thinkpad) would be dropped by "break chr tcp_syn and not chr tcp_ack;" on ops, the way they reach MTK-1's API (192.168.255.1:8729) through MTK-3; refusing to lock Pulumi out`,
        `budgetcloud:zerotier.network.rules: the operators' devices in budgetcloud:management.operators[0] (192.168.192.0/24: varun-laptop-thinkpad) would be dropped by "break chr tcp_syn and not chr tcp_ack;" on ops, the way they reach MTK-2's API (192.168.255.2:8729) through MTK-3; refusing to lock Pulumi out`,
        `budgetcloud:zerotier.network.rules: the operators' devices in budgetcloud:management.operators[0] (192.168.192.0/24: varun-laptop-thinkpad) would be dropped by "break chr tcp_syn and not chr tcp_ack;" on ops, the way they reach MTK-3's API (192.168.255.3:8729); refusing to lock Pulumi out`,
        `budgetcloud:zerotier.network.rules: the operators' devices in budgetcloud:management.operators[0] (192.168.192.0/24: varun-laptop-thinkpad) would be dropped by "break chr tcp_syn and not chr tcp_ack;" on ops, the way they reach MTK-4's API (192.168.255.4:8729) through MTK-3; refusing to lock Pulumi out`,
      ],
    ],
    [
      "every operator's device the stack lists unauthorized",
      (config) => {
        for (const m of config.zerotier?.members ?? []) m.authorized = false;
      },
      [
        "budgetcloud:management.operators[0]: every member of ops in 192.168.192.0/24 is unauthorized (varun-laptop-thinkpad, budgetcloud:zerotier.members): no operator could reach the routers",
      ],
    ],
  ];
  for (const [what, change, problems] of refusals) {
    it(`refuses ${what}, naming the key`, () => {
      const config = prod();
      change(config);
      expect(lockoutProblems(config)).to.deep.equal(problems);
    });
  }

  it("refuses flow rules that drop every member in an operators' prefix the stack lists no device in", () => {
    const config = stackFileConfig("qa");
    const network = zerotier(config).network;
    network.rules = `drop ipprotocol tcp and ipdest 10.20.255.1/32;\n${network.rules}`;
    expect(lockoutProblems(config)).to.deep.equal([
      `budgetcloud:zerotier.network.rules: the members in budgetcloud:management.operators[1] (10.20.192.0/24), whatever their capabilities, would be dropped by "drop ipprotocol tcp and ipdest 10.20.255.1/32;" on qa-ops, the way they reach QA-MTK-1's API (10.20.255.1:8729); refusing to lock Pulumi out`,
    ]);
  });

  it("lets through flow rules it cannot tell drop the operators: the source port of a connection is unknown", () => {
    const config = prod();
    const network = zerotier(config).network;
    network.rules = `drop ipprotocol tcp and sport 1024-65535;\n${network.rules}`;
    expect(lockoutProblems(config)).to.deep.equal([]);
  });

  it("refuses the same through the cross-checks, before any device is contacted", () => {
    const config = prod();
    config.routers[0].host = "192.168.254.1";
    expect(crossCheck(config)).to.include(
      "budgetcloud:routers[0].host: 192.168.254.1 is outside the management network 192.168.255.0/24, the one network the operators on ops are routed to through MTK-3",
    );
  });
});

describe("a chain's first cut of a prefix on its way to an API", () => {
  const lists = new Map([["admins", ["10.0.0.0/25"]]]);
  const probe = { dstAddress: "10.9.0.1", port: "8729", outInterface: "ether1" };
  const at = (rules: object[]) => rules.map((rule, i) => ({ rule: rule as never, where: `rule ${i}` }));

  it("takes accepted pieces out, and names the rule that drops what is left", () => {
    const chain = at([
      { action: "accept", srcAddressList: "admins" },
      { action: "accept", protocol: "udp" },
      { action: "drop", srcAddress: "10.0.0.128/26" },
      { action: "drop" },
    ]);
    expect(firstCut(chain, "10.0.0.0/24", probe, lists)).to.deep.include({ where: "rule 2", cut: ["10.0.0.128/26"] });
  });

  it("skips rules for other ports, destinations, ways out and states", () => {
    const chain = at([
      { action: "drop", dstPort: "22" },
      { action: "drop", dstAddress: "10.8.0.0/16" },
      { action: "drop", outInterface: "sfp28-12" },
      { action: "drop", connectionState: ["invalid"] },
      { action: "accept", dstAddress: "10.9.0.0/16", protocol: "tcp" },
      { action: "drop" },
    ]);
    expect(firstCut(chain, "10.0.0.0/24", probe, lists)).to.equal(undefined);
  });

  it("lets through what no rule takes, as RouterOS does", () => {
    expect(firstCut(at([{ action: "drop", srcAddress: "10.1.0.0/16" }]), "10.0.0.0/24", probe, lists)).to.equal(
      undefined,
    );
  });
});
