import { expect } from "chai";
import { type TcpSyn, tcpSynVerdict } from "../../plan/zerotier-flow";
import { stackFileConfig } from "../support/stack-file";

// The talk's operators' network: new TCP connections need a capability.
const talkRules = () => stackFileConfig("prod").zerotier?.network.rules ?? "";

/** The talk's laptop opening MTK-1's API, through MTK-3, with no capability. */
const syn = (changes: Partial<TcpSyn> = {}): TcpSyn => ({
  sender: { nodeId: "e04ec2cc59", capabilities: [], tags: [] },
  receiver: { tags: [] },
  source: "192.168.192.253/32",
  destination: "192.168.255.1",
  port: 8729,
  ...changes,
});
const holding = (capabilities: string[], tags: string[] = []) => ({ nodeId: "e04ec2cc59", capabilities, tags });

describe("ZeroTier's flow rules, for a TCP SYN to a router's API", () => {
  describe("the talk's rules", () => {
    it("let a member with the admin capability open the API", () => {
      expect(tcpSynVerdict(talkRules(), syn({ sender: holding(["admin"]) }))).to.deep.equal({ outcome: "accept" });
    });

    it("drop a member with gitlabssh alone at the break, since no capability of its accepts port 8729", () => {
      expect(tcpSynVerdict(talkRules(), syn({ sender: holding(["gitlabssh"]) }))).to.deep.equal({
        outcome: "drop",
        by: ["break chr tcp_syn and not chr tcp_ack;"],
      });
    });

    it("let the same member open port 22, which gitlabssh accepts", () => {
      expect(tcpSynVerdict(talkRules(), syn({ sender: holding(["gitlabssh"]), port: 22 }))).to.deep.equal({
        outcome: "accept",
      });
    });

    it("pass a SYN-ACK on the base rules alone, with no capability", () => {
      expect(tcpSynVerdict(talkRules(), syn({ ack: true }))).to.deep.equal({ outcome: "accept" });
    });

    it("cannot tell for a member whose capabilities are unknown: Central may have given it admin", () => {
      expect(tcpSynVerdict(talkRules(), syn({ sender: {} }))).to.deep.equal({ outcome: "undecided" });
    });
  });

  it("drops in the base rules what a capability would accept: capabilities come after them", () => {
    const rules = "drop ipdest 192.168.255.0/24 and dport 8729;\ncap admin id 1 accept; ;\naccept;";
    expect(tcpSynVerdict(rules, syn({ sender: holding(["admin"]) }))).to.deep.equal({
      outcome: "drop",
      by: ["drop ipdest 192.168.255.0/24 and dport 8729;"],
    });
  });

  it("ends only that capability at a capability's drop, and lets another accept", () => {
    const rules = [
      "break chr tcp_syn;",
      "cap nossl id 1 drop dport 8729; accept; ;",
      "cap admin id 2 accept; ;",
      "accept;",
    ].join("\n");
    expect(tcpSynVerdict(rules, syn({ sender: holding(["nossl"]) }))).to.deep.equal({
      outcome: "drop",
      by: ["break chr tcp_syn;"],
    });
    expect(tcpSynVerdict(rules, syn({ sender: holding(["nossl", "admin"]) }))).to.deep.equal({ outcome: "accept" });
  });

  it("sends to the capabilities what a break takes, and what no rule takes at all", () => {
    expect(tcpSynVerdict("break dport 8729;\naccept;", syn())).to.deep.equal({
      outcome: "drop",
      by: ["break dport 8729;"],
    });
    expect(tcpSynVerdict("break dport 8729;\naccept;", syn({ port: 22 }))).to.deep.equal({ outcome: "accept" });
    expect(tcpSynVerdict("accept dport 22;", syn())).to.deep.equal({ outcome: "drop", by: [] });
  });

  it("reads matches left to right, `not` and `or` going with the match that follows", () => {
    // (dport 8729 or udp) and 10.0.0.0/8, not dport 8729 or (udp and 10.0.0.0/8)
    expect(tcpSynVerdict("drop dport 8729 or ipprotocol udp and ipdest 10.0.0.0/8;\naccept;", syn())).to.deep.equal({
      outcome: "accept",
    });
    expect(tcpSynVerdict("drop not ipprotocol tcp or dport 8729;\naccept;", syn())).to.deep.equal({
      outcome: "drop",
      by: ["drop not ipprotocol tcp or dport 8729;"],
    });
  });

  it("finds no IPv6 address and no ICMP type in an IPv4 TCP packet, `not` or not", () => {
    expect(
      tcpSynVerdict("drop not ipsrc fd00::/8;\ndrop not ipdest fd00::/8;\ndrop not icmp 8 -1;\naccept;", syn()),
    ).to.deep.equal({
      outcome: "accept",
    });
  });

  it("knows the address of a member given one in a prefix only as that prefix", () => {
    const somewhere = syn({ source: "192.168.192.0/24" });
    expect(tcpSynVerdict("drop ipsrc 192.168.0.0/16;\naccept;", somewhere)).to.deep.equal({
      outcome: "drop",
      by: ["drop ipsrc 192.168.0.0/16;"],
    });
    expect(tcpSynVerdict("drop ipsrc 192.168.192.128/25;\naccept;", somewhere)).to.deep.equal({ outcome: "undecided" });
    expect(tcpSynVerdict("drop ipsrc 10.0.0.0/8;\naccept;", somewhere)).to.deep.equal({ outcome: "accept" });
  });

  it("holds `chr inbound` on the receiver's side only, which filters the packet too", () => {
    expect(tcpSynVerdict("drop chr inbound and dport 8729;\naccept;", syn())).to.deep.equal({
      outcome: "drop",
      by: ["drop chr inbound and dport 8729;"],
    });
    expect(tcpSynVerdict("accept chr inbound;\naccept ipprotocol udp;", syn())).to.deep.equal({
      outcome: "drop",
      by: [],
    });
  });

  describe("tags", () => {
    const department = "tag department id 1000 enum 100 engineering enum 200 sales default 100 ;";

    it("gives a member its tag's default, and reads enum names in rules and members alike", () => {
      const rules = `${department}\ndrop not tseq department engineering;\naccept;`;
      expect(tcpSynVerdict(rules, syn())).to.deep.equal({ outcome: "accept" });
      expect(tcpSynVerdict(rules, syn({ sender: holding([], ["department=sales"]) }))).to.deep.equal({
        outcome: "drop",
        by: ["drop not tseq department engineering;"],
      });
    });

    it("leaves a drop on the receiver's tag to the receiver: the sender may not know that tag yet", () => {
      const sales = syn({ receiver: { tags: ["department=sales"] } });
      expect(tcpSynVerdict(`${department}\ndrop treq department engineering;\naccept;`, sales)).to.deep.equal({
        outcome: "accept",
      });
      expect(tcpSynVerdict(`${department}\ndrop treq department sales;\naccept;`, sales)).to.deep.equal({
        outcome: "drop",
        by: ["drop treq department sales;"],
      });
    });

    it("does not evaluate an `and` after a false match, whose unknown tag would have spared the drop", () => {
      const rules = [
        department,
        "cap admin id 1 accept; ;",
        "accept chr inbound;",
        "accept dport 22 and treq department sales;",
        "drop;",
      ].join("\n");
      const sales = syn({ sender: holding(["admin"]), receiver: { tags: ["department=sales"] } });
      expect(tcpSynVerdict(rules, sales)).to.deep.equal({ outcome: "drop", by: ["drop;"] });
    });

    it("compares both ends' values with a flag's bit", () => {
      const rules = "tag role id 7 flag 0 admin flag 1 audit ;\naccept tand role admin;";
      const from = holding([], ["role=3"]);
      expect(tcpSynVerdict(rules, syn({ sender: from, receiver: { tags: ["role=1"] } }))).to.deep.equal({
        outcome: "accept",
      });
      expect(tcpSynVerdict(rules, syn({ sender: from, receiver: { tags: ["role=2"] } }))).to.deep.equal({
        outcome: "drop",
        by: [],
      });
    });

    it("cannot tell on a member whose tags are unknown and whose tag has no default", () => {
      const rules = "tag zone id 3 enum 1 dmz ;\ndrop tseq zone dmz;\naccept;";
      expect(tcpSynVerdict(rules, syn({ sender: { nodeId: "e04ec2cc59", capabilities: [] } }))).to.deep.equal({
        outcome: "undecided",
      });
    });
  });

  it("includes a macro with its arguments, naming the macro's rule that drops", () => {
    const rules = "macro deny($port)\n  drop ipprotocol tcp and dport $port;\n;\ninclude deny(8729);\naccept;";
    expect(tcpSynVerdict(rules, syn())).to.deep.equal({
      outcome: "drop",
      by: ["drop ipprotocol tcp and dport $port;"],
    });
    expect(tcpSynVerdict(rules, syn({ port: 22 }))).to.deep.equal({ outcome: "accept" });
  });

  for (const [what, rules] of [
    ["a match on the source port", "drop ipprotocol tcp and sport 1024-65535;\naccept;"],
    ["a random match", "drop random 0.5;\naccept;"],
    ["a TCP flag besides SYN and ACK", "drop chr tcp_ece;\naccept;"],
    ["an action it does not read", "redirect 0123456789 dport 8729;\naccept;"],
    ["a match the compiler does not know", "drop dscp 46;\naccept;"],
    ["a capability the compiler would close at its first action", "cap early id 1 drop; accept; ;\ndrop;"],
    ["rules that do not parse", "cap admin id 1 accept;"],
  ]) {
    it(`cannot tell past ${what}, so never drops for it`, () => {
      expect(tcpSynVerdict(rules, syn())).to.deep.equal({ outcome: "undecided" });
    });
  }
});
