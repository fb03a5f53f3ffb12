import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { topologyOf } from "../../../plan/topology";
import { dotGraph } from "../../../tools/diagram/dot-graph";
import { render } from "../../../tools/diagram/render";
import { stackFileConfig } from "../../support/stack-file";

const root = path.resolve(__dirname, "../../..");
/** The texts of an SVG Graphviz drew: every label line, as a reader sees it. */
const textsOf = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map(([, text]) =>
    text
      .replace(/&#45;/g, "-")
      .replace(/&amp;/g, "&")
      .replace(/&#160;/g, " "),
  );

describe("the topology picture", () => {
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-diagram-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is drawn by Graphviz as an SVG and a PNG, with the plan's facts in its labels", async () => {
    const lab = stackFileConfig("lab");
    const files = await render(dotGraph(topologyOf(lab)), path.join(dir, "topology-lab"));
    expect(files.map((f) => path.basename(f))).to.deep.equal(["topology-lab.svg", "topology-lab.png"]);
    expect(fs.readFileSync(files[1]).subarray(1, 4).toString()).to.equal("PNG");
    const texts = textsOf(fs.readFileSync(files[0], "utf8"));
    expect(texts).to.include.members([
      "MTK-1",
      "loopback 192.168.254.1/32",
      "192.168.140.0/30",
      "qsfp28-2-1",
      "tenant app · VNI 110 · 192.168.110.0/24",
      "gateway 192.168.110.1",
      "master 200",
      "backup 100",
      "app-web-1",
      "on PVE-1",
      "Internet",
    ]);
    expect(texts.some((t) => t.startsWith("src-NAT "))).to.equal(true);
  });

  it("marks Windows VMs apart and names each tenant's VMs under their node", () => {
    const lab = stackFileConfig("lab");
    const topology = topologyOf(lab);
    const windows = { ...topology.vms[0], name: "prod-win-1", os: "windows" as const };
    const dot = dotGraph({ ...topology, vms: [...topology.vms, windows] });
    expect(dot).to.match(/"vm-prod-win-1" \[\s*label = "prod-win-1\\n[\d.]+\\nwindows";[^\]]*shape = "component";/);
  });

  it("in the README is of today's prod stack: every router, link and tenant of its config is in it", () => {
    const texts = textsOf(fs.readFileSync(path.join(root, "docs/topology-prod.svg"), "utf8"));
    const topology = topologyOf(stackFileConfig("prod"));
    const expected = [
      ...topology.routers.flatMap((r) => [r.name, `loopback ${r.loopback}`]),
      ...topology.links.map((l) => l.subnet),
      ...topology.tenants.map((t) => `tenant ${t.name} · VNI ${t.vni} · ${t.cidr}`),
      ...topology.vms.map((vm) => vm.name),
    ];
    expect(
      expected.filter((text) => !texts.includes(text)),
      "run make diagram STACK=prod",
    ).to.deep.equal([]);
  });

  it("says what to install when Graphviz is missing", async () => {
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      const failed = await render("digraph {}", path.join(dir, "none")).catch((e: Error) => e.message);
      expect(failed).to.equal("Graphviz's dot is not installed: apt-get install graphviz (make test installs it)");
    } finally {
      process.env.PATH = saved;
    }
  });
});
