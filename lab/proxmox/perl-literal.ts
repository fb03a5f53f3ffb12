/**
 * Reads the constant Perl data that PVE's API modules declare their methods with: hashes, arrays,
 * quoted strings joined with `.`, numbers, barewords before `=>`, `qw(…)`, and `$name` for a
 * variable the module declares itself. Anything else (a call, an interpolating string) is refused
 * with where it stands, so an extraction never guesses.
 */

export type PerlValue = string | number | PerlValue[] | { [key: string]: PerlValue };

type Token =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "word"; value: string }
  | { kind: "variable"; value: string }
  | { kind: "punct"; value: string };

export class PerlLiteralError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new PerlLiteralError(`${why} at «${text.slice(i, i + 60)}»`);
  };
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) fail("unterminated string");
        if (text[i] === "\\" && (text[i + 1] === "'" || text[i + 1] === "\\")) {
          value += text[i + 1];
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else value += text[i++];
      }
      tokens.push({ kind: "string", value });
    } else if (c === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) fail("unterminated string");
        const d = text[i];
        if (d === "\\") {
          const e = text[i + 1];
          value += e === "n" ? "\n" : e === "t" ? "\t" : e;
          i += 2;
        } else if (d === '"') {
          i++;
          break;
        } else if (d === "$" || d === "@") {
          fail("interpolation");
        } else value += text[i++];
      }
      tokens.push({ kind: "string", value });
    } else if (text.startsWith("=>", i)) {
      tokens.push({ kind: "punct", value: "=>" });
      i += 2;
    } else if ("{}[](),.".includes(c)) {
      tokens.push({ kind: "punct", value: c });
      i++;
    } else if (/[0-9]/.test(c)) {
      const number = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))?.[0] ?? "";
      tokens.push({ kind: "number", value: Number(number) });
      i += number.length;
    } else if (c === "$" && /[A-Za-z_]/.test(text[i + 1] ?? "")) {
      const name = /^[A-Za-z_]\w*/.exec(text.slice(i + 1))?.[0] ?? "";
      tokens.push({ kind: "variable", value: name });
      i += 1 + name.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][\w:]*/.exec(text.slice(i))?.[0] ?? "";
      i += word.length;
      if (word === "qw") {
        const open = text[i];
        const close = { "(": ")", "[": "]", "{": "}", "/": "/" }[open];
        if (!close) fail("qw without a delimiter");
        const end = text.indexOf(close as string, i + 1);
        if (end < 0) fail("unterminated qw");
        tokens.push({ kind: "punct", value: "(" });
        for (const item of text
          .slice(i + 1, end)
          .split(/\s+/)
          .filter((s) => s !== "")) {
          tokens.push({ kind: "string", value: item }, { kind: "punct", value: "," });
        }
        tokens.push({ kind: "punct", value: ")" });
        i = end + 1;
      } else tokens.push({ kind: "word", value: word });
    } else fail(`unexpected character '${c}'`);
  }
  return tokens;
}

/** Parses one Perl expression of constant data; `variables` resolves `$name`. */
export function parsePerlValue(text: string, variables: (name: string) => PerlValue = noVariables): PerlValue {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const fail = (why: string): never => {
    const near = tokens
      .slice(at, at + 6)
      .map((t) => String(t.value))
      .join(" ");
    throw new PerlLiteralError(`${why} near «${near}» in «${text.trim().slice(0, 80)}»`);
  };
  const isPunct = (value: string) => peek()?.kind === "punct" && peek()?.value === value;
  const expect = (value: string) => {
    if (!isPunct(value)) fail(`expected '${value}'`);
    at++;
  };

  /** A comma-separated list up to `close`; `key => value` pairs flatten into it, as in Perl. */
  const list = (close: string): PerlValue[] => {
    const items: PerlValue[] = [];
    while (!isPunct(close)) {
      const token = peek();
      if (!token) fail(`expected '${close}'`);
      const next = tokens[at + 1];
      if (token.kind === "word" && next?.kind === "punct" && next.value === "=>") {
        items.push(token.value);
        at++;
      } else if (token.kind === "punct" && token.value === "(") {
        at++;
        items.push(...list(")"));
        expect(")");
      } else items.push(expression());
      if (isPunct(",") || isPunct("=>")) at++;
      else if (!isPunct(close)) fail("expected ',' or '=>'");
    }
    return items;
  };

  const term = (): PerlValue => {
    const token = peek();
    if (!token) return fail("expected a value");
    at++;
    if (token.kind === "string" || token.kind === "number") return token.value;
    if (token.kind === "variable") return variables(token.value);
    if (token.kind === "punct" && token.value === "[") {
      const items = list("]");
      expect("]");
      return items;
    }
    if (token.kind === "punct" && token.value === "{") {
      const items = list("}");
      expect("}");
      if (items.length % 2 !== 0) fail("odd number of elements in a hash");
      const hash: { [key: string]: PerlValue } = {};
      for (let i = 0; i < items.length; i += 2) hash[String(items[i])] = items[i + 1];
      return hash;
    }
    at--;
    return fail("not constant data");
  };

  const expression = (): PerlValue => {
    let value = term();
    while (isPunct(".")) {
      at++;
      const right = term();
      if (typeof value === "object" || typeof right === "object") fail("'.' on a reference");
      value = `${value}${right}`;
    }
    return value;
  };

  const value = expression();
  if (isPunct(",")) at++;
  if (at !== tokens.length) fail("trailing text");
  return value;
}

function noVariables(name: string): never {
  throw new PerlLiteralError(`variable $${name} is not known`);
}
