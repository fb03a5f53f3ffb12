import type * as pulumi from "@pulumi/pulumi";

/** What a provider's runtime module exports: it is loaded once per provider process. */
export interface ProviderRuntime {
  configure(get: (key: string) => string | undefined): void;
  operations(type: string): Required<Omit<pulumi.dynamic.ResourceProvider, "check" | "configure">>;
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
} as const;

/**
 * The dynamic provider Pulumi serializes into the state of every resource budgetcloud manages. It
 * holds no logic: it finds the provider's entry point from the provider process's working directory
 * and hands each call over. The serialized text therefore stays the same across upgrades of
 * budgetcloud and across the machines a stack is run from, and every resource of a run shares the
 * runtime's connections and read cache.
 */
export function runtimeProvider(provider: keyof typeof entryPoints, type: string): pulumi.dynamic.ResourceProvider {
  const entryPoint = entryPoints[provider];
  const runtime = (): ProviderRuntime => {
    const path = require("node:path");
    const fs = require("node:fs");
    let root = process.cwd();
    while (!fs.existsSync(path.join(root, entryPoint))) {
      const parent = path.dirname(root);
      if (parent === root) throw new Error(`budgetcloud: ${entryPoint} not found above ${process.cwd()}`);
      root = parent;
    }
    return require(path.join(root, entryPoint));
  };
  return {
    configure: async (req) => runtime().configure((key: string) => req.config.get(key)),
    diff: (id, olds, news) => runtime().operations(type).diff(id, olds, news),
    create: (inputs) => runtime().operations(type).create(inputs),
    read: (id, props) => runtime().operations(type).read(id, props),
    update: (id, olds, news) => runtime().operations(type).update(id, olds, news),
    delete: (id, props) => runtime().operations(type).delete(id, props),
  };
}
