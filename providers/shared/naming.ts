/**
 * Declared names as Pulumi property names: RouterOS's `vtep-vrf` → `vtepVrf` and `identity.public`
 * → `identityPublic`, PVE's `min_size` → `minSize`; `l2mtu` stays.
 * Pulumi keeps `id` for a resource's own id and never hands an input of that name to its provider,
 * so a PVE parameter named `id` (a fabric's) is the property `pveId`.
 */
export function propertyName(declaredName: string): string {
  if (declaredName === "id") return "pveId";
  return declaredName.replace(/[-_.]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${CamelCase<Head>}${Capitalize<CamelCase<Tail>>}`
  : S extends `${infer Head}_${infer Tail}`
    ? `${Head}${Capitalize<CamelCase<Tail>>}`
    : S extends `${infer Head}.${infer Tail}`
      ? `${Head}${Capitalize<CamelCase<Tail>>}`
      : S;

/** The Pulumi property name of a declared name, as a type. */
export type PropertyName<S extends string> = S extends "id" ? "pveId" : CamelCase<S>;
