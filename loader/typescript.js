// How the program and the dynamic providers load budgetcloud's TypeScript on every run (the
// program through Pulumi.yaml's nodeargs, each provider process through its entry point). Sucrase
// strips the types and keeps every line where it was; what it made of a file is kept on disk by
// the file's content, and V8's compilation of every module in Node.js's compile cache, so a run
// transforms and compiles only what changed since the last one. Nothing is read back that does
// not match: a changed file, another Sucrase or another Node.js makes a new entry.
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const { addHook } = require("pirates");

Module.enableCompileCache?.();
require("./sdk-deferrals");

const cacheDir = path.join(__dirname, "..", "node_modules", ".cache", "budgetcloud-typescript");
const sucraseVersion = require("sucrase/package.json").version;

function transformed(code, filePath) {
  const key = crypto.createHash("sha256").update(`${sucraseVersion}\0${filePath}\0${code}`).digest("hex");
  const entry = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(entry, "utf8");
  } catch {
    // Not transformed yet.
  }
  const { transform } = require("sucrase");
  const output = transform(code, { transforms: ["typescript", "imports"], filePath }).code;
  try {
    // Written aside and renamed, so that a process reading the entry sees all of it or none.
    fs.mkdirSync(cacheDir, { recursive: true });
    const partial = `${entry}.${process.pid}`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, entry);
  } catch {
    // A read-only checkout runs without the cache.
  }
  return output;
}

addHook(transformed, { exts: [".ts"] });
