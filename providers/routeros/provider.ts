import type * as pulumi from "@pulumi/pulumi";

/**
 * The dynamic provider Pulumi serializes into the state of every RouterOS resource. It holds no
 * logic: it finds budgetcloud's runtime module from the provider process's working directory (the
 * project) and hands each call over. The serialized text therefore stays the same across upgrades
 * of budgetcloud and across the machines a stack is run from, and every resource of a run shares
 * the runtime's connections and read cache.
 */
export function routerOsProvider(type: string): pulumi.dynamic.ResourceProvider {
  const runtime = () => {
    const path = require("node:path");
    const fs = require("node:fs");
    const module = path.join("providers", "routeros", "runtime.ts");
    let root = process.cwd();
    while (!fs.existsSync(path.join(root, module))) {
      const parent = path.dirname(root);
      if (parent === root) throw new Error(`budgetcloud: ${module} not found above ${process.cwd()}`);
      root = parent;
    }
    // The provider process is plain node: it needs ts-node to load the TypeScript runtime.
    if (!(process as { budgetcloudTsNode?: boolean }).budgetcloudTsNode) {
      require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
      (process as { budgetcloudTsNode?: boolean }).budgetcloudTsNode = true;
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
