/**
 * The reference's `pattern`s are Perl regexes as Perl stringifies them (`(?^:…)`, `(?^i:…)`), and
 * PVE matches them whole (`$value =~ m/^$pattern$/`). JavaScript has the same syntax for everything
 * they use once the caret groups become plain or flagged groups.
 */

const compiled = new Map<string, RegExp>();

export function wholeMatch(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    const js = pattern.replace(/\(\?\^([a-z]*):/g, (_, flags: string) => (flags ? `(?${flags}:` : "(?:"));
    regex = new RegExp(`^(?:${js})$`);
    compiled.set(pattern, regex);
  }
  return regex;
}
