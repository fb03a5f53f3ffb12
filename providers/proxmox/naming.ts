/** PVE parameter names as Pulumi property names: `min_size` → `minSize`, `vxlan-port` → `vxlanPort`. */
export function propertyName(pveName: string): string {
  return pveName.replace(/[-_]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The Pulumi property name of a PVE parameter, as a type. */
export type PropertyName<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${PropertyName<Head>}${Capitalize<PropertyName<Tail>>}`
  : S extends `${infer Head}_${infer Tail}`
    ? `${Head}${Capitalize<PropertyName<Tail>>}`
    : S;
