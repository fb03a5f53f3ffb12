import { parseArgs } from "node:util";
import { runMain, stopOnSignal } from "../../cli/command-line";
import { RouterOsLab } from "./lab";
import { DEFAULT_MODEL, MODELS } from "./models";
import type { RouterOptions } from "./router";
import { DEFAULT_VERSION } from "./versions";

const usage = `Runs emulated RouterOS routers, each with its API on its own port, until interrupted.

  node -r sucrase/register/ts lab/routeros/main.ts --router NAME:PORT[:MODEL[:VERSION]] [--router …]
      [--model MODEL] [--version VERSION] [--user NAME:PASSWORD] [--listen ADDRESS] [--latency MS]

  MODEL    ${Object.keys(MODELS).join(", ")} (default ${DEFAULT_MODEL})
  VERSION  RouterOS 7.x to behave as (default ${DEFAULT_VERSION}; before 7.18 there is no !empty)
  --user   who may log in (repeatable; default admin with an empty password)
  --listen address to listen on (default 127.0.0.1)`;

function parseRouter(spec: string, defaults: Partial<RouterOptions>): Omit<RouterOptions, "log"> {
  const [name, port, model, version] = spec.split(":");
  if (!name || !/^\d+$/.test(port ?? "")) throw new Error(`--router ${spec}: expected NAME:PORT[:MODEL[:VERSION]]`);
  return {
    ...defaults,
    name,
    port: Number(port),
    model: model || defaults.model,
    version: version || defaults.version,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      router: { type: "string", multiple: true, default: [] },
      model: { type: "string" },
      version: { type: "string" },
      user: { type: "string", multiple: true },
      listen: { type: "string" },
      latency: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help || values.router.length === 0) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const users = values.user?.map((u) => {
    const at = u.indexOf(":");
    return at === -1 ? { name: u, password: "" } : { name: u.slice(0, at), password: u.slice(at + 1) };
  });
  const defaults: Partial<RouterOptions> = { model: values.model, version: values.version, users, host: values.listen };
  const lab = new RouterOsLab({
    routers: values.router.map((spec) => parseRouter(spec, defaults)),
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  await lab.start();
  for (const router of lab.all()) router.knobs.latencyMs = Number(values.latency ?? 0);
  stopOnSignal(() => lab.stop());
}

runMain(main);
