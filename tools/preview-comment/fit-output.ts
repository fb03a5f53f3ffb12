/** Output cut down to a budget of characters; `trimmedLines` is 0 when it fitted whole. */
export interface FittedOutput {
  text: string;
  trimmedLines: number;
}

/**
 * Keeps the start of the output, where the resources are, and its end, where the CLI sums them up,
 * and drops whole lines in between, saying how many.
 */
export function fitOutput(output: string, budget: number): FittedOutput {
  const lines = output.split("\n");
  if (output.length <= budget) return { text: output, trimmedLines: 0 };
  const gap = (count: number) => `… ${count} line${count === 1 ? "" : "s"} trimmed …`;
  const room = budget - gap(lines.length).length - 2;
  const head = takeLines(lines, Math.floor((room * 3) / 4));
  const tail = takeLines([...lines].reverse(), room - joinedLength(head)).reverse();
  const trimmedLines = lines.length - head.length - tail.length;
  return { text: [...head, gap(trimmedLines), ...tail].join("\n"), trimmedLines };
}

function takeLines(lines: string[], budget: number): string[] {
  const taken: string[] = [];
  let used = 0;
  for (const line of lines) {
    used += line.length + 1;
    if (used > budget) break;
    taken.push(line);
  }
  return taken;
}

function joinedLength(lines: string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0);
}
