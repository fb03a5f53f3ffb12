import { CommandFailure } from "./errors";
import { FACTORY_GROUPS, grantedBy, type Policy, readPolicy, type UserGroup } from "./policies";
import type { ConfigTree } from "./tree";

/**
 * Who may log in to a router: the items of its /user menu, each in a /user/group whose policies
 * say what the user may do. The lab's accounts are the router's users out of the box; users added
 * over the API log in as well.
 */

export interface UserAccount {
  name: string;
  password: string;
  /** The /user/group the user is in: one of the factory's (read, write, full) or one the lab declares; full unless told otherwise. */
  group?: string;
}

export type { UserGroup };

/** What a factory-fresh router has: admin with an empty password, in the full group. */
export const FACTORY_USERS: readonly UserAccount[] = [{ name: "admin", password: "", group: "full" }];

/** A user who logged in: what its group granted then, which it keeps for the session. */
export interface Login {
  name: string;
  group: string;
  policies: ReadonlySet<Policy>;
}

/**
 * The user `name` with `password`, enabled, and what its group grants; undefined for anyone else.
 * Whether the group lets it in through the API is the session's to decide.
 */
export function logIn(tree: ConfigTree, name: string, password: string): Login | undefined {
  const user = tree
    .items("user")
    .find((item) => item.fields.name === name && (item.fields.password ?? "") === password);
  if (!user || user.fields.disabled === "true") return undefined;
  const groupName = user.fields.group ?? "";
  const group = tree.items("user/group").find((item) => item.fields.name === groupName);
  if (!group) return undefined;
  return { name, group: groupName, policies: grantedBy(group.fields.policy ?? "") };
}

/**
 * Checks a lab's accounts before the router exists: every group's policy must read as RouterOS
 * reads one, and every user must be in a group the router will have.
 */
export function assertAccounts(users: readonly UserAccount[], groups: readonly UserGroup[]): void {
  for (const group of groups) {
    if (FACTORY_GROUPS.some((g) => g.name === group.name)) throw new Error(`the group ${group.name} is a factory one`);
    try {
      readPolicy(group.policy, undefined, "policy");
    } catch (error) {
      if (!(error instanceof CommandFailure)) throw error;
      throw new Error(`the group ${group.name}'s policy "${group.policy}": ${error.message}`);
    }
  }
  const known = new Set([...FACTORY_GROUPS, ...groups].map((g) => g.name));
  for (const user of users) {
    const group = user.group ?? "full";
    if (!known.has(group)) throw new Error(`the user ${user.name} is in the group ${group}, which the router has not`);
  }
}
