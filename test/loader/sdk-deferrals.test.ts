import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";

const root = path.resolve(__dirname, "..", "..");

/** What a process that loads the SDK through budgetcloud's loader has loaded, and what it can still do. */
async function inLoadedProcess(script: string): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--require", "./loader/typescript.js", "--no-deprecation", "--no-warnings", "-e", script],
    { cwd: root, encoding: "utf8" },
  );
  return JSON.parse(stdout);
}

const loaded = `const loaded = (end) => Object.keys(require.cache).some((file) => file.endsWith(end));`;

describe("the SDK's closure serialization, deferred by the loader", () => {
  it("leaves the TypeScript compiler and npm's Arborist unloaded when the SDK starts", async () => {
    const held = await inLoadedProcess(
      `${loaded} require("@pulumi/pulumi");
       console.log(JSON.stringify({ typescript: loaded("typescript/lib/typescript.js"), arborist: loaded("@npmcli/arborist/lib/index.js") }));`,
    );
    expect(held).to.deep.equal({ typescript: false, arborist: false });
  });

  it("still serializes a closure, loading them then", async () => {
    const held = await inLoadedProcess(
      `${loaded} const pulumi = require("@pulumi/pulumi");
       pulumi.runtime.serializeFunction(() => 42).then((f) => console.log(JSON.stringify({
         runs: f.text.includes("42"), typescript: loaded("typescript/lib/typescript.js") })));`,
    );
    expect(held).to.deep.equal({ runs: true, typescript: true });
  });

  it("still computes a closure's code paths, which need Arborist", async () => {
    const held = await inLoadedProcess(
      `${loaded} const pulumi = require("@pulumi/pulumi");
       pulumi.runtime.computeCodePaths({ extraIncludePackages: ["zod"] }).then((paths) => console.log(JSON.stringify({
         zod: [...paths.keys()].some((p) => p.includes("zod")), arborist: loaded("@npmcli/arborist/lib/index.js") })));`,
    );
    expect(held).to.deep.equal({ zod: true, arborist: true });
  });
});
