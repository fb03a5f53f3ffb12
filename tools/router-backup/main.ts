import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runMain } from "../../cli/command-line";
import { connectionTo } from "../../providers/routeros/client";
import { exportConfiguration } from "../../providers/routeros/configuration-export";
import { endpointsFromConfig } from "../../providers/routeros/endpoints";
import { stackKeys } from "../../providers/shared/stack-config";
import { withWriteCredentials, writeCredentials } from "../../providers/shared/write-credentials";
import { stackConfig } from "../stack-config";
import { backupFile } from "./backup-file";

/**
 * Each router's configuration as its own `/export` writes it (secrets hidden), kept before an up
 * changes it: `make up` and `make lab` keep them beside the state, in `<dir>/<stack>-routers/`,
 * and the pipelines keep that folder with the state as the job's artifact. A router that cannot be
 * read stops the up before it starts, naming the router.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stack: { type: "string" }, dir: { type: "string", default: "state-before-up" } },
  });
  const stack = values.stack;
  if (!stack) throw new Error("usage: router-backup --stack <stack> [--dir state-before-up]");
  const config = await stackConfig(stack, { secrets: true });
  // The backup is written to a file on each router: an up's write credentials do it.
  const endpointOf = endpointsFromConfig(withWriteCredentials((key) => config[key], writeCredentials(process.env)));
  const { routers } = stackKeys((key) => config[key], ["routers"]) as { routers?: { name: string }[] };
  const failures: string[] = [];
  await Promise.all(
    (routers ?? []).map(async ({ name }) => {
      const connection = connectionTo(endpointOf(name));
      try {
        const file = backupFile(values.dir, stack, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, await exportConfiguration(connection));
        console.log(`${name}: its configuration before this up: ${file}`);
      } catch (error) {
        failures.push(`${name}: no backup of its configuration: ${(error as Error).message}`);
      } finally {
        connection.close();
      }
    }),
  );
  if (failures.length > 0) throw new Error(failures.sort().join("\n"));
}

runMain(main);
