import { expect } from "chai";
import { declaredNames, parseRules, type Token } from "../../plan/zerotier-rules";

// The talk's capabilities, as a network's rules source declares them.
const talkRules = `
# Operators' VPN
tag department
  id 1000
  enum 100 engineering
  enum 200 sales
  flag 0 contractor
  default 100
;
cap admin
  id 1
  accept;
;
cap gitlabssh
  id 2
  accept ipprotocol tcp and dport 22;
;
drop not ethertype ipv4 and not ethertype arp;
accept;
`;

describe("the capabilities and tags a ZeroTier rules source declares", () => {
  it("takes each capability's and tag's id, enums, flags and default by name", () => {
    expect(declaredNames(talkRules)).to.deep.equal({
      capabilitiesByName: { admin: 1, gitlabssh: 2 },
      tagsByName: {
        department: { id: 1000, enums: { engineering: 100, sales: 200 }, flags: { contractor: 0 }, default: 100 },
      },
    });
  });

  it("declares nothing in rules without capabilities or tags", () => {
    expect(declaredNames("accept;\n")).to.deep.equal({ capabilitiesByName: {}, tagsByName: {} });
  });

  it("reads the base rules apart from the capabilities and macros, a capability without rules closed at its ;", () => {
    const parsed = parseRules(
      "cap none id 1 ;\nmacro open($port) accept dport $port; ;\ndrop not ethertype ipv4;\ncap admin id 2 accept; ;\naccept;",
    );
    const texts = (tokens: Token[]) => tokens.map((t) => t.text).join(" ");
    expect(texts(parsed.base)).to.equal("drop not ethertype ipv4 ; accept ;");
    expect(parsed.base[0]).to.deep.equal({ text: "drop", line: 2 });
    expect({ none: texts(parsed.capabilityRules.none), admin: texts(parsed.capabilityRules.admin) }).to.deep.equal({
      none: "",
      admin: "accept ;",
    });
    expect(parsed.macros.open.params).to.deep.equal(["$port"]);
    expect(texts(parsed.macros.open.rules)).to.equal("accept dport $port ;");
  });

  for (const [source, error] of [
    ["cap admin id 1 accept; ;\ncap root id 1 accept; ;", "cap root: id 1 is taken"],
    ["cap admin id 1 accept; ;\ntag admin id 7 ;", "tag admin: the name is declared twice"],
    ["cap admin accept; ;", "cap admin: its id must follow its name"],
    ["cap admin id one accept; ;", 'cap admin: expected a number, got "one"'],
    ["cap admin id 1 accept;", 'cap admin: not closed with a ";" of its own'],
    ["tag zone id 3 enum 1 ;", "tag zone: enum 1 has no name"],
    ["macro open accept;", 'macro open: not closed with a ";" of its own'],
  ] as const) {
    it(`refuses ${JSON.stringify(source)}: ${error}`, () => {
      expect(() => declaredNames(source)).to.throw(error);
    });
  }
});
