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

/**
 * The kinds every device's declarations have, for that device's field options: `list` keeps its
 * values' order (DNS servers, a rule's states), and `comment` is the free text most objects carry.
 */
export function commonKinds<Options extends { default?: string }>() {
  const fieldOf = fieldKinds<Options>();
  const text = fieldOf("text");
  return {
    text,
    int: fieldOf("int"),
    bool: fieldOf("bool"),
    list: fieldOf("list"),
    comment: () => text({ default: "" } as Options & { default: "" }),
  };
}
