/**
 * Print queries: `?name=value`, `?=name=value`, `?name` (has), `?-name` (has not), `?<name=value`,
 * `?>name=value` push a truth value per row; `?#…` combines the stack (`!` not, `&` and, `|` or,
 * digits copy the value at that depth, `.` duplicates). A row matches when every value left on
 * the stack is true; no query matches every row.
 */

type Row = Readonly<Record<string, string>>;
type Step = (row: Row, stack: boolean[]) => void;

export function compileQuery(words: readonly string[]): (row: Row) => boolean {
  const steps = words.map((word) => compileWord(word.slice(1)));
  return (row) => {
    const stack: boolean[] = [];
    for (const step of steps) step(row, stack);
    return stack.every(Boolean);
  };
}

function compileWord(text: string): Step {
  if (text.startsWith("#")) return compileOperations(text.slice(1));
  if (text.startsWith("-")) {
    const name = text.slice(1);
    return (row, stack) => stack.push(!(name in row));
  }
  const comparison = /^([<>=]?)([^=]*)(?:=(.*))?$/s.exec(text);
  const [, operator, name, value] = comparison ?? ["", "", text, undefined];
  if (value === undefined) return (row, stack) => stack.push(name in row);
  const holds = (c: number | undefined) =>
    c !== undefined && (operator === "<" ? c < 0 : operator === ">" ? c > 0 : c === 0);
  return (row, stack) => stack.push(name in row && holds(compareValues(row[name], value)));
}

/**
 * Numbers compare as numbers and text as text; a number and a word do not compare (only equality
 * can hold). A yes/no asked of a true/false field compares as the boolean.
 */
function compareValues(actual: string, wanted: string): number | undefined {
  const asBoolean = ({ yes: "true", no: "false" } as Record<string, string>)[wanted];
  const expected = asBoolean && (actual === "true" || actual === "false") ? asBoolean : wanted;
  const numeric = [actual, expected].filter((v) => /^-?\d+$/.test(v)).length;
  if (numeric === 2) return Number(actual) - Number(expected);
  if (numeric === 1) return actual === expected ? 0 : undefined;
  return actual < expected ? -1 : actual > expected ? 1 : 0;
}

function compileOperations(ops: string): Step {
  return (_row, stack) => {
    const top = () => stack[stack.length - 1] ?? false;
    const pop = () => stack.pop() ?? false;
    for (let i = 0; i < ops.length; ) {
      const digits = /^\d+/.exec(ops.slice(i))?.[0];
      if (digits) {
        i += digits.length;
        const value = stack[stack.length - 1 - Number(digits)] ?? false;
        if (i === ops.length) stack.splice(0, stack.length, value);
        else {
          stack.push(value);
          if (ops[i] === ".") i++;
        }
        continue;
      }
      const op = ops[i++];
      if (op === "!") stack.push(!pop());
      else if (op === "&" || op === "|") {
        const [a, b] = [pop(), pop()];
        stack.push(op === "&" ? a && b : a || b);
      } else if (op === ".") stack.push(top());
    }
  };
}
