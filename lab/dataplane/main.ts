import * as path from "node:path";
import { parseArgs } from "node:util";
import { runMain } from "../../cli/command-line";
import { readStackFile } from "../../cli/stack-file";
import { haRecoveryBoundMs, PVE_HA_TIMINGS } from "../proxmox/ha-stack";
import { LAB_BMC_PORT, LAB_BMC_USER } from "../proxmox-cluster";
import { clusterPower } from "./bmc-power";
import { dumpDevices } from "./device-dump";
import { DataPlane } from "./realize";
import { checkTable, summary } from "./table";
import { verifyDataPlane } from "./verify";

const usage = `The lab's data plane, built in network namespaces from what the emulated devices hold.

  LAB_ROUTER_PASSWORD=… LAB_PROXMOX_TOKEN=… [LAB_ZEROTIER_TOKEN=…] lab/dataplane/main.ts verify [--stack-file Pulumi.lab.yaml] [--no-faults] [--bmc URL]
  lab/dataplane/main.ts down

verify dumps every router and the Proxmox cluster through their APIs, builds the data plane
(replacing the one there), runs the checks and faults (a hypervisor's power is cut through the
nodes' BMCs, the Redfish service make lab serves) and prints the table; it exits 1 when a check
fails. down removes every namespace, link and daemon it made.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "stack-file": { type: "string", default: "Pulumi.lab.yaml" },
      "state-dir": { type: "string", default: path.join(".lab", "dataplane") },
      "no-faults": { type: "boolean", default: false },
      bmc: { type: "string", default: `http://127.0.0.1:${LAB_BMC_PORT}` },
      help: { type: "boolean" },
    },
  });
  const [command] = positionals;
  const stateDir = path.resolve(values["state-dir"]);
  if (command === "down") {
    new DataPlane(stateDir).destroy();
    console.log("lab data plane: removed");
    return;
  }
  const routerPassword = process.env.LAB_ROUTER_PASSWORD;
  const proxmoxTokenSecret = process.env.LAB_PROXMOX_TOKEN;
  if (values.help || command !== "verify" || routerPassword === undefined || proxmoxTokenSecret === undefined) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const config = readStackFile(values["stack-file"]);
  const dump = await dumpDevices(config, {
    routerPassword,
    proxmoxTokenSecret,
    zerotierToken: process.env.LAB_ZEROTIER_TOKEN,
  });
  console.log(`lab data plane: ${dump.routers.length} routers and ${dump.cluster.vms.length} VMs dumped; building it`);
  // make lab's cluster runs HA with PVE's own timings.
  const bmc = { endpoint: values.bmc, user: LAB_BMC_USER, password: proxmoxTokenSecret };
  const power = await clusterPower(config, proxmoxTokenSecret, bmc, haRecoveryBoundMs(PVE_HA_TIMINGS) / 1000);
  const { lines } = await verifyDataPlane({
    config,
    dump,
    stateDir,
    power,
    faults: !values["no-faults"],
    progress: (group) => {
      for (const line of group)
        console.error(`${line.passed ? "pass" : "FAIL"}  ${line.check}: ${line.from} → ${line.to}`);
    },
  });
  console.log(`\n${checkTable(lines)}\n\n${summary(lines)}; make lab-down removes the data plane.`);
  if (lines.some((l) => !l.passed)) process.exitCode = 1;
}

runMain(main);
