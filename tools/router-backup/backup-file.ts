import * as path from "node:path";

/** Where a router's export before an up is kept: `<dir>/<stack>-routers/<router>.rsc`. */
export function backupFile(dir: string, stack: string, router: string): string {
  return path.join(dir, `${stack}-routers`, `${router}.rsc`);
}
