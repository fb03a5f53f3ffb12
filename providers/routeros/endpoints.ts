import { z } from "zod";
import { stackConfigSchema } from "../../config/schema";
import { type ConfigSource, deviceLookup, stackKeys } from "../shared/stack-config";
import type { RouterEndpoint } from "./client";

/** What the provider process needs of the stack config to reach the routers. */
const routerAccess = z.object({
  routers: stackConfigSchema.shape.routers,
  routerApi: stackConfigSchema.shape.routerApi,
});

/**
 * Endpoints by router name, from the stack config handed to the provider process. Credentials are
 * read there, at run time, so they never sit in a resource's state; a password or address changed
 * in the stack applies to every resource of that router at once.
 */
export function endpointsFromConfig(get: ConfigSource): (router: string) => RouterEndpoint {
  const access = routerAccess.parse(stackKeys(get, ["routers", "routerApi"]));
  const lookup = deviceLookup(
    access.routers,
    { device: "router", key: "routers", secret: "routerPassword", unreachable: (name) => `${name} cannot be reached` },
    get("budgetcloud:routerPassword"),
  );
  return (name) => {
    const { device, secret } = lookup(name);
    return routerEndpoint(device, access.routerApi, secret);
  };
}

type RouterAccess = z.infer<typeof routerAccess>;

/** How to reach one router of the stack config, with the API password. */
export function routerEndpoint(
  router: RouterAccess["routers"][number],
  routerApi: RouterAccess["routerApi"],
  password: string,
): RouterEndpoint {
  return {
    name: router.name,
    host: router.host,
    port: router.port,
    username: routerApi.username,
    password,
    plaintext: routerApi.plaintext,
    tls: routerApi.tls,
    timeoutSeconds: routerApi.timeoutSeconds,
  };
}
