import { parseArgs } from "node:util";
import { RouterOsLab } from "./routeros/lab";
import { readStackFile } from "./stack-file";

const usage = `Starts the emulators a lab stack points at, until interrupted.

  LAB_ROUTER_PASSWORD=… npx ts-node lab/main.ts --stack-file Pulumi.lab.yaml

Every router of the stack gets an emulated router of its model on the API port the stack gives,
with the stack's API user and LAB_ROUTER_PASSWORD as its password.`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "stack-file": { type: "string" }, help: { type: "boolean" } } });
  const password = process.env.LAB_ROUTER_PASSWORD;
  if (values.help || !values["stack-file"] || password === undefined) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = readStackFile(values["stack-file"]);
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
