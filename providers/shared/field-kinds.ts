/**
 * Field constructors for declarations (`text()`, `int({ default: "1" })`). Each keeps the literal
 * options it is given, so that a resource's argument types (which fields are required, which are
 * read-only) follow from its declaration alone.
 */
export function fieldKinds<Options extends object>() {
  return <K extends string>(kind: K) =>
    <const O extends Options = Options>(options?: O): { kind: K } & O =>
      ({ kind, ...options }) as { kind: K } & O;
}
