import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

const goldenDirectory = path.join(__dirname, "golden");

/** Compares with the golden file byte for byte; `UPDATE_GOLDEN=1` rewrites it after a deliberate change. */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(goldenDirectory, name);
  if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(file, actual);
  expect(actual).to.equal(fs.readFileSync(file, "utf8"));
}
