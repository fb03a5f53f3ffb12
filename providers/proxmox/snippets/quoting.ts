/**
 * Literals for the languages the snippets are written in. Each function returns a complete literal
 * that reads back as exactly the value it was given, whatever that value holds; templates never
 * interpolate a value any other way.
 */

// Characters outside YAML's printable set, and the two that end or escape a double-quoted scalar.
// PyYAML (what cloud-init and cloudbase-init read with) rejects the rest of C0, DEL and C1 outright
// and folds NEL, LS and PS as line breaks, so those are written as escapes too.
const yamlEscaped = /["\\]|[^\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** A YAML double-quoted scalar. */
export function yamlString(value: string): string {
  return `"${value.replace(yamlEscaped, yamlEscape)}"`;
}

function yamlEscape(char: string): string {
  if (char === '"' || char === "\\") return `\\${char}`;
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${hex(code, 2)}`;
  if (code <= 0xffff) return `\\u${hex(code, 4)}`;
  return `\\U${hex(code, 8)}`;
}

const hex = (code: number, digits: number) => code.toString(16).toUpperCase().padStart(digits, "0");

/** A POSIX shell word in single quotes, where nothing is special but the closing quote. */
export function shellWord(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A PowerShell verbatim string. PowerShell also closes a single-quoted string on the typographic
 * single quotes U+2018 to U+201B; doubling any of them makes it literal.
 */
export function powerShellString(value: string): string {
  return `'${value.replace(/['\u2018-\u201b]/g, "$&$&")}'`;
}

/**
 * A word of a Net-SNMP configuration line (snmpd.conf): double-quoted, with a backslash before
 * the quote and the backslash, as its parser reads them back.
 */
export function snmpdWord(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
