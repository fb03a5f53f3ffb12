import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { recordProgramFramesOnly } from "../../components/recorded-stack-traces";

// What Pulumi records for a resource is Resource.stackTrace, read from `new Error().stack`.
const { stackTrace } = pulumi.Resource as unknown as {
  stackTrace(skip: number): ({ uri: string; line: number; column: number } | undefined)[];
};

describe("the stack traces recorded with resources", () => {
  let before: typeof Error.prepareStackTrace;
  beforeEach(() => {
    before = Error.prepareStackTrace;
    recordProgramFramesOnly();
  });
  afterEach(() => {
    Error.prepareStackTrace = before;
  });

  it("keep the SDK's own frames and the program's, each with a position, and nothing else", () => {
    const [trace] = [0].map(() => stackTrace(0));
    // V8 writes an anonymous function's frame without parentheses, and Pulumi reads no position from it.
    expect(trace).to.not.include(undefined);
    const uris = trace.map((frame) => frame?.uri);
    expect(uris[0]).to.match(/node_modules\/@pulumi\/pulumi\/resource\.js$/);
    expect(uris.slice(1)).to.have.length.greaterThan(0);
    for (const uri of uris.slice(1)) expect(uri).to.match(/\/test\/components\/recorded-stack-traces\.test\.ts$/);
  });

  it("keep only the program's frames in the stacks the SDK keeps with its promises", () => {
    const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable") as {
      debuggablePromise(p: Promise<unknown>, ctx: unknown): unknown;
    };
    // The SDK keeps the stack on the promise it is given.
    const promise = Promise.resolve() as Promise<void> & { _debugStackTrace?: string };
    [0].map(() => debuggablePromise(promise, "test"));
    const kept = promise._debugStackTrace ?? "";
    const frames = kept.split("\n").slice(1);
    expect(frames).to.have.length.greaterThan(0);
    for (const frame of frames)
      expect(frame).to.match(/\/test\/components\/recorded-stack-traces\.test\.ts:\d+:\d+\)?$/);
  });

  it("leave every other stack as V8 writes it", () => {
    const stack = [0].map(() => new Error("boom").stack ?? "")[0];
    expect(stack.split("\n")[0]).to.equal("Error: boom");
    expect(stack).to.include("at Array.map (<anonymous>)");
    expect(stack).to.match(/node_modules\/mocha\//);
  });
});
