import { type DiagnosticEvent, DiffKind, type EngineEvent } from "@pulumi/pulumi/automation";
import { expect } from "chai";
import { topologyOf } from "../../../plan/topology";
import { commentLimit, type PreviewReport, renderComment } from "../../../tools/preview-comment/render-comment";
import { stackFileConfig } from "../../support/stack-file";
import { diagnosticEvent, preEvent, secret, summaryEvent, unknown, urn } from "./events";
import { expectGolden } from "./golden";

const vm = "proxmoxve:vm/virtualMachine:VirtualMachine";
const provider = { __provider: "exports.handler = __f0; // the serialized provider" };

/** What `pulumi preview --diff` printed, shortened: the comment folds it away as it is. */
const output = [
  "Previewing update (prod):",
  "  pulumi:pulumi:Stack: (same)",
  "    [urn=urn:pulumi:prod::budgetcloud::pulumi:pulumi:Stack::budgetcloud-prod]",
  "Resources:",
  "    + 1 to create",
  "    ~ 4 to update",
  "    - 1 to delete",
  "    +-1 to replace",
  "    7 changes. 40 unchanged",
  "",
].join("\n");

/** A prod preview with one of everything the table has to tell. */
const prodEvents: EngineEvent[] = [
  preEvent({ op: "same", type: "pulumi:pulumi:Stack", name: "budgetcloud-prod", parents: "" }),
  // The engine's default provider changes with the stack's config; `pulumi preview` does not show it.
  preEvent({ op: "update", type: "pulumi:providers:pulumi-nodejs", name: "default", parents: "", olds: {}, news: {} }),
  preEvent({ op: "read", type: "pulumi:pulumi:StackReference", name: "transnomis/budgetcloud/qa", parents: "" }),
  // A native provider reports a detailed diff, by property path.
  ...(["create-replacement", "replace", "delete-replaced"] as const).map((op) =>
    preEvent({
      op,
      type: vm,
      name: "prod-sql14-1",
      parents: "budgetcloud:cloud:Cloud$",
      logical: op === "replace",
      olds: {
        cpu: { cores: 4 },
        disks: [{ interface: "scsi0", size: 100 }],
        initialization: { userAccount: { username: "ansible", password: secret } },
        tags: {},
      },
      oldOutputs: { description: "golden image" },
      news: {
        cpu: { cores: 8 },
        disks: [{ interface: "scsi0", size: 200 }],
        initialization: { userAccount: { username: "ansible", password: secret } },
        tags: { "budgetcloud.io/tenant": "sql" },
      },
      more: {
        keys: ["disks"],
        detailedDiff: {
          "cpu.cores": { diffKind: DiffKind.update, inputDiff: true },
          "disks[0].size": { diffKind: DiffKind.updateReplace, inputDiff: true },
          "initialization.userAccount.password": { diffKind: DiffKind.update, inputDiff: true },
          'tags["budgetcloud.io/tenant"]': { diffKind: DiffKind.add, inputDiff: true },
          description: { diffKind: DiffKind.delete, inputDiff: false },
        },
      },
    }),
  ),
  // The dynamic providers report no diff: the inputs are compared, array items and object keys alike.
  preEvent({
    op: "update",
    type: "pulumi-nodejs:dynamic/routeros:FirewallChain",
    name: "MTK-3-forward",
    olds: {
      ...provider,
      chain: "forward",
      rules: [
        { action: "accept", comment: "established" },
        { action: "accept", comment: "CUSTOM:3" },
        { action: "drop", comment: "drop all" },
      ],
    },
    news: {
      __provider: "exports.handler = __f1; // a newer provider, which no one needs to see",
      chain: "forward",
      rules: [
        { action: "accept", comment: "established" },
        { action: "accept", comment: "CUSTOM:3 | sql `web`" },
        { action: "accept", comment: "CUSTOM:4" },
        { action: "drop", comment: "drop all" },
      ],
    },
  }),
  preEvent({
    op: "update",
    type: "pulumi-nodejs:dynamic/routeros:EthernetSettings",
    name: "MTK-3-sfp28-1",
    olds: {
      ...provider,
      advertise: "10G-baseSR",
      arp: "enabled",
      autoNegotiation: true,
      comment: "QA-PVE-1 (Port 1)",
      disabled: false,
      fecMode: "auto",
      l2mtu: 9134,
      mtu: 9050,
      rxFlowControl: "off",
      speed: "10G-baseSR-LR",
      txFlowControl: "off",
    },
    news: {
      ...provider,
      advertise: "25G-baseSR",
      arp: "proxy-arp",
      autoNegotiation: false,
      comment: "PROD-PVE-1 (Port 1)",
      disabled: true,
      fecMode: "fec91",
      l2mtu: 9216,
      mtu: 9000,
      rxFlowControl: "on",
      speed: "25G-baseSR-LR",
      txFlowControl: "on",
    },
  }),
  // Keys the engine names are shown even when their values are not known yet.
  preEvent({
    op: "update",
    type: "pulumi-nodejs:dynamic/routeros:IpAddress",
    name: "MTK-3-lo-address",
    olds: { ...provider, address: "192.168.254.3/32", interface: "lo" },
    news: { ...provider, address: "192.168.254.3/32", interface: unknown },
    more: { diffs: ["interface"] },
  }),
  // Only a secret changed: the inputs look the same, the secret is named.
  preEvent({
    op: "update",
    type: "pulumi-nodejs:dynamic/routeros:OspfInterfaceTemplate",
    name: "MTK-3-ospf-qsfp28-1-1",
    olds: { ...provider, area: "backbone-v2", authKey: secret, interfaces: ["qsfp28-1-1"] },
    news: { ...provider, area: "backbone-v2", authKey: secret, interfaces: ["qsfp28-1-1"] },
  }),
  preEvent({
    op: "create",
    type: "pulumi-nodejs:dynamic/routeros:Bridge",
    name: "MTK-3-br-web",
    news: { name: "br-web" },
  }),
  preEvent({
    op: "delete",
    type: "pulumi-nodejs:dynamic/routeros:Vxlan",
    name: "MTK-3-vxlan-legacy",
    olds: { name: "vxlan-legacy", vni: 99 },
  }),
  // The event log carries debug messages too, which the SDK's type leaves out.
  diagnosticEvent({
    severity: "debug" as DiagnosticEvent["severity"],
    prefix: "debug: ",
    message: "RegisterResource RPC prepared\n",
  }),
  diagnosticEvent({ severity: "info", message: "an info line the CLI shows without --diff\n" }),
  diagnosticEvent({
    severity: "warning",
    prefix: "warning: ",
    message: "rule 3 of forward is shadowed by rule 2\n",
    urn: urn("pulumi-nodejs:dynamic/routeros:FirewallChain", "MTK-3-forward"),
  }),
  diagnosticEvent({
    severity: "warning",
    prefix: "warning: ",
    message: "jumpcloudConnectKey is [secret]\nand has two lines\n",
  }),
  summaryEvent({ create: 1, update: 4, replace: 1, delete: 1, same: 40 }),
];

