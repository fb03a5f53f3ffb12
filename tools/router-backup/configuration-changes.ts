import { diffArrays } from "diff";

/**
 * What changed between two exports of one router, a line each: `-` for what the earlier one held,
 * `+` for what the later one holds, each line after the menu it sits in so that it reads alone.
 * The exports' comments (the time they were taken, the model) are not configuration.
 */
export function configurationChanges(before: string, after: string): string[] {
  return diffArrays(menuLines(before), menuLines(after)).flatMap((part) =>
    part.added || part.removed ? part.value.map((line) => `${part.added ? "+" : "-"} ${line}`) : [],
  );
}

/** Each command of an export after its menu: `/ip address add address=…`. */
function menuLines(exported: string): string[] {
  let menu = "";
  const lines: string[] = [];
  for (const line of exported.replace(/\\\n\s*/g, "").split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("/")) menu = line;
    else lines.push(`${menu} ${line}`);
  }
  return lines;
}
