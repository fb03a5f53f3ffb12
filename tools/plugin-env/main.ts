import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runMain } from "../../cli/command-line";
import { pluginTrustBundle } from "../../providers/proxmox/plugin-trust";
import { stackKeys } from "../../providers/shared/stack-config";
import type { TlsTrust } from "../../providers/shared/tls";
import { withWriteCredentials, writeCredentials } from "../../providers/shared/write-credentials";
import { stackConfig } from "../stack-config";

const quoted = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * What the proxmoxve plugin takes from the environment of a stack's pulumi run, as shell lines to
 * eval: `eval "$(… --stack prod)" && pulumi up --stack prod`. Its API token (PROXMOX_VE_API_TOKEN):
 * the write token where the run holds one, else the stack's own, so that neither sits in the
 * state; and the roots it verifies the cluster with (SSL_CERT_FILE), written to `--dir`, since Go's
 * roots are its only way to a stack's CA or pin. Nothing for a stack without a Proxmox API.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stack: { type: "string" }, dir: { type: "string", default: ".plugin-trust" } },
  });
  const stack = values.stack;
  if (!stack) throw new Error("usage: plugin-env --stack <stack> [--dir .plugin-trust]");
  const config = await stackConfig(stack, { secrets: true });
  const get = withWriteCredentials((key) => config[key], writeCredentials(process.env));
  const { proxmox } = stackKeys(get, ["proxmox"]) as {
    proxmox?: { endpoint: string; tokenId: string; tls?: Partial<TlsTrust> };
  };
  if (!proxmox) return;
  const secret = get("budgetcloud:proxmoxTokenSecret");
  if (secret !== undefined) console.log(`export PROXMOX_VE_API_TOKEN=${quoted(`${proxmox.tokenId}=${secret}`)}`);
  const bundle = await pluginTrustBundle(proxmox.endpoint, { insecure: false, ...proxmox.tls });
  if (bundle === undefined) return;
  const file = path.resolve(values.dir, `${stack}.pem`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bundle);
  console.log(`export SSL_CERT_FILE=${quoted(file)}`);
}

runMain(main);
