import { namespace, parseValue } from "../../config/load";

/** How a provider process reads the stack config Pulumi hands it: by full key, as text. */
export type ConfigSource = (key: string) => string | undefined;

/**
 * Some `budgetcloud:` keys of the stack config handed to a provider process, each parsed the way the
 * program parses it, ready for the same schema. Providers read their endpoints and credentials here
 * at run time, so none of it sits in a resource's state.
 */
export function stackKeys(get: ConfigSource, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    keys.map((key) => {
      const text = get(`${namespace}:${key}`);
      return [key, text === undefined ? undefined : parseValue(text)];
    }),
  );
}

/**
 * A lookup of the devices a stack config key lists, by name, with the secret they are reached
 * with: what a provider process asks for each resource, and errors that name the missing key.
 */
export function deviceLookup<D extends { name: string }>(
  devices: readonly D[],
  what: { device: string; key: string; secret: string; unreachable: (name: string) => string },
  secret: string | undefined,
): (name: string) => { device: D; secret: string } {
  return (name) => {
    const device = devices.find((d) => d.name === name);
    if (!device) throw new Error(`${what.device} ${name} is not in the stack config (${namespace}:${what.key})`);
    if (secret === undefined) throw new Error(`${namespace}:${what.secret} is not set; ${what.unreachable(name)}`);
    return { device, secret };
  };
}
