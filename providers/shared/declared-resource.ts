import * as pulumi from "@pulumi/pulumi";
import { type PropertyName, propertyName } from "./naming";
import { runtimeProvider } from "./runtime-provider";

/** What a resource class needs of a declared field, whichever device's declaration it is. */
export interface DeclaredField {
  kind: string;
  required?: boolean;
  /** Read from the device, never given. */
  readOnly?: boolean;
  /** Kept encrypted in the state. */
  secret?: boolean;
}

type ValueOf<F> = F extends { kind: "int" | "number" }
  ? number
  : F extends { kind: "bool" }
    ? boolean
    : F extends { kind: "list" | "set" }
      ? string[]
      : string;
type RequiredKeys<F> = { [K in keyof F]: F[K] extends { required: true } ? K : never }[keyof F] & string;
type ComputedKeys<F> = { [K in keyof F]: F[K] extends { readOnly: true } ? K : never }[keyof F] & string;

/** An argument's input: a list may mix plain values and outputs, as `[ha.sid]`. */
type InputOf<F> = F extends { kind: "list" | "set" } ? pulumi.Input<pulumi.Input<string>[]> : pulumi.Input<ValueOf<F>>;

/** A declaration's fields as resource arguments: required ones required, read-only ones left out. */
export type FieldArgs<F> = { [K in RequiredKeys<F> as PropertyName<K>]: InputOf<F[K]> } & {
  [K in Exclude<keyof F & string, RequiredKeys<F> | ComputedKeys<F>> as PropertyName<K>]?: InputOf<F[K]>;
};

export type FieldOutputs<F> = { readonly [K in keyof F & string as PropertyName<K>]: pulumi.Output<ValueOf<F[K]>> };

export type DeclaredResource<F, Extra> = new (
  name: string,
  args: FieldArgs<F> & Extra,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.dynamic.Resource & FieldOutputs<F>;

/**
 * A Pulumi resource class for a declaration (a RouterOS menu, a Proxmox object): nothing but the
 * declaration makes it. Every field is an output, and the secret ones stay encrypted in the state.
 * `Extra` is what the provider takes besides the fields, as the router a RouterOS item is on.
 */
export function declaredResource<F extends Record<string, DeclaredField>, Extra extends object = object>(
  module: Parameters<typeof runtimeProvider>[0],
  declaration: { type: string; fields: F },
): DeclaredResource<F, Extra> {
  const provider = runtimeProvider(module, declaration.type);
  const names = Object.keys(declaration.fields);
  const computed = Object.fromEntries(names.map((name) => [propertyName(name), undefined]));
  const secrets = names.filter((name) => declaration.fields[name].secret).map(propertyName);
  return class extends pulumi.dynamic.Resource {
    constructor(name: string, args: FieldArgs<F> & Extra, opts?: pulumi.CustomResourceOptions) {
      super(
        provider,
        name,
        { ...computed, ...args },
        { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] },
        module,
        declaration.type,
      );
    }
  } as unknown as DeclaredResource<F, Extra>;
}
