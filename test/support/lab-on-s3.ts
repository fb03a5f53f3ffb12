import { LabUnderTest } from "../../lab/lab-under-test";
import { S3StateServer } from "../../lab/s3-server";

/**
 * The lab stack with its state in a real S3 server, both started before the suite's tests and
 * stopped after them: call it inside a describe.
 */
export function labOnS3(): { lab: LabUnderTest; s3: S3StateServer } {
  const s3 = new S3StateServer();
  const lab = new LabUnderTest(undefined, s3);
  before(async () => {
    await s3.start();
    await lab.start();
  });
  after(async () => {
    await lab.stop();
    await s3.stop();
  });
  return { lab, s3 };
}
