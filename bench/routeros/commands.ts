import { runMain } from "../../cli/command-line";
import { EmulatedRouter } from "../../lab/routeros/router";
import { ChainEngine, type ChainProps } from "../../providers/routeros/chain-engine";
import { RouterConnection } from "../../providers/routeros/client";
import { ItemEngine, type ItemProps, type RouterOsContext } from "../../providers/routeros/item-engine";
import { MenuCache } from "../../providers/routeros/menu-cache";
import { firewallFilter, managedPaths, menus } from "../../providers/routeros/menus";
import { writeResults } from "../results-file";
import { routerFabric } from "./fabric";

// API commands per managed object, as the emulators count them, for the three things a stack does
// most: create it, preview it with nothing to do, refresh it. Each phase starts the way a new
// `pulumi` run does: new connections, an empty read cache.
const user = { name: "bench", password: "bench" };

async function measure(routerCount: number) {
  const routers = Array.from(
    { length: routerCount },
    (_, i) => new EmulatedRouter({ name: `MTK-${i + 1}`, port: 0, model: "CCR2216-1G-12XS-2XQ", users: [user] }),
  );
  await Promise.all(routers.map((r) => r.start()));
  const fabrics = routers.map((_, i) => routerFabric(i, routerCount));
  const objects = fabrics.reduce((n, f) => n + f.items.length + f.chain.rules.length, 0);

  const phase = async (work: (env: RouterOsContext) => Promise<void>) => {
    const connections = new Map(
      routers.map((r) => [
        r.name,
        new RouterConnection({
          name: r.name,
          host: "127.0.0.1",
          port: r.port,
          username: user.name,
          password: user.password,
          plaintext: true,
          tls: { insecure: false },
          timeoutSeconds: 30,
        }),
      ]),
    );
    const env: RouterOsContext = {
      connection: (name) => connections.get(name) as RouterConnection,
      cache: new MenuCache(managedPaths),
    };
    for (const r of routers) r.resetCommandCounts();
    await work(env);
    for (const c of connections.values()) c.close();
    return routers.reduce(
      (n, r) => n + Object.entries(r.commandCounts()).reduce((m, [cmd, k]) => (cmd === "/login" ? m : m + k), 0),
      0,
    );
  };

  const state = new Map<string, { id: string; outs: ItemProps }[]>();
  const chains = new Map<string, { id: string; outs: ChainProps }>();
  const create = await phase(async (env) => {
    await Promise.all(
      fabrics.map(async (fabric) => {
        const created = [];
        for (const [type, props] of fabric.items) created.push(await new ItemEngine(menus[type], env).create(props));
        state.set(fabric.router, created);
        chains.set(fabric.router, await new ChainEngine(firewallFilter, env).create(fabric.chain));
      }),
    );
  });
  const preview = await phase(async (env) => {
    for (const fabric of fabrics) {
      fabric.items.forEach(([type, props], i) => {
        const diff = new ItemEngine(menus[type], env).diff(state.get(fabric.router)?.[i].outs as ItemProps, props);
        if (diff.changes) throw new Error(`${fabric.router} ${type} differs right after create`);
      });
      new ChainEngine(firewallFilter, env).diff(chains.get(fabric.router)?.outs as ChainProps, fabric.chain);
    }
  });
  const refresh = await phase(async (env) => {
    await Promise.all(
      fabrics.map(async (fabric) => {
        await Promise.all(
          fabric.items.map(([type], i) => {
            const { id, outs } = (state.get(fabric.router) ?? [])[i];
            return new ItemEngine(menus[type], env).read(id, outs);
          }),
        );
        const chain = chains.get(fabric.router) as { id: string; outs: ChainProps };
        await new ChainEngine(firewallFilter, env).read(chain.id, chain.outs);
      }),
    );
  });
  await Promise.all(routers.map((r) => r.stop()));
  return { routerCount, objects, create, preview, refresh };
}

async function main() {
  const rows = [];
  for (const count of [4, 40]) rows.push(await measure(count));
  const per = (n: number, objects: number) => (n / objects).toFixed(3);
  const table = [
    "| routers | objects | create: commands | per object | no-op preview: commands | per object | refresh: commands | per object |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.routerCount} | ${r.objects} | ${r.create} | ${per(r.create, r.objects)} | ${r.preview} | ${per(r.preview, r.objects)} | ${r.refresh} | ${per(r.refresh, r.objects)} |`,
    ),
  ].join("\n");
  process.stdout.write(`${table}\n`);
  if (process.argv.includes("--write")) writeResults(__dirname, table);
}

runMain(main);
