import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import * as yaml from "js-yaml";
import { projectCopy } from "../../../lab/project-copy";
import { CentralLab } from "../../../lab/zerotier/api-server";

// biome-ignore lint/suspicious/noExplicitAny: the tests read Central's JSON wherever they need to.
type Held = Record<string, any>;

const TOKEN = "zt-central-token-that-must-stay-encrypted";
// The capabilities of the talk's screenshot: an operator's laptop, "managed by Terraform" there.
const CAPABILITIES = [
  "admin",
  "externalsubnet",
  "gitlabssh",
  "onedriveshared",
  "prodmtottdb",
  "prodmtottrdp",
  "prodmtotstftp",
  "qadatabase",
  "reverseint",
];
const rules = [...CAPABILITIES.map((c, i) => `cap ${c} id ${i + 1} accept; ;`), "accept;"].join("\n");

const stackText = (endpoint: string) => `config:
  budgetcloud:environment: lab
  budgetcloud:domain: example.net
  budgetcloud:management:
    cidr: 192.168.255.0/24
    operators: [192.168.255.0/24]
  budgetcloud:zerotier:
    endpoint: ${endpoint}
    network:
      name: operators
      cidr: 192.168.192.0/24
      pool: { start: 192.168.192.10, end: 192.168.192.250 }
      rules: ${JSON.stringify(rules)}
    members:
      - name: laptop
        nodeId: abcdef0123
        description: managed by budgetcloud
        ip: 192.168.192.253
        activeBridge: true
        ssoExempt: true
        capabilities: ${JSON.stringify(CAPABILITIES)}
`;

