import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { runStack, storedStackFileOf } from "../../../lab/stacks/fuzz";

const dir = path.join(__dirname, "regressions");

describe("stacks that generated stacks once failed on, through the lab", function () {
  this.timeout(600_000);

  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    it(file, async () => {
      const failure = await runStack(storedStackFileOf(fs.readFileSync(path.join(dir, file), "utf8")), {
        prefix: "bcr-",
        stateDir: path.join(os.tmpdir(), `budgetcloud-regression-dataplane-${process.pid}`),
        faults: true,
      });
      expect(failure, failure && `${failure.check}:\n${failure.lines.join("\n")}`).to.equal(undefined);
    });
  }
});
