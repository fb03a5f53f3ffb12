import * as path from "node:path";
import { ConfigError } from "../../config/load";
import { readStackFile } from "../../lab/stack-file";
import { topologyOf } from "../../plan/topology";
import { dotGraph } from "./dot-graph";
import { render } from "./render";

// `make diagram STACK=prod`: the stack's topology, from Pulumi.<stack>.yaml's checked plan, as
// docs/topology-<stack>.svg and .png (or under --out).
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const stack = option("stack");
if (!stack) {
  console.error("usage: diagram --stack <stack> [--out <folder>]");
  process.exit(2);
}
const root = path.resolve(__dirname, "../..");
const out = path.resolve(option("out") ?? path.join(root, "docs"));

async function main(): Promise<void> {
  const topology = topologyOf(readStackFile(path.join(root, `Pulumi.${stack}.yaml`)));
  for (const file of await render(dotGraph(topology), path.join(out, `topology-${stack}`)))
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error: Error) => {
  console.error(error instanceof ConfigError ? error.message : `diagram of stack ${stack}: ${error.message}`);
  process.exit(1);
});
