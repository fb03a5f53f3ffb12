import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as yaml from "js-yaml";
import { WRITE_CREDENTIALS } from "../providers/shared/write-credentials";

// A pipeline that deploys without testing, or runs a make target that does not exist, fails on a
// team's first merge, not here. Both pipelines are read as their CI reads them.
const root = path.resolve(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

type Job = {
  needs?: string | (string | { job: string })[];
  env?: Record<string, string>;
  environment?: string | { name: string };
  resource_group?: string;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  artifacts?: { when?: string; paths?: string[] };
  stage?: string;
  before_script?: string[];
  script?: string[];
  steps?: { run?: string; uses?: string; if?: string; with?: Record<string, unknown> }[];
};

const makeTargets = new Set([...read("Makefile").matchAll(/^([a-z][a-z-]*):/gm)].map(([, target]) => target));
/** The make targets that commands run. */
const madeIn = (commands: (string | undefined)[]) =>
  commands.flatMap((command) => [...(command ?? "").matchAll(/\bmake ([a-z][a-z-]*)/g)].map(([, target]) => target));
const needsOf = (job: Job) =>
  (typeof job.needs === "string" ? [job.needs] : (job.needs ?? [])).map((need) =>
    typeof need === "string" ? need : need.job,
  );

/** Every job a job waits for, directly or through others. */
function upstream(jobs: Record<string, Job>, name: string): string[] {
  return needsOf(jobs[name]).flatMap((need) => [need, ...upstream(jobs, need)]);
}

describe("The pipelines", () => {
  describe("GitLab (.gitlab-ci.yml)", () => {
    const pipeline = yaml.load(read(".gitlab-ci.yml")) as Record<string, unknown>;
    const jobs = Object.fromEntries(
      Object.entries(pipeline).filter(([name, job]) => !name.startsWith(".") && (job as Job).stage),
    ) as Record<string, Job>;

    it("runs make test in the first stage", () => {
      expect((pipeline.stages as string[])[0]).to.equal("test");
      expect(jobs.test.script).to.deep.equal(["make test"]);
    });

    it("previews and ups only after the test job passed", () => {
      for (const name of ["preview", "up:qa", "up:prod"]) {
        expect(upstream(jobs, name), name).to.include("test");
      }
    });

    it("runs one up at a time per stack, and keeps the state it started from", () => {
      expect(jobs["up:qa"].resource_group).to.equal("budgetcloud-qa");
      expect(jobs["up:prod"].resource_group).to.equal("budgetcloud-prod");
      for (const name of ["up:qa", "up:prod"])
        expect(jobs[name].artifacts, name).to.deep.include({ when: "always", paths: ["state-before-up/"] });
    });

    it("names the write credentials as protected, environment-scoped variables of the up jobs alone", () => {
      const header = read(".gitlab-ci.yml")
        .split("\n")
        .filter((line) => line.startsWith("#"))
        .join("\n");
      for (const variable of Object.values(WRITE_CREDENTIALS)) expect(header, variable).to.include(variable);
      expect(header).to.match(/protected and masked variables, each scoped to the\s+# environment qa or prod/);
      // Merge request pipelines get no protected variable; the ups run on main in their environment.
      expect(read(".gitlab-ci.yml")).not.to.match(/^\s+BUDGETCLOUD_WRITE_/m);
      for (const name of ["up:qa", "up:prod"]) expect(jobs[name].environment, name).to.have.property("name");
      expect(JSON.stringify((pipeline.preview as { rules: unknown }).rules)).to.include("merge_request_event");
    });

    it("runs only make targets that exist", () => {
      const templates = Object.values(pipeline) as Job[];
      const used = madeIn(templates.flatMap((job) => [...(job.before_script ?? []), ...(job.script ?? [])]));
      expect(used).to.include.members(["test", "toolchain", "preview-comment", "up"]);
      expect(used.filter((target) => !makeTargets.has(target))).to.deep.equal([]);
    });
  });

  describe("GitHub (.github/workflows/pulumi.yml)", () => {
    const workflow = yaml.load(read(".github/workflows/pulumi.yml")) as Record<string, unknown>;
    const jobs = workflow.jobs as Record<string, Job>;

    it("has a test job that runs make test", () => {
      expect(jobs.test.steps?.some((step) => /(^| )make test$/.test(step.run ?? ""))).to.equal(true);
    });

    it("previews and ups only after the test job passed", () => {
      for (const name of ["preview", "up-qa", "up-prod"]) {
        expect(upstream(jobs, name), name).to.include("test");
      }
    });

    it("runs one up at a time per stack, never cancelled, and keeps the state it started from", () => {
      expect(jobs["up-qa"].concurrency).to.deep.equal({ group: "up-qa", "cancel-in-progress": false });
      expect(jobs["up-prod"].concurrency).to.deep.equal({ group: "up-prod", "cancel-in-progress": false });
      for (const name of ["up-qa", "up-prod"]) {
        const steps = jobs[name].steps ?? [];
        const up = steps.findIndex((step) => /^make up STACK=/.test(step.run ?? ""));
        const kept = steps.findIndex((step) => step.uses?.startsWith("actions/upload-artifact@"));
        expect(kept, name).to.be.greaterThan(up);
        expect(steps[kept], name).to.deep.include({ if: "always()" });
        expect(steps[kept].with?.path, name).to.equal("state-before-up/");
      }
    });

    it("gives the test job no secret, the previews the read set, and the write set to the up jobs' environments only", () => {
      const secretsIn = (env: Record<string, string> | undefined) =>
        Object.entries(env ?? {}).flatMap(([name, value]) => (/\bsecrets\./.test(String(value)) ? [name] : []));
      expect(secretsIn(workflow.env as Record<string, string>)).to.deep.equal([]);
      expect(secretsIn(jobs.test.env)).to.deep.equal([]);
      expect(JSON.stringify(jobs.test)).not.to.include("secrets.");
      const write = Object.values(WRITE_CREDENTIALS) as string[];
      expect(Object.keys(jobs.preview.env ?? {}).filter((name) => write.includes(name))).to.deep.equal([]);
      expect(secretsIn(jobs.preview.env)).to.include("PULUMI_CONFIG_PASSPHRASE");
      for (const [name, environment] of [
        ["up-qa", "qa"],
        ["up-prod", "prod"],
      ]) {
        expect(jobs[name].environment, name).to.equal(environment);
        expect(Object.keys(jobs[name].env ?? {}), name).to.include.members(write);
      }
    });

    it("runs only make targets that exist", () => {
      const action = yaml.load(read(".github/actions/toolchain/action.yml")) as { runs: Job };
      const used = madeIn([...Object.values(jobs), action.runs].flatMap((job) => (job.steps ?? []).map((s) => s.run)));
      expect(used).to.include.members(["test", "toolchain", "preview-comment", "up"]);
      expect(used.filter((target) => !makeTargets.has(target))).to.deep.equal([]);
    });

    it("passes actionlint", () => {
      expect(execFileSync("actionlint", [], { cwd: root, encoding: "utf8" })).to.equal("");
    });
  });
});
