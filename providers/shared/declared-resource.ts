import * as pulumi from "@pulumi/pulumi";
import { type PropertyName, propertyName } from "./naming";
import { adoptsPendingCreate } from "./pending-creates";
import { type ProviderModule, providerSource } from "./runtime-provider";

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

/** A resource class of a budgetcloud provider: its arguments, and the outputs it declares. */
export type ProvidedResource<Args, Outputs> = new (
  name: string,
  args: Args,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource & Outputs;

/** How a provider's resource class treats its properties. */
export interface ResourceShape {
  /** Outputs the provider fills in that no argument gives. */
  computed?: string[];
  /** Outputs that stay encrypted in the state. */
  secrets?: string[];
  /** Arguments kept secret whatever they are given as. */
  secretInputs?: string[];
  /** The module of the type token, when it is not the provider's: `pulumi-nodejs:dynamic/<namespace>:<type>`. */
  namespace?: string;
}

/**
 * The resource class of one type of a provider: what pulumi.dynamic.Resource makes, with the
 * provider as budgetcloud's own short module text (providerSource) instead of a serialized closure,
 * since the text is part of every resource's state.
 */
export function providedResource<Args extends object, Outputs>(
  module: ProviderModule,
  type: string,
  { computed = [], secrets = [], secretInputs = [], namespace = module }: ResourceShape = {},
): ProvidedResource<Args, Outputs> {
  const provider = providerSource(module, type);
  const unknowns = Object.fromEntries(computed.map((name) => [name, undefined]));
  const token = `pulumi-nodejs:dynamic/${namespace}:${type}`;
  return class extends pulumi.CustomResource {
    constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
      const given = args as Record<string, unknown>;
      const hidden = Object.fromEntries(
        secretInputs.filter((key) => key in given).map((key) => [key, pulumi.secret(given[key])]),
      );
      const adopt = adoptsPendingCreate(token, name) ? { adopt: true } : {};
      super(
        token,
        name,
        { ...unknowns, ...args, ...hidden, ...adopt, __provider: provider },
        { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] },
      );
    }
  } as unknown as ProvidedResource<Args, Outputs>;
}

/**
 * The Pulumi resource classes of a provider's declarations (RouterOS menus, Proxmox objects), by
 * the names they are exported under: nothing but a declaration makes a class. Every field is an
 * output, and the secret ones stay encrypted in the state. `Extra` is what the provider takes
 * besides the fields, as the router a RouterOS item is on.
 */
export function declaredResources<
  D extends Record<string, { type: string; fields: Record<string, DeclaredField> }>,
  Extra extends object = object,
>(
  module: ProviderModule,
  declarations: D,
): { [K in keyof D]: ProvidedResource<FieldArgs<D[K]["fields"]> & Extra, FieldOutputs<D[K]["fields"]>> } {
  const classes = Object.entries(declarations).map(([name, { type, fields }]) => {
    const names = Object.keys(fields);
    const resource = providedResource(module, type, {
      computed: names.map(propertyName),
      secrets: names.filter((field) => fields[field].secret).map(propertyName),
    });
    return [name, resource];
  });
  return Object.fromEntries(classes);
}
