/**
 * A network's rules source, read as ZeroTier's rule compiler (rule-compiler/rule-compiler.js) reads
 * it: the capabilities and tags it declares, by name, and the rules themselves as tokens, the base
 * rules apart from each capability's and macro's. A capability is `cap NAME id N <rules> ;`, a macro
 * `macro NAME($param,…) <rules> ;` and a tag `tag NAME id N [enum VALUE NAME]… [flag BIT NAME]…
 * [default VALUE] ;`, each block closed by a `;` of its own. The plan checks members' names against
 * the declarations before Central is asked, the lab's Central takes its names from them as
 * Central's rule compiler does, and plan/zerotier-flow.ts evaluates the rules.
 */

export interface TagDefinition {
  id: number;
  enums: Record<string, number>;
  flags: Record<string, number>;
  default: number | null;
}

export interface DeclaredNames {
  capabilitiesByName: Record<string, number>;
  tagsByName: Record<string, TagDefinition>;
}

/** A word of the source, or a `;`, with the line it is on (from 0). */
export interface Token {
  text: string;
  line: number;
}

export interface ParsedRules extends DeclaredNames {
  /** The base rules: every token outside the declarations. */
  base: Token[];
  /** Each capability's rules, by name, the `;` that closes the capability left out. */
  capabilityRules: Record<string, Token[]>;
  /** Each macro's parameters (`$name`) and rules, by name. */
  macros: Record<string, { params: string[]; rules: Token[] }>;
  /** The whole source's tokens, in order. */
  tokens: Token[];
  /** The source's lines, comments taken out. */
  lines: string[];
}

export class RulesError extends Error {}

const linesOf = (source: string) => source.split("\n").map((line) => line.replace(/#.*/, ""));

const tokensOf = (lines: string[]): Token[] =>
  lines.flatMap((text, line) =>
    text
      .replace(/;/g, " ; ")
      .split(/\s+/)
      .filter((token) => token !== "")
      .map((token) => ({ text: token, line })),
  );

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function numberAfter(tokens: string[], at: number, what: string): number {
  const value = tokens[at];
  if (value === undefined || !/^\d+$/.test(value))
    throw new RulesError(`${what}: expected a number, got "${value ?? "end of rules"}"`);
  return Number(value);
}

/** The capabilities and tags a rules source declares, refused as the rule compiler refuses them. */
export function declaredNames(source: string): DeclaredNames {
  const { capabilitiesByName, tagsByName } = parseRules(source);
  return { capabilitiesByName, tagsByName };
}

/**
 * Where a capability's or a macro's rules end: at the `;` that stands alone after the last rule's
 * own `;`, or at once for a block with no rules (the compiler closes a block at the first `;` that
 * is not a rule's).
 */
function closingOf(words: string[], from: number, what: string): number {
  if (words[from] === ";") return from;
  let j = from;
  while (j < words.length && !(words[j] === ";" && words[j - 1] === ";")) j++;
  if (j >= words.length) throw new RulesError(`${what}: not closed with a ";" of its own`);
  return j;
}

/** A rules source's declarations and rules, refused as the rule compiler refuses them. */
export function parseRules(source: string): ParsedRules {
  const lines = linesOf(source);
  const tokens = tokensOf(lines);
  const words = tokens.map((t) => t.text);
  const parsed: ParsedRules = {
    capabilitiesByName: {},
    tagsByName: {},
    base: [],
    capabilityRules: {},
    macros: {},
    tokens,
    lines,
  };
  const { capabilitiesByName, tagsByName, macros } = parsed;
  const ids = { cap: new Set<number>(), tag: new Set<number>() };
  for (let i = 0; i < words.length; i++) {
    const kind = words[i];
    if (kind === "macro") {
      const [name, params = ""] = (words[i + 1] ?? "").split("(");
      if (!NAME.test(name)) throw new RulesError(`macro: "${words[i + 1] ?? "end of rules"}" is not a name`);
      if (Object.hasOwn(macros, name)) throw new RulesError(`macro ${name}: the name is declared twice`);
      const end = closingOf(words, i + 2, `macro ${name}`);
      macros[name] = { params: params.split(/[,)]+/).filter((p) => p !== ""), rules: tokens.slice(i + 2, end) };
      i = end;
      continue;
    }
    if (kind !== "cap" && kind !== "tag") {
      parsed.base.push(tokens[i]);
      continue;
    }
    const name = words[i + 1];
    const what = `${kind} ${name ?? ""}`.trim();
    if (name === undefined || !NAME.test(name))
      throw new RulesError(`${kind}: "${name ?? "end of rules"}" is not a name`);
    if (name in capabilitiesByName || name in tagsByName) throw new RulesError(`${what}: the name is declared twice`);
    if (words[i + 2] !== "id") throw new RulesError(`${what}: its id must follow its name`);
    const id = numberAfter(words, i + 3, what);
    if (ids[kind].has(id)) throw new RulesError(`${what}: id ${id} is taken`);
    ids[kind].add(id);
    if (kind === "cap") {
      capabilitiesByName[name] = id;
      const end = closingOf(words, i + 4, what);
      parsed.capabilityRules[name] = tokens.slice(i + 4, end);
      i = end;
      continue;
    }
    const tag: TagDefinition = { id, enums: {}, flags: {}, default: null };
    let j = i + 4;
    for (; j < words.length && words[j] !== ";"; j += 3) {
      const word = words[j];
      if (word === "default") {
        tag.default = numberAfter(words, j + 1, what);
        j -= 1;
      } else if (word === "enum" || word === "flag") {
        const value = numberAfter(words, j + 1, what);
        const label = words[j + 2];
        if (label === undefined || !NAME.test(label)) throw new RulesError(`${what}: ${word} ${value} has no name`);
        (word === "enum" ? tag.enums : tag.flags)[label] = value;
      } else {
        throw new RulesError(`${what}: unexpected "${word}"`);
      }
    }
    if (j >= words.length) throw new RulesError(`${what}: not closed with ";"`);
    tagsByName[name] = tag;
    i = j;
  }
  return parsed;
}
