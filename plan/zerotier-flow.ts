import { contains, lengthOf, overlaps, parseIpv4Cidr } from "../config/addressing";
import { type ParsedRules, parseRules, RulesError, type Token } from "./zerotier-rules";

/**
 * ZeroTier's flow rules, evaluated for one IPv4 TCP SYN as the nodes at both ends evaluate them
 * (ZeroTierOne node/Network.cpp): the sender filters it on the way out
 * (Network::filterOutgoingPacket), the receiver on the way in (Network::filterIncomingPacket,
 * where `chr inbound` holds), each running the base rules and then, when those end unmatched, the
 * rules of the sender's capabilities through _doZtFilter.
 *
 * The plan cannot know all of the packet: its source port, MAC addresses, frame size, TOS, VLAN,
 * the draw of `random`, the receiver's ZeroTier address, which TCP flags besides SYN and ACK it
 * carries, and whether the sender's addresses hold certificates of ownership (`chr ipauth`,
 * `chr macauth`). A match on those is unknown, and evaluation follows both ways from it; a verdict
 * is definite only when every way ends the same.
 */

/** A member of the network, as the rules see it: what is not given is unknown. */
export interface FlowMember {
  nodeId?: string;
  /** The capabilities it holds, by name; without them, it may hold any the rules declare, or none. */
  capabilities?: string[];
  /** Its tags, `name=value` as the stack writes them (a tag not given has its default, if any); without them, any. */
  tags?: string[];
}

export interface TcpSyn {
  sender: FlowMember;
  /** Its capabilities do not count: a receiver lets in what the sender's capabilities accept. */
  receiver: Omit<FlowMember, "capabilities">;
  /** The sender's address as a prefix: its own /32, or the one it is given an address in. */
  source: string;
  destination: string;
  port: number;
  /** ACK set as well: the answer to a SYN rather than a new connection. */
  ack?: boolean;
}

/**
 * A drop names the rules that drop the packet on some way, each as its source lines, trimmed: a
 * `drop`, or a `break` after which no capability accepts it; none when no rule takes it at all.
 */
export type FlowVerdict = { outcome: "accept" } | { outcome: "undecided" } | { outcome: "drop"; by: string[] };

/** A construct the evaluator does not read, or reads otherwise than the compiler might. */
class Unsupported extends Error {}

/** What one match says: its truth before `not`, or a truth ZeroTier gives whatever `not` says. */
type Said = { plain: boolean } | { hard: boolean; skipDrop?: boolean };
const plain = (known: boolean | undefined): Said[] =>
  known === undefined ? [{ plain: true }, { plain: false }] : [{ plain: known }];
/**
 * On the way out, a tag of the receiver's the sender does not know yet matches, and spares the
 * next drop the set reaches (_doZtFilter's skipDrop): the receiver filters again with it.
 */
const NOT_KNOWN_YET: Said = { hard: true, skipDrop: true };

/** A tag as one node holds it: its value, null when it holds none, undefined when its value is unknown. */
type TagHeld = number | null | undefined;

interface Side {
  inbound: boolean;
  syn: TcpSyn;
  /** The tag as the filtering node holds it, and as it knows the other end's. */
  local: (id: number) => TagHeld[];
  remote: (id: number) => TagHeld[];
}

type Test = (side: Side) => Said[];

interface Rule {
  action: "accept" | "drop" | "break";
  matches: { test: Test; not: boolean; or: boolean }[];
  line: string;
}

/** The packet's characteristics (`chr`), bit by bit: known, or undefined. */
function characteristic(bit: number, side: Side): boolean | undefined {
  switch (bit) {
    case 63:
      return side.inbound;
    case 62: // multicast
    case 61: // broadcast
      // The destination is the receiver's own MAC address.
      return false;
    case 1: // tcp_syn
      return true;
    case 4: // tcp_ack
      return side.syn.ack === true;
    case 60: // ipauth
    case 59: // macauth
      return undefined;
  }
  // The other TCP flags, NS and the reserved bits; no packet has the bits between them.
  return bit <= 11 ? undefined : false;
}

const CHARACTERISTICS: Record<string, number> = {
  inbound: 63,
  multicast: 62,
  broadcast: 61,
  ipauth: 60,
  macauth: 59,
  tcp_fin: 0,
  tcp_syn: 1,
  tcp_rst: 2,
  tcp_psh: 3,
  tcp_ack: 4,
  tcp_urg: 5,
  tcp_ece: 6,
  tcp_cwr: 7,
  tcp_ns: 8,
  tcp_rs2: 9,
  tcp_rs1: 10,
  tcp_rs0: 11,
};