// The operators' network through the real engine: the program, the dynamic provider of Central
// objects and the lab's Central.
describe("a stack's ZeroTier network, through the real engine against the lab's Central", function () {
  this.timeout(180_000);
  let central: CentralLab;
  let project: ReturnType<typeof projectCopy>;
  let stack: Stack;
  /** Edits the stack's ZeroTier config as an operator edits the stack file; gives back the file as it was. */
  const editZeroTier = (change: (zerotier: Held) => void): (() => void) => {
    const file = path.join(project.dir, "Pulumi.zt.yaml");
    const before = fs.readFileSync(file, "utf8");
    const doc = yaml.load(before) as Held;
    change(doc.config["budgetcloud:zerotier"]);
    fs.writeFileSync(file, yaml.dump(doc));
    return () => fs.writeFileSync(file, before);
  };
  const heldNetwork = () => central.central.listNetworks()[0] as Held;
  const heldLaptop = () => central.central.member(heldNetwork().id, "abcdef0123") as Held;

  before(async () => {
    central = new CentralLab({ tokens: [TOKEN] });
    await central.start();
    project = projectCopy({ zt: stackText(central.endpoint) });
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "zt", workDir: project.dir },
      { envVars: { PULUMI_BACKEND_URL: `file://${project.dir}/state`, PULUMI_CONFIG_PASSPHRASE: "zt-test" } },
    );
    await stack.setConfig("budgetcloud:zerotierToken", { value: TOKEN, secret: true });
  });
  after(async () => {
    await central?.stop();
    project?.remove();
  });

  it("makes the network and the laptop as the stack says, capabilities by name", async () => {
    const up = await stack.up();
    expect(up.summary.result).to.equal("succeeded");
    const network = heldNetwork();
    expect(network.config).to.deep.include({
      name: "operators",
      private: true,
      v4AssignMode: { zt: true },
      ipAssignmentPools: [{ ipRangeStart: "192.168.192.10", ipRangeEnd: "192.168.192.250" }],
      routes: [{ target: "192.168.192.0/24", via: null }],
    });
    expect(network.rulesSource).to.equal(rules);
    expect(heldLaptop().config).to.deep.include({
      authorized: true,
      ipAssignments: ["192.168.192.253"],
      noAutoAssignIps: true,
      activeBridge: true,
      ssoExempt: true,
      capabilities: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    });
    expect(heldLaptop()).to.deep.include({ name: "laptop", description: "managed by budgetcloud" });
  });

  it("keeps the token out of the state", async () => {
    const state = JSON.stringify(await stack.exportStack());
    const files = fs.readdirSync(path.join(project.dir, "state", ".pulumi", "stacks"), { recursive: true });
    const stateFile = files.map(String).find((f) => f.endsWith("zt.json"));
    expect(stateFile).to.not.equal(undefined);
    expect(
      fs.readFileSync(path.join(project.dir, "state", ".pulumi", "stacks", String(stateFile)), "utf8"),
    ).to.not.include(TOKEN);
    expect(state).to.include("abcdef0123");
  });

  it("changes nothing on a second up", async () => {
    const preview = await stack.preview();
    expect(Object.keys(preview.changeSummary)).to.deep.equal(["same"]);
    const before = central.received.length;
    const up = await stack.up();
    expect(Object.keys(up.summary.resourceChanges ?? {})).to.deep.equal(["same"]);
    expect(central.received.slice(before).filter((r) => r.method !== "GET")).to.deep.equal([]);
  });

  it("finds a member changed in Central by hand, and when its device was last seen, and puts it back", async () => {
    const network = heldNetwork().id;
    central.central.updateMember(network, "abcdef0123", { config: { authorized: false, capabilities: [1] } });
    central.central.join(network, "abcdef0123", { identity: "", clientVersion: "1.14.2", physicalAddress: "" });
    const refresh = await stack.refresh();
    expect(refresh.summary.resourceChanges).to.deep.include({ update: 1 });
    const laptop = (await stack.exportStack()).deployment.resources.find((r: { urn: string }) =>
      r.urn.endsWith("::lab-zerotier-laptop"),
    );
    expect(laptop.outputs).to.deep.include({ authorized: false, capabilities: ["admin"] });
    expect(laptop.outputs.lastSeen).to.be.greaterThan(0);
    const up = await stack.up();
    expect(up.summary.resourceChanges).to.deep.include({ update: 1 });
    expect(heldLaptop().config).to.deep.include({ authorized: true, capabilities: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
  });

  it("changes a member in place as the stack says: capabilities taken away, another address, deauthorized", async () => {
    const restore = editZeroTier((zt) => {
      Object.assign(zt.members[0], { ip: "192.168.192.250", authorized: false, capabilities: ["admin", "gitlabssh"] });
    });
    try {
      const up = await stack.up();
      expect(up.summary.resourceChanges).to.deep.include({ update: 1 });
      expect(heldLaptop().config).to.deep.include({
        authorized: false,
        ipAssignments: ["192.168.192.250"],
        capabilities: [1, 3],
      });
    } finally {
      restore();
    }
    await stack.up();
    expect(heldLaptop().config).to.deep.include({ authorized: true, ipAssignments: ["192.168.192.253"] });
  });

  it("adds a member written into the stack, and deletes it from Central when it is taken out", async () => {
    const restore = editZeroTier((zt) => {
      zt.members.push({ name: "phone", nodeId: "1111111111" });
    });
    try {
      const added = await stack.up();
      expect(added.summary.resourceChanges).to.deep.include({ create: 1 });
      expect(central.central.member(heldNetwork().id, "1111111111")).to.deep.include({ name: "phone" });
    } finally {
      restore();
    }
    const removed = await stack.up();
    expect(removed.summary.resourceChanges).to.deep.include({ delete: 1 });
    expect(central.central.listMembers(heldNetwork().id).map((m) => m.nodeId)).to.deep.equal(["abcdef0123"]);
  });

  it("refuses a capability the rules do not declare at preview, naming the key, before Central is asked", async () => {
    await stack.setConfig("budgetcloud:zerotier.members[0].capabilities[9]", { value: "superuser" }, true);
    const before = central.received.length;
    const refused = await stack.preview().catch((error: Error) => error.message);
    expect(refused).to.include(
      "budgetcloud:zerotier.members[0].capabilities[9]: superuser is not a capability of budgetcloud:zerotier.network.rules",
    );
    expect(central.received.length).to.equal(before);
    await stack.removeConfig("budgetcloud:zerotier.members[0].capabilities[9]", true);
  });

  it("removes the network and its member on destroy", async () => {
    const destroy = await stack.destroy();
    expect(destroy.summary.result).to.equal("succeeded");
    expect(central.central.listNetworks()).to.deep.equal([]);
  });
});
