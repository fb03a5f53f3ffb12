import type { CollectionEngine } from "./collection-engine";
import type { Access } from "./permissions";
import type { ApiReference, HttpMethod } from "./schema";
import type { ClusterState } from "./state";
import type { TaskRunner } from "./tasks";
import type { ParamObject, ParamValue } from "./validation";
import type { VmConfigSchema } from "./vm-config";
import type { VolumeStore } from "./volumes";

/** What the hand-written behaviour modules work with. */
export interface ClusterContext {
  readonly reference: ApiReference;
  readonly state: ClusterState;
  readonly tasks: TaskRunner;
  readonly vmSchema: VmConfigSchema;
  readonly volumes: VolumeStore;
  readonly collections: CollectionEngine;
  /** The node whose pveproxy the API talks to; cluster-wide tasks run there. */
  readonly localNode: string;
  /** The directory standing for `/var/lib/vz/snippets` on a node. */
  snippetsDir(node: string): string;
  /** How long after a start the guest agent answers. */
  agentStartupMs(): number;
  /** The SHA-256 fingerprint of the API's certificate, as /nodes reports it. */
  sslFingerprint(): string;
}

/** A request that passed authentication and the schema check. */
export interface ApiCall {
  method: HttpMethod;
  template: string;
  /** Body, query and path parameters together, checked against the method's schema. */
  params: ParamObject;
  /** The token's user ID with the token name, as PVE puts it in UPIDs: `user@realm!token`. */
  user: string;
  /** What the token may do: for the checks a handler makes itself, and the lists it filters. */
  access: Access;
}

export type Route = (call: ApiCall) => unknown;

/** An answer with attributes beside `data`, as PVE's set_result_attrib gives them: a log's `total`, a network's `changes`. */
export class WithAttributes {
  constructor(
    readonly data: unknown,
    readonly attributes: Readonly<Record<string, unknown>>,
  ) {}
}

/** Hand-written behaviour, by "METHOD /path/template". */
export type Routes = Record<string, Route>;

const scalar = (value: ParamValue | undefined) =>
  value === undefined || value === null || typeof value === "object" ? undefined : value;

/** A checked parameter as text, or undefined when absent. */
export const text = (params: ParamObject, name: string): string | undefined => {
  const value = scalar(params[name]);
  return value === undefined ? undefined : String(value);
};

export const integer = (params: ParamObject, name: string): number | undefined => {
  const value = text(params, name);
  return value === undefined ? undefined : Number(value);
};

/** A checked boolean parameter (1/0, or JSON true/false). */
export const flag = (params: ParamObject, name: string): boolean | undefined => {
  const value = scalar(params[name]);
  return value === undefined ? undefined : value === true || String(value) === "1";
};

/** The `{node}` of the path, which every node-level route has. */
export const nodeOf = (call: ApiCall) => String(call.params.node);
