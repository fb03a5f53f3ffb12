import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type ConfigMap, LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import type { EnvVars } from "../../../tools/preview-comment/ci-environment";
import { previewComment } from "../../../tools/preview-comment/preview-comment";
import { FakeCommentApi } from "./fake-comment-api";
import { expectGolden } from "./golden";

const fixture = path.join(__dirname, "fixture");
const authKeys = { before: "ospf-key-before-9f8e7d6c", after: "ospf-key-after-1a2b3c4d" };

/** The fixture's config before the merge request, and in it: an MTU, a ring address, a key and tenants changed. */
const configs: Record<"before" | "after", ConfigMap> = {
  before: {
    mtu: { value: "9050" },
    ringAddress: { value: "192.168.141.2/30" },
    ospfAuthKey: { value: authKeys.before, secret: true },
    tenants: {
      value: JSON.stringify([
        { name: "sql", vni: 111 },
        { name: "legacy", vni: 99 },
      ]),
    },
  },
  after: {
    mtu: { value: "9000" },
    ringAddress: { value: "192.168.141.6/30" },
    ospfAuthKey: { value: authKeys.after, secret: true },
    tenants: {
      value: JSON.stringify([
        { name: "sql", vni: 111 },
        { name: "web", vni: 112 },
      ]),
    },
  },
};

// The real CLI previews the fixture, the tool posts the comment to a local server playing GitLab.
describe("preview comment of a real preview, posted to a merge request", function () {
  this.timeout(300_000);

  let backend: string;
  let stack: Stack;
  let api: FakeCommentApi;
  let env: EnvVars;
  const run = (print = false) => previewComment({ stack: "qa", cwd: fixture, env, print });

  before(async () => {
    backend = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-preview-comment-"));
    const pulumiEnv = { PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "preview-comment-test" };
    stack = await LocalWorkspace.createStack({ stackName: "qa", workDir: fixture }, { envVars: pulumiEnv });
    await stack.setAllConfig(configs.before);
    await stack.up();
    await stack.setAllConfig(configs.after);
    api = new FakeCommentApi("gitlab", [{ id: 1, body: "Looks good" }]);
    env = {
      ...pulumiEnv,
      GITLAB_CI: "true",
      CI_API_V4_URL: await api.start(),
      CI_PROJECT_ID: "42",
      CI_MERGE_REQUEST_IID: "7",
      BUDGETCLOUD_GITLAB_TOKEN: "glpat-test-token",
    };
  });

  after(async () => {
    await api?.stop();
    await stack?.workspace.removeStack("qa", { force: true });
    fs.rmSync(backend, { recursive: true, force: true });
    // The stack's config file is written next to the fixture; it must not outlive the test.
    fs.rmSync(path.join(fixture, "Pulumi.qa.yaml"), { force: true });
  });

  it("comments a create, two updates, a replace and a delete as the golden file has them", async () => {
    const result = await run();
    expect(result.failed).to.equal(false);
    expect(result.posted).to.deep.equal({ action: "created", id: 2, thread: "merge request !7" });
    expect(api.comments.map((comment) => comment.id)).to.deep.equal([1, 2]);
    expect(api.comments[1].body).to.equal(result.body);
    expectGolden("create-update-replace-delete.md", result.body);
  });

  it("never shows the secret key, the old one or the new one", () => {
    const posted = api.requests.flatMap((request) => (request.body ? [JSON.stringify(request.body)] : []));
    expect(posted).to.have.length(1);
    for (const key of Object.values(authKeys)) expect(posted[0]).not.to.include(key);
    expect(posted[0]).to.include("`authKey`: [secret]");
  });

  it("updates that same comment on the next run", async () => {
    const result = await run();
    expect(result.posted).to.deep.equal({ action: "updated", id: 2, thread: "merge request !7" });
    const notes = "/api/v4/projects/42/merge_requests/7/notes";
    const list = `GET ${notes}?sort=asc&order_by=created_at&per_page=100`;
    expect(api.requests.map((request) => `${request.method} ${request.path}`)).to.deep.equal([
      list,
      `POST ${notes}`,
      list,
      `PUT ${notes}/2`,
    ]);
    expect(api.requests[3].body).to.deep.equal({ body: result.body });
    expect(api.comments.map((comment) => comment.id)).to.deep.equal([1, 2]);
  });

  it("hides a secret the program prints by mistake", async () => {
    await stack.setConfig("printAuthKey", { value: "true" });
    try {
      const { body } = await run(true);
      expect(body).to.include(
        "**Warnings and errors**\n\n```text\npulumi:pulumi:Stack (budgetcloud-preview-fixture-qa):\n    warning: ospf auth key: [secret]\n```",
      );
      expect(body).not.to.include(authKeys.after);
    } finally {
      await stack.removeConfig("printAuthKey");
    }
  });

  it("comments a failed preview with its error, and fails", async () => {
    await stack.removeConfig("mtu");
    try {
      const result = await run();
      expect(result.failed).to.equal(true);
      expect(result.posted).to.deep.equal({ action: "updated", id: 2, thread: "merge request !7" });
      expectGolden("failed-preview.md", result.body);
    } finally {
      await stack.setConfig("mtu", configs.after.mtu);
    }
  });

  it("never has the state exported with its secrets shown", async () => {
    // Every pulumi the tool runs goes through a shim that notes its arguments.
    const shim = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-pulumi-shim-"));
    const calls = path.join(shim, "calls");
    const real = execFileSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" }).trim();
    fs.writeFileSync(path.join(shim, "pulumi"), `#!/bin/sh\necho "$*" >>'${calls}'\nexec '${real}' "$@"\n`, {
      mode: 0o755,
    });
    const pathBefore = process.env.PATH;
    process.env.PATH = `${shim}:${pathBefore}`;
    try {
      await run(true);
    } finally {
      process.env.PATH = pathBefore;
    }
    const commands = fs.readFileSync(calls, "utf8").trim().split("\n");
    fs.rmSync(shim, { recursive: true, force: true });
    expect(commands).to.include("stack export --stack qa");
    expect(commands.filter((command) => command.includes("--show-secrets"))).to.deep.equal([]);
  });

  it("refuses to run where the job can see write credentials, before any preview", async () => {
    const seeing = { ...env, BUDGETCLOUD_WRITE_ROUTER_PASSWORD: "x", BUDGETCLOUD_WRITE_LIBRENMS_TOKEN: "y" };
    const message = await previewComment({ stack: "qa", cwd: fixture, env: seeing, print: true }).then(
      () => "previewed",
      (error: Error) => error.message,
    );
    expect(message).to.equal(
      `this job can see write credentials (BUDGETCLOUD_WRITE_ROUTER_PASSWORD, BUDGETCLOUD_WRITE_LIBRENMS_TOKEN): a preview runs the merge request's own code, so only up jobs may hold them (protected variables, README "Least privilege")`,
    );
  });

  it("names the backend when the stack is not on it", async () => {
    let message = "";
    await previewComment({ stack: "staging", cwd: fixture, env, print: true }).catch((error: Error) => {
      message = error.message;
    });
    expect(message).to.equal(`no stack named staging on file://${backend} (is PULUMI_BACKEND_URL right?)`);
  });
});
