import type { CheckLine } from "./checks";

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The checks as a Markdown table, the way `make lab-verify` prints them and the README shows them. */
export function checkTable(lines: CheckLine[]): string {
  const rows = lines.map((line, i) => [
    String(i + 1),
    line.check,
    line.from,
    line.to,
    line.passed ? "pass" : "FAIL",
    line.seconds === undefined ? "" : `${line.seconds.toFixed(1)} s`,
    line.detail,
  ]);
  const header = ["#", "check", "from", "to", "result", "time", "detail"];
  return [header, header.map(() => "---"), ...rows].map((row) => `| ${row.map(cell).join(" | ")} |`).join("\n");
}

export function summary(lines: CheckLine[]): string {
  const failed = lines.filter((l) => !l.passed).length;
  return failed === 0 ? `${lines.length} checks, all passed` : `${lines.length} checks, ${failed} FAILED`;
}