const ETHERTYPES: Record<string, number> = {
  ipv4: 0x0800,
  arp: 0x0806,
  wol: 0x0842,
  rarp: 0x8035,
  ipv6: 0x86dd,
  atalk: 0x809b,
  aarp: 0x80f3,
  ipx_a: 0x8137,
  ipx_b: 0x8138,
};

const IP_PROTOCOLS: Record<string, number> = {
  icmp: 1,
  icmp4: 1,
  icmpv4: 1,
  igmp: 2,
  ipip: 4,
  tcp: 6,
  egp: 8,
  igp: 9,
  udp: 17,
  rdp: 27,
  esp: 50,
  ah: 51,
  icmp6: 58,
  icmpv6: 58,
  l2tp: 115,
  sctp: 132,
  udplite: 136,
};

/** A number as the compiler reads one (decimal, or hex after 0x), or one of `names`. */
function numberOf(text: string, max: number, names: Record<string, number> = {}): number {
  const value = Object.hasOwn(names, text)
    ? names[text]
    : /^\d+$/.test(text)
      ? Number(text)
      : /^0x[0-9a-f]+$/i.test(text)
        ? Number.parseInt(text.slice(2), 16)
        : Number.NaN;
  if (!(value >= 0 && value <= max)) throw new Unsupported(`"${text}" is no number from 0 to ${max}`);
  return value;
}

function rangeOf(text: string): [number, number] {
  const [low, high = low, ...rest] = text.split("-");
  const range: [number, number] = [numberOf(low, 0xffff), numberOf(high, 0xffff)];
  if (rest.length > 0 || range[1] < range[0]) throw new Unsupported(`"${text}" is no range`);
  return range;
}

function ztAddressOf(text: string): string {
  const hex = text.toLowerCase().replace(/[^0-9a-f]/g, "");
  if (hex.length !== 10) throw new Unsupported(`"${text}" is no ZeroTier address`);
  return hex;
}

/** An IPv4 prefix, or null for an IPv6 one, which no IPv4 packet matches whatever `not` says. */
function prefixOf(text: string): string | null {
  if (text.includes(":") && text.includes("/")) return null;
  if (!parseIpv4Cidr(text)) throw new Unsupported(`"${text}" is no prefix`);
  return text;
}

const always =
  (known: boolean | undefined): Test =>
  () =>
    plain(known);

/** Tag matches that compare the filtering node's tag with the other end's. */
const PAIRED: Record<string, (local: number, remote: number, value: number) => boolean> = {
  tdiff: (l, r, v) => Math.abs(l - r) <= v,
  tand: (l, r, v) => (l & r) >>> 0 === v,
  tor: (l, r, v) => (l | r) >>> 0 === v,
  txor: (l, r, v) => (l ^ r) >>> 0 === v,
  teq: (l, r, v) => l === v && r === v,
};

function tagTest(kind: string, [name, text]: string[], parsed: ParsedRules): Test {
  const declared = Object.hasOwn(parsed.tagsByName, name) ? parsed.tagsByName[name] : undefined;
  const id = declared ? declared.id : numberOf(name, 0xffffffff);
  const flagMasks = Object.fromEntries(Object.entries(declared?.flags ?? {}).map(([f, bit]) => [f, 2 ** bit]));
  const value = numberOf(text, 0xffffffff, { ...declared?.enums, ...flagMasks });
  const equal = (held: number | undefined) => plain(held === undefined ? undefined : held === value);
  if (kind === "tseq" || kind === "treq")
    return (side) => {
      // The sender checks its own tag for tseq, the receiver's for treq; the receiver the other way round.
      if ((kind === "tseq") !== side.inbound)
        return side.local(id).flatMap((held) => (held === null ? [{ hard: false }] : equal(held)));
      return side
        .remote(id)
        .flatMap((held) => (held !== null ? equal(held) : kind === "treq" ? [NOT_KNOWN_YET] : [{ hard: false }]));
    };
  return (side) =>
    side.local(id).flatMap((local): Said[] =>
      local === null
        ? [{ hard: false }]
        : side.remote(id).flatMap((remote) => {
            if (remote === null) return side.inbound ? [{ hard: false }] : [NOT_KNOWN_YET];
            return plain(local === undefined || remote === undefined ? undefined : PAIRED[kind](local, remote, value));
          }),
    );
}

