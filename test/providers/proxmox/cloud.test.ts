import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import { ProxmoxLab } from "../../../lab/proxmox/lab";
import { ProxmoxClient } from "../../../providers/proxmox/client";
import { refused } from "../../support/refused";
import { nodes, templates, token } from "./harness";

// A tenant's storage and network, driven by the real engine: the dynamic providers are
// serialized, run in their own process, and reach the emulated cluster over its real HTTPS API.
describe("a Proxmox VE cloud through the real engine", function () {
  this.timeout(300_000);

  let lab: ProxmoxLab;
  let client: ProxmoxClient;
  let backend: string;
  let stack: Stack;
  let factory: Record<string, unknown>;
  const fixture = path.join(__dirname, "fixture");
  // The stack's config file is written into the fixture: a name of its own keeps a concurrent run
  // of this test from reading it.
  const stackName = `cloud-${process.pid}`;
  const resources = 5;

  /** Everything the fixture could touch, as the API shows it. */
  const snapshot = async () => {
    const paths: [string, Record<string, string>?][] = [
      ["/cluster/resources", { type: "vm" }],
      ["/storage"],
      ["/nodes/PVE-1/ceph/pool"],
      ["/cluster/sdn/zones"],
      ["/cluster/sdn/zones", { running: "1" }],
      ["/cluster/sdn/vnets"],
      ["/cluster/sdn/vnets", { running: "1" }],
    ];
    const answers = await Promise.all(paths.map(([at, params]) => client.get(at, params)));
    return Object.fromEntries(
      paths.map(([at, params], i) => [`${at}${params ? JSON.stringify(params) : ""}`, answers[i]]),
    );
  };
  const writes = () =>
    Object.fromEntries(Object.entries(lab.requestCounts()).filter(([request]) => !request.startsWith("GET ")));
  /** The row of a list whose `key` is `value`. */
  const listed = async (at: string, key: string, value: string, params: Record<string, string> = {}) =>
    (await client.get<Record<string, unknown>[]>(at, params)).find((row) => row[key] === value);

  before(async () => {
    lab = new ProxmoxLab({ nodes, port: 0, tokens: [token], templates });
    await lab.start();
    client = new ProxmoxClient({
      url: `https://127.0.0.1:${lab.port}`,
      tokenId: token.id,
      tokenSecret: token.secret,
      tls: { fingerprint: lab.certificate.fingerprint, insecure: false },
      timeoutSeconds: 5,
      taskTimeoutSeconds: 10,
    });
    factory = await snapshot();
    backend = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-proxmox-"));
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName, workDir: fixture },
      { envVars: { PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "proxmox-test" } },
    );
    const proxmox = {
      endpoint: `https://127.0.0.1:${lab.port}`,
      tokenId: token.id,
      tls: { fingerprint: lab.certificate.fingerprint },
    };
    await stack.setAllConfig({
      "budgetcloud:environment": { value: "lab" },
      "budgetcloud:protect": { value: "true" },
      "budgetcloud:proxmox": { value: JSON.stringify(proxmox) },
      "budgetcloud:proxmoxTokenSecret": { value: token.secret, secret: true },
    });
  });

  after(async () => {
    await stack?.workspace.removeStack(stackName, { force: true });
    fs.rmSync(backend, { recursive: true, force: true });
    fs.rmSync(path.join(fixture, `Pulumi.${stackName}.yaml`), { force: true });
    await lab?.tasksIdle();
    await lab?.stop();
  });

  it("creates the pool, the storage and the tenant network, in 7 requests", async () => {
    lab.resetRequestCounts();
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ create: resources + 1 });
    expect(lab.requestCounts()).to.deep.equal({
      "POST /nodes/{node}/ceph/pool": 1,
      "POST /storage": 1,
      "POST /cluster/sdn/zones": 1,
      "POST /cluster/sdn/vnets": 1,
      "PUT /cluster/sdn": 1,
      // The pool's creation and the SDN apply.
      "GET /nodes/{node}/tasks/{upid}/status": 2,
    });

    expect(lab.state.cephPools.get("vm_data")).to.deep.include({ size: 3, minSize: 2, targetSizeRatio: 0.8 });
    expect(await client.get("/storage/vm_data")).to.deep.include({ type: "rbd", pool: "vm_data" });
    expect(await listed("/cluster/sdn/zones", "zone", "tenants", { running: "1" })).to.include({
      type: "vxlan",
      peers: "192.168.254.11,192.168.254.12,192.168.254.13",
      mtu: 1450,
    });
    expect(await listed("/cluster/sdn/vnets", "vnet", "vbr111", { running: "1" })).to.include({
      zone: "tenants",
      tag: 111,
      alias: "sql",
    });
  });

  it("keeps the token secret out of the state", async () => {
    const state = fs.readFileSync(
      path.join(backend, ".pulumi", "stacks", "proxmox-cloud", `${stackName}.json`),
      "utf8",
    );
    expect(state).to.include("vbr111");
    expect(state).not.to.include(token.secret);
  });

  it("changes nothing and sends no request on a second up", async () => {
    lab.resetRequestCounts();
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ same: resources + 1 });
    expect(lab.requestCounts()).to.deep.equal({});
  });

  it("previews with no changes and no request", async () => {
    lab.resetRequestCounts();
    const preview = await stack.preview();
    expect(preview.changeSummary).to.deep.equal({ same: resources + 1 });
    expect(lab.requestCounts()).to.deep.equal({});
  });

  it("sees changes made by hand on a refresh, and puts them back, applying SDN again", async () => {
    await client.request("PUT", "/cluster/sdn/zones/tenants", { mtu: 1500 });
    await client.task("PUT", "/cluster/sdn");
    lab.resetRequestCounts();
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).to.deep.equal({ same: resources, update: 1 });
    // One read per collection and one per pool: 5 objects, 4 requests.
    expect(lab.requestCounts()).to.deep.equal({
      "GET /nodes/{node}/ceph/pool/{name}/status": 1,
      "GET /storage": 1,
      "GET /cluster/sdn/zones": 1,
      "GET /cluster/sdn/vnets": 1,
    });
    lab.resetRequestCounts();
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.equal({ same: resources - 1, update: 2 });
    expect(writes()).to.deep.equal({
      "PUT /cluster/sdn/zones/{zone}": 1,
      "PUT /cluster/sdn": 1,
    });
    expect(await client.get("/cluster/sdn/zones", { running: 1 })).to.have.nested.property("[0].mtu", 1450);
  });

  it("refuses to destroy the protected pool, naming how to lift the protection", async () => {
    const message = await refused(stack.destroy());
    expect(message).to.include(
      "refusing to delete Ceph pool vm_data on PVE-1: budgetcloud:protect is on for this stack; " +
        "set it to false (pulumi config set budgetcloud:protect false) and run pulumi up again to delete it " +
        "(or pulumi destroy --run-program, which reads the stack's config anew)",
    );
    expect(lab.state.cephPools.has("vm_data")).to.equal(true);
  });

  it("destroys everything once unprotected, leaving the cluster as it found it", async () => {
    await stack.setConfig("budgetcloud:protect", { value: "false" });
    // A destroy that does not run the program configures the provider from the state's config.
    await stack.destroy({ runProgram: true });
    await lab.tasksIdle();
    expect(await snapshot()).to.deep.equal(factory);
  });
});
