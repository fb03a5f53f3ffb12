import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

/** The picture formats a diagram is written in: SVG for the README and browsers, PNG for the rest. */
export const formats = ["svg", "png"] as const;

/**
 * Renders a DOT graph with Graphviz's `dot` (Debian's graphviz package) into `<base>.svg` and
 * `<base>.png`, and returns their paths.
 */
export async function render(dot: string, base: string): Promise<string[]> {
  fs.mkdirSync(path.dirname(base), { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const file = `${base}.${format}`;
    const run = promisify(execFile)("dot", [`-T${format}`, ...(format === "png" ? ["-Gdpi=110"] : []), "-o", file]);
    run.child.stdin?.end(dot);
    try {
      await run;
    } catch (error) {
      const { code, stderr } = error as { code?: string; stderr?: string };
      throw new Error(
        code === "ENOENT"
          ? "Graphviz's dot is not installed: apt-get install graphviz (make test installs it)"
          : `dot -T${format} refused the graph: ${stderr ?? error}`,
      );
    }
    written.push(file);
  }
  return written;
}
