import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { runtimeProvider } from "../shared/runtime-provider";
import type { Field } from "./fields";
import { type PropertyName, propertyName } from "./naming";
import type { TypedPveObject } from "./object";
import { cephPool, rbdStorage, sdnApplyType, sdnFabricNode, sdnOspfFabric, sdnVnet, sdnVxlanZone } from "./objects";

type ValueOf<F> = F extends { kind: "int" | "number" }
  ? number
  : F extends { kind: "bool" }
    ? boolean
    : F extends { kind: "list" | "set" }
      ? string[]
      : string;
type RequiredKeys<F> = { [K in keyof F]: F[K] extends { required: true } ? K : never }[keyof F] & string;

/** An argument's input: a list may mix plain values and outputs, as `[ha.sid]`. */
type InputOf<F> = F extends { kind: "list" | "set" } ? pulumi.Input<pulumi.Input<string>[]> : pulumi.Input<ValueOf<F>>;

/** A declaration's fields as resource arguments: required ones required, the rest optional. */
export type FieldArgs<F> = { [K in RequiredKeys<F> as PropertyName<K>]: InputOf<F[K]> } & {
  [K in Exclude<keyof F & string, RequiredKeys<F>> as PropertyName<K>]?: InputOf<F[K]>;
};

export type FieldOutputs<F> = { readonly [K in keyof F & string as PropertyName<K>]: pulumi.Output<ValueOf<F[K]>> };

type ObjectResource<F> = new (
  name: string,
  args: FieldArgs<F>,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.dynamic.Resource & FieldOutputs<F>;

const proxmoxProvider = (type: string) => runtimeProvider("proxmox", type);

const secretProperties = (fields: Record<string, Field>) =>
  Object.entries(fields)
    .filter(([, field]) => field.secret)
    .map(([name]) => propertyName(name));

const computedOutputs = (fields: Record<string, Field>) =>
  Object.fromEntries(Object.keys(fields).map((name) => [propertyName(name), undefined]));

/** A Pulumi resource class for a declared object: nothing but the declaration makes it. */
function objectResource<F extends Record<string, Field>>(object: TypedPveObject<F>): ObjectResource<F> {
  const provider = proxmoxProvider(object.type);
  const computed = computedOutputs(object.fields);
  const secrets = secretProperties(object.fields);
  return class extends pulumi.dynamic.Resource {
    constructor(name: string, args: FieldArgs<F>, opts?: pulumi.CustomResourceOptions) {
      super(
        provider,
        name,
        { ...computed, ...args },
        { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] },
        "proxmox",
        object.type,
      );
    }
  } as unknown as ObjectResource<F>;
}

/** A Ceph pool; `node` is the node the API reaches Ceph through. Never deleted while the stack protects storage. */
export const CephPool = objectResource(cephPool);
/** A storage entry for a Ceph RBD pool, usable by the nodes given (all when none are). */
export const RbdStorage = objectResource(rbdStorage);
/** A PVE 9 OSPF fabric (`pveId` its id): the nodes' routing, in an area over a prefix; applied by an SdnApply. */
export const SdnOspfFabric = objectResource(sdnOspfFabric);
/** A node of a fabric: its IP (the loopback) and its interfaces in the fabric; applied by an SdnApply. */
export const SdnFabricNode = objectResource(sdnFabricNode);
/** A VXLAN zone between the given peers (the nodes' loopbacks); applied by an SdnApply. */
export const SdnVxlanZone = objectResource(sdnVxlanZone);
/** A vnet: the bridge VMs attach to, with its VNI as `tag`; applied by an SdnApply. */
export const SdnVnet = objectResource(sdnVnet);

const sdnApplyProvider = proxmoxProvider(sdnApplyType);

export interface SdnApplyArgs {
  /** Changes whenever a fabric, zone or vnet definition does: `sdnRevision(definitions)`. */
  revision: pulumi.Input<string>;
}

/**
 * Applies the staged SDN configuration (`PUT /cluster/sdn`) once per run, after the fabrics, zones
 * and vnets it depends on: when created, when its revision changes, and when the run put back a
 * drifted one. Give it `dependsOn` every fabric, fabric node, zone and vnet.
 */
export class SdnApply extends pulumi.dynamic.Resource {
  declare readonly revision: pulumi.Output<string>;

  constructor(name: string, args: SdnApplyArgs, opts?: pulumi.CustomResourceOptions) {
    super(sdnApplyProvider, name, args, opts, "proxmox", sdnApplyType);
  }
}

/** A revision for SdnApply: a hash of the fabric, zone and vnet definitions, as plain data. */
export function sdnRevision(definitions: unknown): string {
  return createHash("sha256").update(JSON.stringify(definitions)).digest("hex");
}
