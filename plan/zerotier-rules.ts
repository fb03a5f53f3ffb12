/**
 * What Central takes from a network's rules source besides its rules: the capabilities and tags
 * it declares, by name. In ZeroTier's rule language a capability is `cap NAME id N <rules> ;` and a
 * tag `tag NAME id N [enum VALUE NAME]… [flag BIT NAME]… [default VALUE] ;`, each block closed by
 * a `;` of its own. The plan checks members' names against it before Central is asked, and the
 * lab's Central takes its names from it as Central's rule compiler does; the rules themselves are
 * not compiled here.
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

export class RulesError extends Error {}

const tokensOf = (source: string) =>
  source
    .split("\n")
    .map((line) => line.replace(/#.*/, ""))
    .join("\n")
    .replace(/;/g, " ; ")
    .split(/\s+/)
    .filter((token) => token !== "");

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function numberAfter(tokens: string[], at: number, what: string): number {
  const value = tokens[at];
  if (value === undefined || !/^\d+$/.test(value))
    throw new RulesError(`${what}: expected a number, got "${value ?? "end of rules"}"`);
  return Number(value);
}

/** The capabilities and tags a rules source declares, refused as the rule compiler refuses them. */
export function declaredNames(source: string): DeclaredNames {
  const tokens = tokensOf(source);
  const capabilitiesByName: Record<string, number> = {};
  const tagsByName: Record<string, TagDefinition> = {};
  const ids = { cap: new Set<number>(), tag: new Set<number>() };
  for (let i = 0; i < tokens.length; i++) {
    const kind = tokens[i];
    if (kind !== "cap" && kind !== "tag") continue;
    const name = tokens[i + 1];
    const what = `${kind} ${name ?? ""}`.trim();
    if (name === undefined || !NAME.test(name))
      throw new RulesError(`${kind}: "${name ?? "end of rules"}" is not a name`);
    if (name in capabilitiesByName || name in tagsByName) throw new RulesError(`${what}: the name is declared twice`);
    if (tokens[i + 2] !== "id") throw new RulesError(`${what}: its id must follow its name`);
    const id = numberAfter(tokens, i + 3, what);
    if (ids[kind].has(id)) throw new RulesError(`${what}: id ${id} is taken`);
    ids[kind].add(id);
    if (kind === "cap") {
      capabilitiesByName[name] = id;
      // A capability's rules end at the `;` that stands alone after the last rule's own `;`.
      let j = i + 4;
      while (j < tokens.length && !(tokens[j] === ";" && tokens[j - 1] === ";")) j++;
      if (j >= tokens.length) throw new RulesError(`${what}: not closed with a ";" of its own`);
      i = j;
      continue;
    }
    const tag: TagDefinition = { id, enums: {}, flags: {}, default: null };
    let j = i + 4;
    for (; j < tokens.length && tokens[j] !== ";"; j += 3) {
      const word = tokens[j];
      if (word === "default") {
        tag.default = numberAfter(tokens, j + 1, what);
        j -= 1;
      } else if (word === "enum" || word === "flag") {
        const value = numberAfter(tokens, j + 1, what);
        const label = tokens[j + 2];
        if (label === undefined || !NAME.test(label)) throw new RulesError(`${what}: ${word} ${value} has no name`);
        (word === "enum" ? tag.enums : tag.flags)[label] = value;
      } else {
        throw new RulesError(`${what}: unexpected "${word}"`);
      }
    }
    if (j >= tokens.length) throw new RulesError(`${what}: not closed with ";"`);
    tagsByName[name] = tag;
    i = j;
  }
  return { capabilitiesByName, tagsByName };
}
