import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { RouterOsLab } from "./routeros/lab";
import { readStackFile } from "./stack-file";
import { projectCopy, readStackFile as readStackText } from "./project-copy";

/** The lab stack's routers run inside the test, on free ports, with its user and password. */
export const LAB_PASSWORD = "budgetcloud-lab";

/**
 * The real lab stack (the project's own program and Pulumi.lab.yaml) on a copy of the project,
 * against emulators started for the test: the end-to-end tests' world.
 */
export class LabUnderTest {
  routers!: RouterOsLab;
  stack!: Stack;
  private project!: ReturnType<typeof projectCopy>;
  private stackText!: string;

  async start(): Promise<void> {
    const root = path.resolve(__dirname, "..");
    const config = readStackFile(path.join(root, "Pulumi.lab.yaml"));
    this.routers = new RouterOsLab({
      routers: config.routers.map((r) => ({
        name: r.name,
        port: 0,
        model: r.model,
        users: [{ name: config.routerApi.username, password: LAB_PASSWORD }],
      })),
    });
    await this.routers.start();
    // Point the stack at the routers' free ports: each router's port line is unique in the file.
    let text = readStackText("lab");
    for (const r of config.routers)
      text = text.replace(`port: ${r.port}\n`, `port: ${this.routers.router(r.name).port}\n`);
    this.stackText = text;
    this.project = projectCopy({ lab: text });
    this.stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "lab", workDir: this.project.dir },
      { envVars: { PULUMI_BACKEND_URL: `file://${this.project.dir}/state`, PULUMI_CONFIG_PASSPHRASE: LAB_PASSWORD } },
    );
  }

  async stop(): Promise<void> {
    await this.routers?.stop();
    this.project?.remove();
  }

  /** Rewrites the lab stack file the way an operator edits it. */
  editStackFile(edit: (text: string) => string): void {
    const edited = edit(this.stackText);
    if (edited === this.stackText) throw new Error("the edit changed nothing");
    this.stackText = edited;
    fs.writeFileSync(path.join(this.project.dir, "Pulumi.lab.yaml"), edited);
  }

  /** Every router's managed menus, as printed, for before-and-after comparisons. */
  snapshot(menus: readonly string[]): Record<string, Record<string, unknown>> {
    return Object.fromEntries(
      this.routers.all().map((r) => [r.name, Object.fromEntries(menus.map((m) => [m, r.print(m)]))]),
    );
  }
}