const prod = (events: EngineEvent[], out = output): PreviewReport => ({
  project: "budgetcloud",
  stack: "prod",
  events,
  output: out,
  failed: false,
});

describe("the preview comment, rendered from engine events", () => {
  it("tells a prod preview: replacement and deletion first, properties by path, secrets and unknowns named", () => {
    expectGolden("prod-preview.md", renderComment(prod(prodEvents)));
  });

  it("draws the topology after a change that adds a tenant, the new tenant marked", () => {
    const lab = stackFileConfig("lab");
    const web = {
      ...lab.tenants[0],
      name: "web",
      vni: 120,
      cidr: "192.168.120.0/24",
      gateway: "192.168.120.1",
      vrid: 120,
      bridge: "vbr120",
    };
    const tenant = "budgetcloud:cloud:Cloud$budgetcloud:network:TenantNetwork$";
    const events = [
      preEvent({ op: "same", type: "pulumi:pulumi:Stack", name: "budgetcloud-lab", parents: "" }),
      preEvent({
        op: "create",
        type: "budgetcloud:network:TenantNetwork",
        name: "lab-tenant-web",
        parents: "budgetcloud:cloud:Cloud$",
      }),
      ...["MTK-3", "MTK-4"].map((router) =>
        preEvent({
          op: "create",
          type: "pulumi-nodejs:dynamic/routeros:Vxlan",
          name: `lab-tenant-web-${router}-vxlan`,
          parents: tenant,
          news: { ...provider, name: "vxlan120", vni: 120, router },
        }),
      ),
      preEvent({
        op: "create",
        type: "pulumi-nodejs:dynamic/routeros:NatRule",
        name: "lab-MTK-3-srcnat-web",
        news: { ...provider, chain: "srcnat", action: "masquerade", srcAddress: "192.168.120.0/24" },
      }),
      summaryEvent({ create: 4, same: 190 }),
    ];
    const report = {
      project: "budgetcloud",
      stack: "lab",
      events,
      output: "Previewing update (lab):\nResources:\n    + 4 to create\n    190 unchanged\n",
      failed: false,
      topology: topologyOf({ ...lab, tenants: [...lab.tenants, web] }),
    };
    expectGolden("adds-a-tenant.md", renderComment(report));
  });

  it("names each changed item of a router's set by its key, field and menu", () => {
    const item = { menu: "EthernetSettings", defaultName: "sfp28-1", mtu: 9050, l2mtu: 9134 };
    const address = { menu: "IpAddress", address: "192.168.254.3/32", interface: "lo" };
    const events = [
      preEvent({
        op: "update",
        type: "pulumi-nodejs:dynamic/routeros:ItemSet",
        name: "prod-MTK-3-interfaces",
        parents: "budgetcloud:cloud:Cloud$budgetcloud:network:Router$",
        olds: {
          ...provider,
          router: "MTK-3",
          concern: "interfaces",
          items: { "sfp28-1": item, "lo-address": address },
        },
        news: { ...provider, router: "MTK-3", concern: "interfaces", items: { "sfp28-1": { ...item, mtu: 9000 } } },
      }),
      summaryEvent({ update: 1 }),
    ];
    const rows = renderComment(prod(events))
      .split("\n")
      .filter((line) => line.includes("prod-MTK-3-interfaces"));
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include('`items.lo-address` (IpAddress): `{"menu":"IpAddress",');
    expect(rows[0]).to.include("→ unset<br>`items.sfp28-1.mtu` (EthernetSettings): `9050` → `9000` |");
  });

  it("says there are no changes, and shows no table", () => {
    const events = [
      preEvent({ op: "same", type: "pulumi:pulumi:Stack", name: "budgetcloud-prod" }),
      summaryEvent({ same: 47 }),
    ];
    expectGolden(
      "no-changes.md",
      renderComment(prod(events, "Previewing update (prod):\nResources:\n    47 unchanged\n")),
    );
  });

  it("trims a long output in its middle, keeping the summary, the start and the end", () => {
    const lines = Array.from(
      { length: 5_000 },
      (_, index) => `    ~ pulumi-nodejs:dynamic/routeros:IpAddress: (update) line ${index}`,
    );
    const long = ["Previewing update (prod):", ...lines, "Resources:", "    7 changes. 40 unchanged", ""].join("\n");
    const whole = renderComment(prod(prodEvents));
    const trimmed = renderComment(prod(prodEvents, long));
    expect(trimmed.length).to.be.at.most(commentLimit);
    expect(trimmed.length).to.be.above(commentLimit - 200);
    const summary = whole.slice(0, whole.indexOf("<details>"));
    expect(trimmed.slice(0, summary.length)).to.equal(summary);
    expect(trimmed).to.include(
      "<summary>Output of <code>pulumi preview --diff</code>, trimmed: 4069 of 5004 lines left out to keep this comment under 64,000 characters; the job's log has them all</summary>",
    );
    expect(trimmed).to.include("```text\nPreviewing update (prod):\n");
    expect(trimmed).to.include(
      "(update) line 701\n… 4069 lines trimmed …\n    ~ pulumi-nodejs:dynamic/routeros:IpAddress: (update) line 4771\n",
    );
    const end = "Resources:\n    7 changes. 40 unchanged\n```\n\n</details>\n";
    expect(trimmed.slice(-end.length)).to.equal(end);
  });

  it("trims a table too long for one comment, keeping the counts and the replacements first", () => {
    const creates = Array.from({ length: 2_000 }, (_, index) =>
      preEvent({
        op: "create",
        type: "pulumi-nodejs:dynamic/routeros:IpAddress",
        name: `MTK-${index}-lo-address`,
        news: {},
      }),
    );
    const events = [
      ...creates,
      preEvent({ op: "delete", type: "pulumi-nodejs:dynamic/routeros:Vxlan", name: "MTK-3-vxlan-legacy", olds: {} }),
      summaryEvent({ create: 2_000, delete: 1, same: 40 }),
    ];
    const comment = renderComment(prod(events));
    expect(comment.length).to.be.at.most(commentLimit);
    const rows = comment.split("\n").filter((line) => line.startsWith("| "));
    expect(rows[0]).to.equal("| type | name | operation | changed properties |");
    expect(rows[2]).to.equal("| `pulumi-nodejs:dynamic/routeros:Vxlan` | `MTK-3-vxlan-legacy` | ⚠️ **delete** |  |");
    expect(rows.at(-1)).to.equal("| … |  |  | 1269 more resources; the job's log lists them all |");
    expect(comment).to.include("**2001 changes:** 2000 to create · 1 to delete · 40 unchanged");
    expect(comment).to.include("```text\nPreviewing update (prod):\n");
  });
});
