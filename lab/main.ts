import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { parseStackConfig } from "../config/load";
import { RouterOsLab } from "./routeros/lab";

const usage = `Starts the emulators a lab stack points at, until interrupted.

  LAB_ROUTER_PASSWORD=… npx ts-node lab/main.ts --stack-file Pulumi.lab.yaml

Every router of the stack gets an emulated router of its model on the API port the stack gives,
with the stack's API user and LAB_ROUTER_PASSWORD as its password.`;

/** The stack file's structured config (secrets are the engine's to decrypt, not ours). */
function readStack(file: string) {
  const yaml = require("js-yaml") as { load(text: string): { config?: Record<string, unknown> } };
  const values: Record<string, string> = {};
  for (const [fullKey, value] of Object.entries(yaml.load(fs.readFileSync(file, "utf8")).config ?? {})) {
    const [namespace, key] = fullKey.split(":");
    if (namespace !== "budgetcloud" || (typeof value === "object" && value !== null && "secure" in value)) continue;
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  // Every secret counts as present: only the structure matters to the lab.
  const secrets = ["routerPassword", "ospfAuthKey", "proxmoxTokenSecret", "snippetsSshKey"];
  for (const secret of secrets) values[secret] = "lab";
  return parseStackConfig({ values, secret: new Set(secrets) }).config;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "stack-file": { type: "string" }, help: { type: "boolean" } } });
  const password = process.env.LAB_ROUTER_PASSWORD;
  if (values.help || !values["stack-file"] || password === undefined) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = readStack(values["stack-file"]);
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const routers = new RouterOsLab({
    routers: config.routers.map((router) => ({
      name: router.name,
      host: router.host,
      port: router.port ?? 8728,
      model: router.model,
      users: [{ name: config.routerApi.username, password }],
    })),
    log,
  });
  await routers.start();
  log("lab ready");
  const stop = () => routers.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
