import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runMain } from "../../lab/command-line";
import { pluginTrustBundle } from "../../providers/proxmox/plugin-trust";
import { stackKeys } from "../../providers/shared/stack-config";
import type { TlsTrust } from "../../providers/shared/tls";
import { stackConfig } from "../stack-config";

/**
 * Writes the roots the proxmoxve plugin is to verify a stack's cluster with, and prints the file's
 * path for SSL_CERT_FILE: `SSL_CERT_FILE="$(… --stack prod)" pulumi up --stack prod`. Prints
 * nothing for a stack without a Proxmox API or one that verifies nothing, which leaves Go's default.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stack: { type: "string" }, dir: { type: "string", default: ".plugin-trust" } },
  });
  const stack = values.stack;
  if (!stack) throw new Error("usage: plugin-trust --stack <stack> [--dir .plugin-trust]");
  const config = await stackConfig(stack, { secrets: false });
  const { proxmox } = stackKeys((key) => config[key], ["proxmox"]) as {
    proxmox?: { endpoint: string; tls?: Partial<TlsTrust> };
  };
  if (!proxmox) return;
  const bundle = await pluginTrustBundle(proxmox.endpoint, { insecure: false, ...proxmox.tls });
  if (bundle === undefined) return;
  const file = path.resolve(values.dir, `${stack}.pem`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bundle);
  console.log(file);
}

runMain(main);
