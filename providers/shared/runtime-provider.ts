import type * as pulumi from "@pulumi/pulumi";
import type { Props } from "./field-values";
import type { ConfigSource } from "./stack-config";
import { withWriteCredentials, writeCredentials } from "./write-credentials";

/** Pulumi's dynamic-provider operations for one resource type. */
export type Operations = Required<Omit<pulumi.dynamic.ResourceProvider, "check" | "configure">>;

/** The engine of a declared object type (a Proxmox object, a Central object): one per resource type. */
export interface DeclaredEngine {
  diff(id: string, olds: Props, news: Props): pulumi.dynamic.DiffResult;
  create(props: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id?: string; props: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

/** Pulumi's operations over a declared object's engine; a refresh reports what it read as the inputs too. */
export function engineOperations(engine: DeclaredEngine): Operations {
  return {
    diff: async (id, olds, news) => engine.diff(id, olds, news),
    create: (inputs) => engine.create(inputs),
    read: async (id, props) => {
      const result = await engine.read(id, props ?? {});
      // Refreshed inputs let the next `up` see drift and put it back.
      return { ...result, inputs: result.props };
    },
    update: (id, olds, news) => engine.update(id, olds, news),
    delete: (id, props) => engine.delete(id, props),
  };
}

/** What a provider's runtime module exports: it is loaded once per provider process. */
export interface ProviderRuntime {
  configure(get: (key: string) => string | undefined): void;
  operations(type: string): Operations;
}

/** What an entry point exports: the runtime, and the dynamic provider of each of its types. */
export interface EntryPoint extends ProviderRuntime {
  provider(type: string): pulumi.dynamic.ResourceProvider;
}

/**
 * The entry point of each provider, relative to the project root. Every resource's state names its
 * entry point by this path, so a path here never changes: a runtime that moves is pointed to from
 * its entry point instead (test/engine/state-fixture.test.ts refreshes and destroys an older state).
 */
export const entryPoints = {
  routeros: "providers/entry-points/routeros.js",
  proxmox: "providers/entry-points/proxmox.js",
  snippets: "providers/entry-points/snippets.js",
  zerotier: "providers/entry-points/zerotier.js",
  librenms: "providers/entry-points/librenms.js",
} as const;

export type ProviderModule = keyof typeof entryPoints;

/**
 * The dynamic provider Pulumi keeps in the state of every resource budgetcloud manages (its
 * `__provider`), as the module text Pulumi's provider host loads. It holds no logic: it takes the
 * type's provider from the provider's entry point in the project's root, which is the working
 * directory Pulumi starts every provider process in (Pulumi.yaml names no `main`). The text
 * therefore stays the same across upgrades of budgetcloud and across the machines a stack is run
 * from, every resource of a run shares the runtime's connections and read cache, and each resource
 * carries about a hundred bytes of it, twice (inputs and outputs), in a state the engine writes
 * after every step. A project without the entry point fails with Node.js's error naming its path.
 */
export function providerSource(module: ProviderModule, type: string): string {
  return `exports.handler=()=>require(process.cwd()+${JSON.stringify(`/${entryPoints[module]}`)}).provider(${JSON.stringify(type)})`;
}

/**
 * An entry point's exports for a runtime: the runtime itself, as the states written before
 * `providerSource` call it, and the dynamic provider of each type, which hands every call over.
 */
export function entryPointOf(runtime: ProviderRuntime): EntryPoint {
  const configure = (get: ConfigSource) => runtime.configure(withWriteCredentials(get, writeCredentials(process.env)));
  return {
    configure,
    operations: runtime.operations,
    provider(type) {
      const operations = runtime.operations(type);
      return {
        configure: async (req) => configure((key) => req.config.get(key)),
        diff: (id, olds, news) => operations.diff(id, olds, news),
        create: (inputs) => operations.create(inputs),
        read: (id, props) => operations.read(id, props),
        update: (id, olds, news) => operations.update(id, olds, news),
        delete: (id, props) => operations.delete(id, props),
      };
    },
  };
}
