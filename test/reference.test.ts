import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

// A user's clone has the repository and nothing beside it: the vendored reference must be the one
// its README describes, and no file may reach outside the repository for it or for the talk.
const root = path.resolve(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "reference", "README.md"), "utf8");

describe("The vendored reference data", () => {
  const listed = [...readme.matchAll(/^\| `([^`]+\.json)` \|.*\| `([0-9a-f]{64})` \|$/gm)];

  it("lists every file of reference/ with its checksum", () => {
    const files = fs.readdirSync(path.join(root, "reference")).filter((name) => name !== "README.md");
    expect(listed.map(([, name]) => name).sort()).to.deep.equal(files.sort());
  });

  for (const [, name, sha256] of listed) {
    it(`${name} is the file the README describes`, () => {
      const actual = createHash("sha256")
        .update(fs.readFileSync(path.join(root, "reference", name)))
        .digest("hex");
      expect(actual).to.equal(sha256);
    });
  }

  it("is read from the repository only: nothing reads ../shared/ but the optional toolchain mirror", () => {
    const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0");
    const readers = tracked.filter((file) => {
      // A tracked link (a test fixture's link to the providers) is read where it points, with the tree.
      if (
        file === "" ||
        file.endsWith(".json") ||
        !fs.lstatSync(path.join(root, file), { throwIfNoEntry: false })?.isFile()
      )
        return false;
      return /shared\/(reference|seed|notes)/.test(fs.readFileSync(path.join(root, file), "utf8"));
    });
    expect(readers).to.deep.equal([]);
  });
});
