import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runMain, stopOnSignal } from "../../cli/command-line";
import type { ApiToken } from "./api-server";
import { DEFAULT_TEMPLATES, type TemplateSpec } from "./factory";
import { ProxmoxLab } from "./lab";
import { READ_ONLY_PRIVILEGES } from "./permissions";

const usage = `Runs an emulated Proxmox VE 9.1 cluster with Ceph until interrupted: its HTTPS API on one port,
and an SSH/SFTP server per node.

  node -r sucrase/register/ts lab/proxmox/main.ts --nodes PVE-1,PVE-2,PVE-3 --port 18006 --ssh-base-port 18022
      --token 'budgetcloud@pve!pulumi=SECRET' [--token …] [--read-only-token ID=SECRET …]
      [--authorized-key FILE …] [--state-dir DIR]
      [--template VMID:NAME:NODE[:OSTYPE[:STORAGE]] …] [--listen ADDRESS] [--task-ms MS] [--latency MS]
      [--unauthorized-delay MS]

  --nodes           node names; the first serves the API (default PVE-1,PVE-2,PVE-3)
  --port            HTTPS port of the API (default 8006; 0 picks a free one)
  --ssh-base-port   node i's SSH port is this plus i (default 0: free ports)
  --token           an API token, USER@REALM!NAME=SECRET, that may do everything (repeatable)
  --read-only-token an API token that holds only the read privileges previews need
                    (READ_ONLY_PRIVILEGES in lab/proxmox/permissions.ts, on every path)
  --authorized-key  an authorized_keys file whose keys may log in over SSH (repeatable)
  --state-dir       keeps the certificate, SSH host keys and snippets here across restarts
  --template        a cloud-init template the cluster starts with, on local-lvm unless a STORAGE is
                    named (repeatable; default 9000:ubuntu2204-cloudinit and 9001:windows2022-cloudinit
                    on the first node). PVE clones to another node only from shared storage.
  --listen          address to listen on (default 127.0.0.1)
  --task-ms         how long each task runs (default 50)
  --latency         hold back every answer this long (default 0)
  --unauthorized-delay  hold back 401 answers, as PVE does for 3000 ms (default 0)`;

function parseToken(text: string): ApiToken {
  const at = text.lastIndexOf("=");
  if (at <= 0 || !text.slice(0, at).includes("!")) throw new Error(`--token ${text}: expected USER@REALM!NAME=SECRET`);
  return { id: text.slice(0, at), secret: text.slice(at + 1) };
}

function parseTemplate(text: string): TemplateSpec {
  const [vmid, name, node, ostype, storage] = text.split(":");
  if (!/^\d+$/.test(vmid ?? "") || !name || !node) {
    throw new Error(`--template ${text}: expected VMID:NAME:NODE[:OSTYPE[:STORAGE]]`);
  }
  return { vmid: Number(vmid), name, node, ostype: ostype || undefined, storage: storage || undefined };
}

function authorizedKeys(files: readonly string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#")),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      nodes: { type: "string", default: "PVE-1,PVE-2,PVE-3" },
      port: { type: "string", default: "8006" },
      "ssh-base-port": { type: "string", default: "0" },
      token: { type: "string", multiple: true, default: [] },
      "read-only-token": { type: "string", multiple: true, default: [] },
      "authorized-key": { type: "string", multiple: true, default: [] },
      "state-dir": { type: "string" },
      template: { type: "string", multiple: true, default: [] },
      listen: { type: "string" },
      "task-ms": { type: "string" },
      latency: { type: "string" },
      "unauthorized-delay": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help || values.token.length + values["read-only-token"].length === 0) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const lab = new ProxmoxLab({
    nodes: values.nodes.split(",").filter((n) => n !== ""),
    port: Number(values.port),
    host: values.listen,
    tokens: [
      ...values.token.map(parseToken),
      ...values["read-only-token"].map((text) => ({ ...parseToken(text), privileges: READ_ONLY_PRIVILEGES })),
    ],
    sshAuthorizedKeys: authorizedKeys(values["authorized-key"]),
    sshBasePort: Number(values["ssh-base-port"]),
    stateDir: values["state-dir"],
    templates: values.template.length > 0 ? values.template.map(parseTemplate) : DEFAULT_TEMPLATES,
    taskDurationMs: values["task-ms"] === undefined ? undefined : Number(values["task-ms"]),
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  lab.knobs.latencyMs = Number(values.latency ?? 0);
  lab.knobs.unauthorizedDelayMs = Number(values["unauthorized-delay"] ?? 0);
  await lab.start();
  console.log(`Proxmox VE 9.1 lab: API on https://${values.listen ?? "127.0.0.1"}:${lab.port}/api2/json`);
  console.log(`certificate SHA-256 fingerprint: ${lab.certificate.fingerprint}`);
  for (const node of lab.state.nodes) {
    console.log(`${node}: SSH on port ${lab.sshPort(node)}, host key ${lab.sshHostKeyFingerprint(node)}`);
  }
  stopOnSignal(() => lab.stop());
}

runMain(main);
