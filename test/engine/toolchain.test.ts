import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";

// The engine the tests run is the one users run: Pulumi's own Node.js language host, which reports
// the version of the CLI it ships with, and the proxmoxve plugin @muhlba91/pulumi-proxmoxve needs.
describe("the toolchain under the engine", function () {
  this.timeout(60_000);

  const root = path.resolve(__dirname, "..", "..");
  const pulumi = (args: string[], cwd = root) => {
    const backend = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-about-"));
    try {
      return execFileSync("pulumi", args, {
        cwd,
        encoding: "utf8",
        env: { ...process.env, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "about" },
      });
    } finally {
      fs.rmSync(backend, { recursive: true, force: true });
    }
  };

  it("runs programs with Pulumi's Node.js language host, of the CLI's own version", () => {
    const cli = pulumi(["version"]).trim().replace(/^v/, "");
    const about = JSON.parse(pulumi(["about", "--json"], path.join(__dirname, "fixture"))) as {
      plugins: { name: string; kind: string; version: string }[];
    };
    expect(about.plugins).to.deep.include({ name: "nodejs", kind: "language", version: cli });
  });

  it("has the proxmoxve resource plugin at the version package.json pins for its SDK", () => {
    const sdk = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).dependencies[
      "@muhlba91/pulumi-proxmoxve"
    ];
    const plugins = JSON.parse(pulumi(["plugin", "ls", "--json"])) as { name: string; kind: string; version: string }[];
    expect(plugins.map(({ name, kind, version }) => ({ name, kind, version }))).to.deep.include({
      name: "proxmoxve",
      kind: "resource",
      version: sdk,
    });
  });
});
