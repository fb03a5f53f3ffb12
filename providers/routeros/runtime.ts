import type { Operations } from "../shared/runtime-provider";
import type { ConfigSource } from "../shared/stack-config";
import { ChainEngine, type ChainProps } from "./chain-engine";
import { connectionTo, type RouterEndpoint } from "./client";
import { endpointsFromConfig } from "./endpoints";
import { ItemEngine, type ItemProps, type RouterOsContext } from "./item-engine";
import { MenuCache } from "./menu-cache";
import { firewallChainType, firewallFilter, managedPaths, menus } from "./menus";

/**
 * The provider process's side of every RouterOS resource: one connection per router and one read
 * cache, shared by all resources of the run because this module is loaded once per process.
 */
let endpointOf: ((router: string) => RouterEndpoint) | undefined;

const environment: RouterOsContext = {
  connection(router) {
    if (!endpointOf) throw new Error("the RouterOS provider was not configured with the stack config");
    return connectionTo(endpointOf(router));
  },
  cache: new MenuCache(managedPaths),
};

export function configure(get: ConfigSource): void {
  endpointOf = endpointsFromConfig(get);
}

type Engine = ItemEngine | ChainEngine;

function engineFor(type: string): Engine {
  if (type === firewallChainType) return new ChainEngine(firewallFilter, environment);
  const menu = menus[type];
  if (!menu) throw new Error(`no RouterOS menu is declared for ${type}`);
  return new ItemEngine(menu, environment);
}

/** Pulumi's dynamic-provider operations for one resource type. */
export function operations(type: string): Operations {
  const engine = engineFor(type);
  return {
    diff: async (_id, olds, news) => engine.diff(olds as ItemProps & ChainProps, news as ItemProps & ChainProps),
    create: (inputs) => engine.create(inputs as ItemProps & ChainProps),
    read: async (id, props) => {
      const result = await engine.read(id, props as ItemProps & ChainProps);
      // Refreshed inputs let the next `up` see drift and put it back.
      return { ...result, inputs: result.props };
    },
    update: (id, olds, news) => engine.update(id, olds as ItemProps & ChainProps, news as ItemProps & ChainProps),
    delete: (id, props) => engine.delete(id, props as ItemProps & ChainProps),
  };
}
