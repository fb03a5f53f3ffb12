import { parseArgs } from "node:util";
import { runMain, stopOnSignal } from "./command-line";
import { proxmoxClusterFor } from "./proxmox-cluster";
import { RouterOsLab } from "./routeros/lab";
import { readStackFile } from "./stack-file";

const usage = `Starts the emulators a lab stack points at, until interrupted.

  LAB_ROUTER_PASSWORD=… LAB_PROXMOX_TOKEN=… node -r sucrase/register/ts lab/main.ts --stack-file Pulumi.lab.yaml [--state-dir .lab/proxmox]

Every router of the stack gets an emulated router of its model on the API port the stack gives,
with the stack's API user and LAB_ROUTER_PASSWORD as its password. The hypervisors get an emulated
Proxmox VE cluster on the stack's endpoint, with the stack's token (secret LAB_PROXMOX_TOKEN) and an
SSH/SFTP server per node.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "stack-file": { type: "string" },
      "state-dir": { type: "string", default: ".lab/proxmox" },
      help: { type: "boolean" },
    },
  });
  const password = process.env.LAB_ROUTER_PASSWORD;
  const token = process.env.LAB_PROXMOX_TOKEN;
  if (values.help || !values["stack-file"] || password === undefined || token === undefined) {
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
      uplink: router.uplink,
      users: [{ name: config.routerApi.username, password }],
    })),
    log,
  });
  const cluster = proxmoxClusterFor(config, token, values["state-dir"]);
  await routers.start();
  await cluster?.start();
  if (cluster)
    log(`Proxmox VE cluster ${config.hypervisors.map((h) => h.name).join(", ")}: API on ${config.proxmox?.endpoint}`);
  log("lab ready");
  stopOnSignal(() => Promise.all([routers.stop(), cluster?.stop()]));
}

runMain(main);