/** Each match the compiler knows, with its number of arguments and its test of the packet. */
const MATCHES = new Map<string, { arity: number; test: (args: string[], parsed: ParsedRules) => Test }>([
  [
    "ztsrc",
    {
      arity: 1,
      test: ([a]) => {
        const address = ztAddressOf(a);
        return ({ syn }) => plain(syn.sender.nodeId === undefined ? undefined : syn.sender.nodeId === address);
      },
    },
  ],
  [
    "ztdest",
    {
      arity: 1,
      test: ([a]) => {
        const address = ztAddressOf(a);
        return ({ syn }) => plain(syn.receiver.nodeId === undefined ? undefined : syn.receiver.nodeId === address);
      },
    },
  ],
  ["vlan", { arity: 1, test: () => always(undefined) }],
  // The nodes do not read these yet: they match a rule's value of 0 only.
  ["vlanpcp", { arity: 1, test: ([v]) => always(numberOf(v, 0xffffffff) === 0) }],
  ["vlandei", { arity: 1, test: ([v]) => always(numberOf(v, 0xffffffff) === 0) }],
  ["ethertype", { arity: 1, test: ([t]) => always(numberOf(t, 0xffffffff, ETHERTYPES) === ETHERTYPES.ipv4) }],
  ["macsrc", { arity: 1, test: () => always(undefined) }],
  ["macdest", { arity: 1, test: () => always(undefined) }],
  [
    "ipsrc",
    {
      arity: 1,
      test: ([p]) => {
        const prefix = prefixOf(p);
        return ({ syn }) => {
          if (prefix === null) return [{ hard: false }];
          if (!overlaps(prefix, syn.source)) return plain(false);
          return plain(lengthOf(prefix) <= lengthOf(syn.source) ? true : undefined);
        };
      },
    },
  ],
  [
    "ipdest",
    {
      arity: 1,
      test: ([p]) => {
        const prefix = prefixOf(p);
        return ({ syn }) => (prefix === null ? [{ hard: false }] : plain(contains(prefix, syn.destination)));
      },
    },
  ],
  ["iptos", { arity: 2, test: () => always(undefined) }],
  ["ipprotocol", { arity: 1, test: ([p]) => always(numberOf(p, 0xffffffff, IP_PROTOCOLS) === IP_PROTOCOLS.tcp) }],
  // An ICMP match is false for any other protocol, `not` or not.
  ["icmp", { arity: 2, test: () => () => [{ hard: false }] }],
  [
    "sport",
    {
      arity: 1,
      test: ([r]) => {
        const [low, high] = rangeOf(r);
        return always(low === 0 && high === 0xffff ? true : undefined);
      },
    },
  ],
  [
    "dport",
    {
      arity: 1,
      test: ([r]) => {
        const [low, high] = rangeOf(r);
        return ({ syn }) => plain(syn.port >= low && syn.port <= high);
      },
    },
  ],
  [
    "chr",
    {
      arity: 1,
      test: ([c]) => {
        const bits = c
          .split(",")
          .filter((b) => b !== "")
          .map((b) => numberOf(b, 63, CHARACTERISTICS));
        // It matches when the packet has any of the bits.
        return (side) => {
          const has = bits.map((bit) => characteristic(bit, side));
          return plain(has.includes(true) ? true : has.includes(undefined) ? undefined : false);
        };
      },
    },
  ],
  ["framesize", { arity: 1, test: () => always(undefined) }],
  ["random", { arity: 1, test: () => always(undefined) }],
  ...["tand", "tor", "txor", "tdiff", "teq", "tseq", "treq"].map(
    (kind): [string, { arity: number; test: (args: string[], parsed: ParsedRules) => Test }] => [
      kind,
      { arity: 2, test: (args, parsed) => tagTest(kind, args, parsed) },
    ],
  ),
]);

/** Matches read left to right: `and` is the default, and `not` and `or` go with the match that follows. */
function matchesOf(words: string[], parsed: ParsedRules): Rule["matches"] {
  const matches: Rule["matches"] = [];
  let not = false;
  let or = false;
  for (let k = 0; k < words.length; k++) {
    const word = words[k];
    if (word === "and") continue;
    if (word === "not") not = true;
    else if (word === "or") or = true;
    else {
      const match = MATCHES.get(word);
      if (!match) throw new Unsupported(`no match "${word}"`);
      const args = words.slice(k + 1, k + 1 + match.arity);
      if (args.length < match.arity) throw new Unsupported(`${word} wants ${match.arity} arguments`);
      matches.push({ test: match.test(args, parsed), not, or });
      k += match.arity;
      not = false;
      or = false;
    }
  }
  return matches;
}

