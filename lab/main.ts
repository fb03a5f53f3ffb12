import { parseArgs } from "node:util";
import { runMain, stopOnSignal } from "../cli/command-line";
import { readStackFile } from "../cli/stack-file";
import { LibreNmsLab } from "./librenms/api-server";
import { bmcFor, LAB_BMC_PORT, LAB_BMC_USER, proxmoxClusterFor } from "./proxmox-cluster";
import { RouterOsLab } from "./routeros/lab";
import { CentralLab } from "./zerotier/api-server";
import { joinRouters } from "./zerotier/router-joins";

const usage = `Starts the emulators a lab stack points at, until interrupted.

  LAB_ROUTER_PASSWORD=… LAB_PROXMOX_TOKEN=… [LAB_ZEROTIER_TOKEN=…] [LAB_LIBRENMS_TOKEN=…] node -r sucrase/register/ts lab/main.ts \
      --stack-file Pulumi.lab.yaml [--state-dir .lab/proxmox] [--bmc-port ${LAB_BMC_PORT}]

Every router of the stack gets an emulated router of its model on the API port the stack gives,
with the stack's API user and LAB_ROUTER_PASSWORD as its password. The hypervisors get an emulated
Proxmox VE cluster on the stack's endpoint, with the stack's token (secret LAB_PROXMOX_TOKEN) and an
SSH/SFTP server per node, and the nodes' BMCs as one Redfish service on the BMC port (plain HTTP,
user ${LAB_BMC_USER} with LAB_PROXMOX_TOKEN as its password), where a node's power can be cut. A stack with a ZeroTier network gets an emulated ZeroTier Central on its
endpoint, with LAB_ZEROTIER_TOKEN as its API token, which the routers' ZeroTier packages join. A
monitored stack gets an emulated LibreNMS on its endpoint, with LAB_LIBRENMS_TOKEN as its API token.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "stack-file": { type: "string" },
      "state-dir": { type: "string", default: ".lab/proxmox" },
      "bmc-port": { type: "string", default: String(LAB_BMC_PORT) },
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
  const zerotierToken = process.env.LAB_ZEROTIER_TOKEN;
  const librenmsToken = process.env.LAB_LIBRENMS_TOKEN;
  if ((config.zerotier && zerotierToken === undefined) || (config.monitoring && librenmsToken === undefined)) {
    console.log(usage);
    process.exitCode = 2;
    return;
  }
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
  const central =
    config.zerotier && zerotierToken !== undefined
      ? new CentralLab({ tokens: [zerotierToken], port: Number(new URL(config.zerotier.endpoint).port), log })
      : undefined;
  const librenms =
    config.monitoring && librenmsToken !== undefined
      ? new LibreNmsLab({ tokens: [librenmsToken], port: Number(new URL(config.monitoring.endpoint).port), log })
      : undefined;
  const bmc = cluster && bmcFor(cluster, token, Number(values["bmc-port"]));
  await routers.start();
  await cluster?.start();
  await bmc?.start();
  if (cluster)
    log(`Proxmox VE cluster ${config.hypervisors.map((h) => h.name).join(", ")}: API on ${config.proxmox?.endpoint}`);
  if (bmc) log(`the nodes' BMCs: Redfish on ${bmc.endpoint}, user ${LAB_BMC_USER}, LAB_PROXMOX_TOKEN its password`);
  await central?.start();
  // The routers' ZeroTier packages ask Central for their networks every few seconds, as real ones do.
  const joins = central && setInterval(() => joinRouters(routers.all(), central.central), 2000);
  if (central) log(`ZeroTier Central: API on ${central.endpoint}`);
  await librenms?.start();
  if (librenms) log(`LibreNMS: API on ${librenms.endpoint}`);
  log("lab ready");
  stopOnSignal(() => {
    clearInterval(joins);
    return Promise.all([routers.stop(), bmc?.stop(), cluster?.stop(), central?.stop(), librenms?.stop()]);
  });
}

runMain(main);
