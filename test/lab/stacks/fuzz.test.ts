import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { runStack, stackFileOf } from "../../../lab/stacks/fuzz";
import { CI_SEEDS } from "../../../lab/stacks/seeds";
import { drawShape } from "../../../lab/stacks/shape";
import { shapeSize } from "../../../lab/stacks/shrink";

describe("generated stacks through the lab: up, a clean preview and the data plane", function () {
  this.timeout(600_000);

  for (const seed of CI_SEEDS) {
    const shape = drawShape(seed);
    it(`seed ${seed}: ${shapeSize(shape)}`, async () => {
      const failure = await runStack(stackFileOf(shape), {
        prefix: "bcz-",
        stateDir: path.join(os.tmpdir(), `budgetcloud-fuzz-dataplane-${process.pid}`),
        faults: true,
      });
      expect(failure, failure && `${failure.check}:\n${failure.lines.join("\n")}`).to.equal(undefined);
    });
  }
});
