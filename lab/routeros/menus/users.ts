import { FACTORY_USERS } from "../accounts";
import { failures } from "../errors";
import { FACTORY_GROUPS, formatPolicy, readPolicy } from "../policies";
import type { MenuBehaviour } from "./behaviour";

/**
 * The router's users and their groups (MikroTik's "User" page, help.mikrotik.com/docs/display/ROS/User).
 * Who may log in, and what the API lets each one do, is read from these items (`accounts.ts`,
 * `permissions.ts`), so a user added over the API is as real as one the lab declares.
 */
export const userMenus: Readonly<Record<string, MenuBehaviour>> = {
  user: {
    // A user prints as RouterOS's REST API shows one (.id, name, group, address, disabled, comment);
    // its password is never shown.
    print: ["name", "group", "address", "*"],
    flags: ["disabled"],
    defaults: { address: "", disabled: "false" },
    neverPrinted: ["password"],
    // All three are mandatory on add (MikroTik's CLI reference, /user).
    required: ["name", "group", "password"],
    references: { group: { target: "user/group", missing: failures.noMatchingValue } },
    unique: [{ fields: ["name"], failure: failures.userAlreadyExists }],
    namedBy: ["name"],
    factory: (router) =>
      router.users.map((user) => ({
        name: user.name,
        group: user.group ?? "full",
        password: user.password,
        // The factory's own admin says what it is.
        ...(user === FACTORY_USERS[0] ? { comment: "system default user" } : {}),
      })),
  },

  "user/group": {
    print: ["name", "policy", "skin", "*"],
    // A group added without a policy grants none ("Default: none").
    defaults: { policy: formatPolicy(new Set()), skin: "default" },
    required: ["name"],
    // RouterOS's wording for a second group of one name is not documented; the lab answers as its other menus do.
    unique: [{ fields: ["name"], failure: failures.alreadyHaveSuchEntry }],
    namedBy: ["name"],
    factory: (router) => [
      ...FACTORY_GROUPS.map(({ name, policy }) => ({ name, policy })),
      ...router.groups.map(({ name, policy }) => ({ name, policy: readPolicy(policy, undefined, "policy") })),
    ],
  },
};
