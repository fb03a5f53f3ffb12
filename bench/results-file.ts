import * as fs from "node:fs";
import * as path from "node:path";

/** Puts a freshly measured table under the `<!-- results -->` marker of a bench's results.md. */
export function writeResults(benchDir: string, table: string): void {
  const file = path.join(benchDir, "results.md");
  const text = fs.readFileSync(file, "utf8");
  const marker = "<!-- results -->";
  fs.writeFileSync(file, `${text.slice(0, text.indexOf(marker) + marker.length)}\n${table}\n`);
}
