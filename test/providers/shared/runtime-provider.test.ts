import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { entryPoints, providerSource } from "../../../providers/shared/runtime-provider";

/** Loads a provider module text as Pulumi's provider host does, from a working directory. */
function handlerFrom(text: string, cwd: string): () => unknown {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const module = { exports: {} as { handler: () => unknown } };
    new Function("exports", "require", "module", text)(module.exports, require, module);
    return () => {
      process.chdir(cwd);
      try {
        return module.exports.handler();
      } finally {
        process.chdir(before);
      }
    };
  } finally {
    process.chdir(before);
  }
}

describe("the provider module text kept in the state", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "budgetcloud-provider-text-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("takes the type's provider from its entry point in the working directory", () => {
    const entry = path.join(dir, entryPoints.routeros);
    fs.mkdirSync(path.dirname(entry), { recursive: true });
    fs.writeFileSync(entry, "exports.provider = (type) => ({ type });\n");
    expect(handlerFrom(providerSource("routeros", "IpAddress"), dir)()).to.deep.equal({ type: "IpAddress" });
  });

  it("names the entry point's path when the working directory has none", () => {
    expect(handlerFrom(providerSource("proxmox", "CephPool"), dir)).to.throw(
      `Cannot find module '${fs.realpathSync(dir)}/providers/entry-points/proxmox.js'`,
    );
  });

  it("is about a hundred bytes, since every resource's state holds it twice", () => {
    expect(providerSource("routeros", "OspfInterfaceTemplate").length).to.be.below(120);
  });
});