type Block = "base" | "capability" | "macro";

/**
 * A block's statements, `word [args] ;`: the base rules, or a capability's or a macro's. The
 * compiler ends a block at the `;` of an action without matches or of an include, so only where
 * that is the block's end (the base rules' end is the source's) does it read the block as written.
 */
function statementsOf(tokens: Token[], parsed: ParsedRules, block: Block) {
  const statements: { word: Token; args: Token[]; end: Token }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i].text;
    if (block === "base" && word === ";") continue;
    // `default` gives the capability to members as they join; the plan knows which members hold which.
    if (block === "capability" && word === "default") continue;
    const end = tokens.findIndex((t, j) => j > i && t.text === ";");
    if (end < 0) throw new Unsupported(`"${word}" is not closed with ";"`);
    const last =
      block === "base"
        ? parsed.tokens.slice(parsed.tokens.indexOf(tokens[end]) + 1).every((t) => t.text === ";")
        : end === tokens.length - 1;
    if ((end === i + 1 || (word === "include" && block !== "base")) && !last)
      throw new Unsupported(`rules follow "${word};"`);
    statements.push({ word: tokens[i], args: tokens.slice(i + 1, end), end: tokens[end] });
    i = end;
  }
  return statements;
}

/** A block's rules, macros included where `include NAME(args)` names them. */
function rulesOf(
  tokens: Token[],
  parsed: ParsedRules,
  block: Block,
  args: Record<string, string> = {},
  including: string[] = [],
): Rule[] {
  return statementsOf(tokens, parsed, block).flatMap(({ word, args: argTokens, end }) => {
    const words = argTokens.map(({ text }) => {
      if (!text.startsWith("$")) return text;
      if (!Object.hasOwn(args, text)) throw new Unsupported(`${text} is no argument of a macro`);
      return args[text];
    });
    if (word.text === "include") {
      const [name, list = ""] = (words[0] ?? "").split("(");
      const macro = Object.hasOwn(parsed.macros, name) ? parsed.macros[name] : undefined;
      if (words.length !== 1 || !macro || including.includes(name)) throw new Unsupported(`include ${words.join(" ")}`);
      const values = list.split(/[,)]+/).filter((v) => v !== "");
      if (values.length < macro.params.length) throw new Unsupported(`macro ${name}: arguments missing`);
      const bound = Object.fromEntries(macro.params.map((param, p) => [param, values[p]]));
      return rulesOf(macro.rules, parsed, "macro", bound, [...including, name]);
    }
    if (word.text !== "accept" && word.text !== "drop" && word.text !== "break")
      throw new Unsupported(`no action "${word.text}"`);
    const line = parsed.lines
      .slice(word.line, end.line + 1)
      .map((l) => l.trim())
      .filter((l) => l !== "")
      .join(" ");
    return [{ action: word.text, matches: matchesOf(words, parsed), line }];
  });
}

type Ending = { ends: "accept" } | { ends: "drop" | "unmatched"; line?: string };

/**
 * One set of rules, as _doZtFilter runs it: matches fold into the set's truth left to right (an
 * `and` after a false one is not evaluated), and an action is taken when the set holds, else the
 * next set starts true. Unknown matches fork the run; runs in the same state are merged.
 */
function run(rules: Rule[], side: Side): Ending[] {
  const endings: Ending[] = [];
  let states = [{ holds: true, skipDrop: false }];
  const merged = (all: typeof states) =>
    all.filter((s, k) => all.findIndex((t) => t.holds === s.holds && t.skipDrop === s.skipDrop) === k);
  for (const rule of rules) {
    for (const { test, not, or } of rule.matches) {
      states = merged(
        states.flatMap((state) => {
          if (!state.holds && !or) return [state];
          return test(side).map((said) => {
            const yes = "hard" in said ? said.hard : said.plain !== not;
            return {
              holds: or ? state.holds || yes : state.holds && yes,
              skipDrop: state.skipDrop || ("skipDrop" in said && said.skipDrop === true),
            };
          });
        }),
      );
    }
    states = merged(
      states.flatMap((state) => {
        if (!state.holds) return [{ holds: true, skipDrop: state.skipDrop }];
        if (rule.action === "drop" && state.skipDrop) return [{ holds: true, skipDrop: false }];
        if (rule.action === "accept") endings.push({ ends: "accept" });
        else endings.push({ ends: rule.action === "drop" ? "drop" : "unmatched", line: rule.line });
        return [];
      }),
    );
  }
  if (states.length > 0) endings.push({ ends: "unmatched" });
  return endings;
}

