import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { runStack } from "../../../lab/stacks/fuzz";
import { drawShape } from "../../../lab/stacks/shape";
import { shapeSize } from "../../../lab/stacks/shrink";

// Seeds whose stacks between them hold every topology kind, both router models, one and two
// uplinks, split loopback blocks, denied and one-way tenant pairs, ZeroTier and monitoring, each
// on and off (the generator's own test shows the space; bench/fuzz/results.md runs the long list).
const CI_SEEDS = [1, 2, 3, 4, 5, 6];

describe("generated stacks through the lab: up, a clean preview and the data plane", function () {
  this.timeout(600_000);

  for (const seed of CI_SEEDS) {
    const shape = drawShape(seed);
    it(`seed ${seed}: ${shapeSize(shape)}`, async () => {
      const failure = await runStack(shape, {
        prefix: "bcz-",
        stateDir: path.join(os.tmpdir(), `budgetcloud-fuzz-dataplane-${process.pid}`),
        faults: true,
      });
      expect(failure, failure && `${failure.check}:\n${failure.lines.join("\n")}`).to.equal(undefined);
    });
  }
});
