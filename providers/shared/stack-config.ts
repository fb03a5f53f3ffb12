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
