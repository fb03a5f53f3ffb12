import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { expect } from "chai";

// The real CLI, the language host and the dynamic-provider shim, run through the Automation API:
// closure serialization, secrets and diffs as they happen in production.
describe("the real Pulumi engine", function () {
  this.timeout(180_000);

  const token = "s3cr3t-token-that-must-stay-encrypted";
  let backend: string;
  let stack: Stack;

  before(async () => {
    backend = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-engine-"));
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "proof", workDir: path.join(__dirname, "fixture") },
      { envVars: { PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "engine-test" } },
    );
    await stack.setConfig("token", { value: token, secret: true });
  });

  after(async () => {
    await stack?.workspace.removeStack("proof", { force: true });
    fs.rmSync(backend, { recursive: true, force: true });
    // The stack's config file is written next to the fixture; it must not outlive the test.
    fs.rmSync(path.join(__dirname, "fixture", "Pulumi.proof.yaml"), { force: true });
  });

  it("previews the dynamic resource as a create", async () => {
    const preview = await stack.preview();
    expect(preview.changeSummary).to.deep.equal({ create: 2 });
  });

  it("creates it, with outputs computed by modules required inside the provider", async () => {
    const up = await stack.up();
    expect(up.summary.result).to.equal("succeeded");
    expect(up.outputs.id.value).to.equal("proof-lab");
    expect(up.outputs.network.value).to.equal("192.168.141.0");
    expect(up.outputs.tokenSha256.value).to.equal(createHash("sha256").update(token).digest("hex"));
  });

  it("keeps the secret input out of the state file in plain text", async () => {
    const stateFile = path.join(backend, ".pulumi", "stacks", "engine-proof", "proof.json");
    const state = fs.readFileSync(stateFile, "utf8");
    expect(state).to.include("proof-lab");
    expect(state).not.to.include(token);
  });

  it("reports no changes on a second up", async () => {
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ same: 2 });
  });

  it("refreshes through the provider serialized in the state", async () => {
    const refresh = await stack.refresh();
    expect(refresh.summary.result).to.equal("succeeded");
    expect(refresh.summary.resourceChanges).to.deep.equal({ same: 2 });
  });

  it("destroys everything", async () => {
    const destroy = await stack.destroy();
    expect(destroy.summary.resourceChanges).to.deep.equal({ delete: 2 });
    const state = await stack.exportStack();
    expect(state.deployment.resources ?? []).to.have.length(0);
  });
});
