import { expect } from "chai";
import { labOnS3 } from "../support/lab-on-s3";

const LOCKS = ".pulumi/locks";

// Two CI runners on one stack: the S3 backend's lock lets one up run, and turns the other away
// before it touches a device.
describe("one run at a time on a stack kept in S3", function () {
  this.timeout(600_000);
  const { lab, s3 } = labOnS3();

  it("turns a second up away with Pulumi's lock error while the first holds the stack, and lets it finish", async () => {
    // Slow routers keep the first up going while the second one starts.
    for (const router of lab.routers.all()) router.knobs.latencyMs = 100;
    const first = lab.stack.up();
    while (s3.objects(LOCKS).length === 0) await new Promise((resolve) => setTimeout(resolve, 100));

    const second = await lab.stack.up().then(
      () => "succeeded",
      (error: Error) => error.message,
    );
    expect(second).to.match(/the stack is currently locked by 1 lock\(s\)/);
    expect(second).to.include("pulumi cancel");

    const done = await first;
    expect(done.summary.result).to.equal("succeeded");
    expect(s3.objects(LOCKS), "the lock is let go").to.deep.equal([]);
    const preview = await lab.stack.preview();
    expect(Object.keys(preview.changeSummary)).to.deep.equal(["same"]);
  });
});
