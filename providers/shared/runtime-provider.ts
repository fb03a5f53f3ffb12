import type * as pulumi from "@pulumi/pulumi";

/** What a provider runtime module exports: it is loaded once per provider process. */
export interface ProviderRuntime {
  configure(get: (key: string) => string | undefined): void;
  operations(type: string): Required<Omit<pulumi.dynamic.ResourceProvider, "check" | "configure">>;
}

/**
 * The dynamic provider Pulumi serializes into the state of every resource budgetcloud manages. It
 * holds no logic: it finds budgetcloud's runtime module (`module`, relative to the project root)
 * from the provider process's working directory and hands each call over. The serialized text
 * therefore stays the same across upgrades of budgetcloud and across the machines a stack is run
 * from, and every resource of a run shares the runtime's connections and read cache.
 */
export function runtimeProvider(module: string, type: string): pulumi.dynamic.ResourceProvider {
  const runtime = (): ProviderRuntime => {
    const path = require("node:path");
    const fs = require("node:fs");
    let root = process.cwd();
    while (!fs.existsSync(path.join(root, module))) {
      const parent = path.dirname(root);
      if (parent === root) throw new Error(`budgetcloud: ${module} not found above ${process.cwd()}`);
      root = parent;
    }
    // The provider process is plain node: it needs ts-node to load the TypeScript runtime.
    const marked = process as { budgetcloudTsNode?: boolean };
    if (!marked.budgetcloudTsNode) {
      require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
      marked.budgetcloudTsNode = true;
    }
    return require(path.join(root, module));
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
