import * as pulumi from "@pulumi/pulumi";

/** A resource as a component declared it: its type, name, inputs and parent. */
export interface Declared {
  type: string;
  name: string;
  props: Record<string, unknown>;
  parent?: pulumi.Resource;
  opts: pulumi.ResourceOptions;
  resource: pulumi.Resource;
}

/** The ZeroTier address every mocked router reports. */
export const ZEROTIER_ADDRESS = "0a1b2c3d4e";

pulumi.runtime.setMocks(
  {
    // A router's ZeroTier instance reports its identity, which starts with the router's ZeroTier address.
    newResource: (args) => ({
      id: `${args.name}-id`,
      state: args.type.endsWith(":ZeroTierInstance")
        ? { ...args.inputs, identityPublic: `${ZEROTIER_ADDRESS}:0:9f2c` }
        : args.inputs,
    }),
    call: (args) => args.inputs,
  },
  "budgetcloud",
  "test",
  true,
);

/** Records every resource declared under a component, through a transformation it hands down. */
export function recorder(): { declared: Declared[]; transformations: pulumi.ResourceTransformation[] } {
  const declared: Declared[] = [];
  return {
    declared,
    transformations: [
      (args) => {
        declared.push({
          type: args.type,
          name: args.name,
          props: args.props,
          parent: args.opts.parent,
          opts: args.opts,
          resource: args.resource,
        });
        return undefined;
      },
    ],
  };
}

/** Settles a value that may hold Outputs, as the engine would see it. */
export function settled<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(value).apply((v) => resolve(v as T)));
}

/** The items of a declared ItemSet by key, as `menu name-or-address`, in the order the component gave them. */
export function setItems(declared: Declared[], name: string): Record<string, Record<string, unknown>> {
  const set = declared.find((d) => d.name === name && d.type.endsWith(":ItemSet"));
  if (!set) throw new Error(`no ItemSet ${name} was declared`);
  return set.props.items as Record<string, Record<string, unknown>>;
}
