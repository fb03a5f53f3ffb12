/** RouterOS field names as Pulumi property names: `vtep-vrf` → `vtepVrf`, `l2mtu` stays. */
export function propertyName(rosName: string): string {
  return rosName.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The Pulumi property name of a RouterOS field, as a type. */
export type PropertyName<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<PropertyName<Tail>>}`
  : S;