type Outcome = { accepted: true } | { accepted: false; by?: string };

/**
 * One end's filter: the base rules, then, when they end unmatched, the sender's capabilities, any
 * of which may accept (a capability's drop only ends that capability); what none accepts is dropped.
 */
function filtered(base: Rule[], capabilities: Rule[][], mayHoldNone: boolean, side: Side): Outcome[] {
  return run(base, side).flatMap((ending): Outcome[] => {
    if (ending.ends === "accept") return [{ accepted: true }];
    if (ending.ends === "drop") return [{ accepted: false, by: ending.line }];
    const accepts = capabilities.map((rules) => run(rules, side).map((e) => e.ends === "accept"));
    const may = accepts.some((a) => a.includes(true));
    const must = !mayHoldNone && accepts.some((a) => !a.includes(false));
    return [
      ...(may ? [{ accepted: true as const }] : []),
      ...(must ? [] : [{ accepted: false as const, by: ending.line }]),
    ];
  });
}

/** A member's tags by id, its tags' defaults for those it is not given; undefined when unknown. */
function tagsOf(tags: string[] | undefined, parsed: ParsedRules): Map<number, number> | undefined {
  if (!tags) return undefined;
  const held = new Map<number, number>();
  for (const tag of tags) {
    const [name, value] = tag.split("=");
    const declared = Object.hasOwn(parsed.tagsByName, name) ? parsed.tagsByName[name] : undefined;
    if (!declared) throw new Unsupported(`no tag ${name}`);
    held.set(declared.id, numberOf(value, 0xffffffff, declared.enums));
  }
  for (const declared of Object.values(parsed.tagsByName))
    if (!held.has(declared.id) && declared.default !== null) held.set(declared.id, declared.default);
  return held;
}

function heldBy(tags: Map<number, number> | undefined): (id: number) => TagHeld[] {
  return (id) => (tags ? [tags.get(id) ?? null] : [undefined, null]);
}

/** Whether ZeroTier lets a TCP SYN from the sender through to the receiver, by the network's rules. */
export function tcpSynVerdict(rules: string, syn: TcpSyn): FlowVerdict {
  let sent: Outcome[];
  let received: Outcome[];
  try {
    const parsed = parseRules(rules);
    const base = rulesOf(parsed.base, parsed, "base");
    // Every block is read, held or not: one the compiler reads otherwise changes the base rules too.
    for (const macro of Object.values(parsed.macros)) statementsOf(macro.rules, parsed, "macro");
    const declared = new Map(
      Object.entries(parsed.capabilityRules).map(([name, tokens]) => [name, rulesOf(tokens, parsed, "capability")]),
    );
    const capabilities = (syn.sender.capabilities ?? [...declared.keys()]).map((name) => {
      const held = declared.get(name);
      if (!held) throw new Unsupported(`no capability ${name}`);
      return held;
    });
    const sender = heldBy(tagsOf(syn.sender.tags, parsed));
    const receiver = heldBy(tagsOf(syn.receiver.tags, parsed));
    const mayHoldNone = syn.sender.capabilities === undefined;
    // The sender may not have the receiver's tags yet; the receiver has the sender's, pushed with its frames.
    const receiversAsSent = (id: number) => [...new Set([...receiver(id), null])];
    sent = filtered(base, capabilities, mayHoldNone, { inbound: false, syn, local: sender, remote: receiversAsSent });
    received = filtered(base, capabilities, mayHoldNone, { inbound: true, syn, local: receiver, remote: sender });
  } catch (error) {
    if (error instanceof RulesError || error instanceof Unsupported) return { outcome: "undecided" };
    throw error;
  }
  const leaves = sent.some((o) => o.accepted);
  const dropped = [...sent, ...(leaves ? received : [])].flatMap((o) => (o.accepted ? [] : [o]));
  if (dropped.length === 0) return { outcome: "accept" };
  if (leaves && received.some((o) => o.accepted)) return { outcome: "undecided" };
  return { outcome: "drop", by: [...new Set(dropped.flatMap((o) => (o.by === undefined ? [] : [o.by])))] };
}
