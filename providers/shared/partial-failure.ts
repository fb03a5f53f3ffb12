/**
 * A create or update that failed halfway. Pulumi records `properties` as the resource's state (its
 * "initialization failed" path), so what already stands on the device is tracked, and the next run
 * converges from there instead of starting over and leaving orphans.
 */
export class PartialFailure extends Error {
  readonly reasons: string[];

  constructor(
    cause: unknown,
    readonly id: string,
    readonly properties: Record<string, unknown>,
  ) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(message);
    this.name = "PartialFailure";
    this.reasons = [message];
  }
}
