import * as path from "node:path";
import { parseArgs } from "node:util";
import { readStackFile } from "../../cli/stack-file";
import { ConfigError } from "../../config/load";
import { topologyOf } from "../../plan/topology";
import { dotGraph } from "./dot-graph";
import { render } from "./render";

// `make diagram STACK=prod`: the stack's topology, from Pulumi.<stack>.yaml's checked plan, as
// docs/topology-<stack>.svg and .png (or under --out).
const root = path.resolve(__dirname, "../..");
const { values } = parseArgs({
  options: { stack: { type: "string" }, out: { type: "string", default: path.join(root, "docs") } },
});
const { stack } = values;
if (!stack) {
  console.error("usage: diagram --stack <stack> [--out <folder>]");
  process.exit(2);
}
const out = path.resolve(values.out);

async function main(): Promise<void> {
  const topology = topologyOf(readStackFile(path.join(root, `Pulumi.${stack}.yaml`)));
  for (const file of await render(dotGraph(topology), path.join(out, `topology-${stack}`)))
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error: Error) => {
  console.error(error instanceof ConfigError ? error.message : `diagram of stack ${stack}: ${error.message}`);
  process.exit(1);
});
