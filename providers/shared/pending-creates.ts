/**
 * A run killed halfway leaves creates the state calls pending: started, never known to have ended.
 * Each may or may not stand on its device. The recovery's up names them in this variable (their
 * URNs, a line each), and the resource each names looks for its object before creating it and
 * takes it when it is there: the state says budgetcloud began making it, so it is ours.
 */
export const ADOPT_PENDING = "BUDGETCLOUD_ADOPT_PENDING";

/** Whether the resource of this type token and name is one the variable names. */
export function adoptsPendingCreate(type: string, name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const tail = `${type}::${name}`;
  return (env[ADOPT_PENDING] ?? "").split("\n").some((urn) => urn.endsWith(`$${tail}`) || urn.endsWith(`::${tail}`));
}

type Props = Record<string, unknown>;

/** What taking over an object needs of an engine: its read and its update. */
interface Adopter {
  read(id: string, props: Props): Promise<{ id?: string; props: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
}

/**
 * The object a killed run's create left standing, brought to what the stack declares now (the
 * config may have changed since): the create's result. Undefined when the create never landed.
 */
export async function adoptStanding(
  engine: Adopter,
  id: string | undefined,
  props: Props,
): Promise<{ id: string; outs: Props } | undefined> {
  if (id === undefined) return undefined;
  const held = await engine.read(id, props);
  if (held.id === undefined) return undefined;
  return { id, outs: (await engine.update(id, held.props, props)).outs };
}
