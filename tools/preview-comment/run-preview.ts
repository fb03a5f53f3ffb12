import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { CommandError, type EngineEvent, LocalWorkspace, StackNotFoundError } from "@pulumi/pulumi/automation";
import { readStackFile } from "../../cli/stack-file";
import { ConfigError } from "../../config/load";
import { topologyOf as planTopology, type Topology } from "../../plan/topology";
import { retiredVms, TAKE_OVER_VMS } from "../take-over/retired-vms";
import type { EnvVars } from "./ci-environment";
import { PreviewCommentError } from "./errors";
import type { PreviewReport } from "./render-comment";

/** The topology of the stack file as the change leaves it; none for a config the plan refuses (the preview says why). */
function topologyOf(request: PreviewRequest): { topology?: Topology } {
  const file = path.join(request.cwd, `Pulumi.${request.stack}.yaml`);
  try {
    return { topology: planTopology(readStackFile(file)) };
  } catch (error) {
    if (error instanceof ConfigError || (error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
}

export interface PreviewRequest {
  stack: string;
  /** The project's directory. */
  cwd: string;
  /** The backend and the secrets provider come from here: PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, … */
  env: EnvVars;
  /** Receives the CLI's output as it comes, for the job's log. */
  onOutput?: (text: string) => void;
}

/**
 * The stack's resources as its state holds them, secrets still encrypted: the Automation API's
 * exportStack() asks for them decrypted (`--show-secrets`), which a preview has no need of.
 */
async function stateResources(request: PreviewRequest, envVars: Record<string, string>): Promise<{ type: string }[]> {
  const { stdout } = await promisify(execFile)("pulumi", ["stack", "export", "--stack", request.stack], {
    cwd: request.cwd,
    env: { ...process.env, ...envVars },
    maxBuffer: 256 * 2 ** 20,
  });
  return (JSON.parse(stdout) as { deployment?: { resources?: { type: string }[] } }).deployment?.resources ?? [];
}

/**
 * `pulumi preview --diff` of a stack through the Automation API: its events, its output, and whether
 * it failed. Secrets stay the engine's business: its events blind them, and its output masks any
 * secret config value a program or provider prints.
 */
export async function runPreview(request: PreviewRequest): Promise<PreviewReport> {
  const envVars = Object.fromEntries(
    Object.entries(request.env).flatMap(([name, value]) => (value === undefined ? [] : [[name, value]])),
  );
  const stack = await LocalWorkspace.selectStack({ stackName: request.stack, workDir: request.cwd }, { envVars }).catch(
    (error: unknown) => {
      if (!(error instanceof StackNotFoundError)) throw error;
      const backend = request.env.PULUMI_BACKEND_URL ?? "the backend pulumi is logged in to";
      throw new PreviewCommentError(`no stack named ${request.stack} on ${backend} (is PULUMI_BACKEND_URL right?)`);
    },
  );
  const project = (await stack.workspace.projectSettings()).name;
  // The preview of the up that `make up` runs: one that takes over the VMs an older budgetcloud made.
  stack.workspace.envVars[TAKE_OVER_VMS] = retiredVms(await stateResources(request, envVars)).join(",");
  const events: EngineEvent[] = [];
  let stdout = "";
  let stderr = "";
  let failed = false;
  try {
    await stack.preview({
      diff: true,
      // Escape codes would show as such in the comment, whatever the CI's terminal makes of them.
      color: "never",
      onEvent: (event) => events.push(event),
      onOutput: (text) => {
        stdout += text;
        request.onOutput?.(text);
      },
      onError: (text) => {
        stderr += text;
        request.onOutput?.(text);
      },
    });
  } catch (error) {
    // A failed preview is what the merge request most needs to hear about; anything else is not ours to report.
    if (!(error instanceof CommandError)) throw error;
    failed = true;
  }
  const output = failed && stderr ? `${stdout}${stdout.endsWith("\n") ? "" : "\n"}${stderr}` : stdout;
  return { project, stack: request.stack, events, output, failed, ...topologyOf(request) };
}
