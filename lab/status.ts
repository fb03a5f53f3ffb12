import { parseArgs } from "node:util";
import { connectionTo } from "../providers/routeros/client";
import { exportText } from "../providers/routeros/export";
import { MenuCache } from "../providers/routeros/menu-cache";
import * as declared from "../providers/routeros/menus";
import { readStackFile } from "./stack-file";

// The order /export lists these menus in.
const exportOrder = [
  declared.bridge,
  declared.ethernet,
  declared.vrrp,
  declared.vxlan,
  declared.bridgePort,
  declared.vxlanVtep,
  declared.ipAddress,
  declared.firewallFilter,
  declared.natRule,
  declared.ospfInstance,
  declared.ospfArea,
  declared.ospfInterfaceTemplate,
];

/** What the lab's routers hold, as `/export` would print it: `make lab-status`. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "stack-file": { type: "string", default: "Pulumi.lab.yaml" } } });
  const config = readStackFile(values["stack-file"]);
  const password = process.env.LAB_ROUTER_PASSWORD ?? "";
  const cache = new MenuCache(declared.managedPaths);
  for (const router of config.routers) {
    const connection = connectionTo({
      name: router.name,
      host: router.host,
      port: router.port,
      username: config.routerApi.username,
      password,
      plaintext: config.routerApi.plaintext,
      tls: config.routerApi.tls,
      timeoutSeconds: config.routerApi.timeoutSeconds,
    });
    try {
      const version = await cache.version(connection);
      const rows = new Map(
        await Promise.all(exportOrder.map(async (m) => [m.path, await cache.rows(connection, m.path)] as const)),
      );
      console.log(`# ${router.name}, RouterOS ${version}, ${router.host}:${router.port ?? ""}`);
      console.log(exportText(exportOrder, (path) => rows.get(path) ?? [], version));
      console.log();
    } catch (error) {
      console.log(`# ${router.name}: ${(error as Error).message}\n`);
    } finally {
      connection.close();
    }
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
