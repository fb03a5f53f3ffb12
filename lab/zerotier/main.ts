import { parseArgs } from "node:util";
import { runMain, stopOnSignal } from "../../cli/command-line";
import { CentralLab } from "./api-server";

const usage = `Runs an emulated ZeroTier Central API (/api/v1 over HTTP) until interrupted.

  node -r sucrase/register/ts lab/zerotier/main.ts --token TOKEN [--token …] [--port PORT]
      [--listen ADDRESS] [--latency MS]

  --token   an API token that may call (repeatable)
  --port    default 0 (a free port, printed)
  --listen  address to listen on (default 127.0.0.1)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      token: { type: "string", multiple: true, default: [] },
      port: { type: "string", default: "0" },
      listen: { type: "string" },
      latency: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help || values.token.length === 0) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const lab = new CentralLab({ tokens: values.token, port: Number(values.port), host: values.listen, log });
  lab.knobs.latencyMs = Number(values.latency ?? 0);
  await lab.start();
  log(`ZeroTier Central on ${lab.endpoint}`);
  stopOnSignal(() => lab.stop());
}

runMain(main);
