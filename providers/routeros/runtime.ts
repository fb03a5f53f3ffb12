import type { Operations } from "../shared/runtime-provider";
import type { ConfigSource } from "../shared/stack-config";
import { ChainEngine, type ChainProps } from "./chain-engine";
import { connectionTo, RouterConnection, type RouterEndpoint } from "./client";
import { endpointsFromConfig } from "./endpoints";
import { ItemEngine, type ItemProps, type RouterOsContext, rosIdOf } from "./item-engine";
import { ItemSetEngine, type ItemSetProps, itemSetType } from "./item-set-engine";
import { MenuCache } from "./menu-cache";
import { firewallChainType, firewallFilter, managedPaths, menus } from "./menus";
import { SafeModeBatches } from "./safe-mode";

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

/** A new connection of its own logs in and reads the identity: what proves a change left the API reachable. */
async function newConnectionGetsThrough(connection: RouterConnection): Promise<void> {
  const probe = new RouterConnection(connection.endpoint, true);
  try {
    await probe.run("/system/identity", "print");
  } finally {
    probe.close();
  }
}

const safeMode = new SafeModeBatches(
  (router) => environment.connection(router),
  newConnectionGetsThrough,
  (connection) => environment.cache.forgetAll(connection),
);

export function configure(get: ConfigSource): void {
  endpointOf = endpointsFromConfig(get);
}

type Engine = ItemEngine | ChainEngine | ItemSetEngine;
type AnyProps = ItemProps & ChainProps & ItemSetProps;

function engineFor(type: string): Engine {
  if (type === firewallChainType) return new ChainEngine(firewallFilter, environment);
  if (type === itemSetType) return new ItemSetEngine(environment);
  const menu = menus[type];
  if (!menu) throw new Error(`no RouterOS menu is declared for ${type}`);
  return new ItemEngine(menu, environment);
}

/** Pulumi's dynamic-provider operations for one resource type; every change is made in safe mode. */
export function operations(type: string): Operations {
  const engine = engineFor(type);
  const path = type === firewallChainType ? `${firewallFilter.path} chain` : menus[type]?.path;
  const inSafeMode = <T>(
    verb: string,
    props: AnyProps,
    id: string | undefined,
    change: () => Promise<T>,
    again: () => Promise<T> = change,
  ) => {
    const what =
      type === itemSetType
        ? `${verb} the ${props.concern} items`
        : `${verb} ${path}${[id && ` ${rosIdOf(id)}`, props.comment && ` "${props.comment}"`].filter(Boolean).join("")}`;
    return safeMode.around(props.router, what, change, again);
  };
  /** A create done again takes over what the first may have left: the item, as the resource says it. */
  const createAgain = async (props: AnyProps) => {
    const { id, outs } = await engine.create({ ...props, adopt: true });
    const { adopt: _, ...rest } = outs as AnyProps;
    return { id, outs: props.adopt === undefined ? rest : { ...rest, adopt: props.adopt } };
  };
  return {
    diff: async (_id, olds, news) => engine.diff(olds as AnyProps, news as AnyProps),
    create: (inputs) => {
      const props = inputs as AnyProps;
      return inSafeMode(
        "add",
        props,
        undefined,
        () => engine.create(props),
        () => createAgain(props),
      );
    },
    read: async (id, props) => {
      const result = await engine.read(id, props as AnyProps);
      // Refreshed inputs let the next `up` see drift and put it back.
      return { ...result, inputs: result.props };
    },
    update: (id, olds, news) => {
      const props = news as AnyProps;
      return inSafeMode("set", props, id, () => engine.update(id, olds as AnyProps, props));
    },
    delete: (id, props) => {
      const olds = props as AnyProps;
      return inSafeMode("remove", olds, id, () => engine.delete(id, olds));
    },
  };
}
