/**
 * The reference's `pattern`s are Perl regexes as Perl stringifies them (`(?^:…)`, `(?^i:…)`), and
 * PVE matches them whole (`$value =~ m/^$pattern$/`). JavaScript has the same syntax for everything
 * they use once the caret groups become plain groups. Node's regexes cannot switch case-folding on
 * for one group, so a pattern with a `(?^i:…)` group is matched case-insensitively as a whole:
 * in every such pattern of the reference, the letters outside those groups are none.
 */

const compiled = new Map<string, RegExp>();

export function wholeMatch(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    let foldsCase = false;
    const js = pattern.replace(/\(\?\^([a-z]*):/g, (_, flags: string) => {
      foldsCase ||= flags.includes("i");
      return "(?:";
    });
    regex = new RegExp(`^(?:${js})$`, foldsCase ? "i" : "");
    compiled.set(pattern, regex);
  }
  return regex;
}
