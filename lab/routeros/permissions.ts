import { failures } from "./errors";
import type { Policy } from "./policies";

/**
 * What a command needs of the logged-in user's group, checked before anything is carried out, so a
 * refused command changes nothing. MikroTik's "User" page (help.mikrotik.com/docs/display/ROS/User)
 * says what each policy grants:
 *   read: "All console commands that do not alter router's configuration are allowed";
 *   write: "write access to the router's configuration, except for user management. This policy
 *     does not allow to read the configuration";
 *   policy: "user management rights. Should be used together with the write policy";
 *   sensitive: the right to change the "hide sensitive" option; without it "sensitive information
 *     is not displayed".
 * So a command that only reads needs read, and every other one write; what shows secrets needs
 * sensitive, and a change to users or groups policy as well. RouterOS refuses with
 * "not enough permissions (9)".
 */

/**
 * Commands that only read, in whatever menu. Every other command changes something and needs write:
 * add, set, remove, unset, enable, disable, move, comment, reset, and safe mode's take, toggle,
 * release and unroll, which hold or undo changes.
 */
const READS = new Set([
  "print",
  // The API's print aliases.
  "getall",
  "listen",
  "get",
  "find",
  // /export prints the configuration (over the API: nowhere, unless to a file, below).
  "export",
  // /file/read (head, tail) hands back a file's bytes.
  "read",
  "head",
  "tail",
  // An interface's or a port's state, as it is now.
  "monitor",
  // The one script the lab runs only prints (`script.ts`); the knob refuseScripts refuses it as a
  // router would that denies this user scripts.
  "execute",
]);

/** What a command needs besides read or write. */
interface Rule {
  /** The rule holds for this menu and the menus under it. */
  under?: string;
  /** …for this command. */
  command?: string;
  /** …when the command is given this argument. */
  argument?: string;
  /** …only for commands that change something. */
  changes?: boolean;
  needs: Policy;
}

const RULES: readonly Rule[] = [
  // `/export file=` writes a file: budgetcloud's configuration export needs a user that may write.
  { command: "export", argument: "file", needs: "write" },
  // Secrets are shown only to a group that may see them (print, export).
  { argument: "show-sensitive", needs: "sensitive" },
  // Users, groups and their keys are user management.
  { under: "user", changes: true, needs: "policy" },
];

/** The policies `command` in `menu` needs with these attributes. */
export function requiredPolicies(menu: string, command: string, attributes: ReadonlyMap<string, string>): Policy[] {
  const changes = !READS.has(command);
  const needs = new Set<Policy>([changes ? "write" : "read"]);
  for (const rule of RULES) {
    if (rule.under !== undefined && menu !== rule.under && !menu.startsWith(`${rule.under}/`)) continue;
    if (rule.command !== undefined && rule.command !== command) continue;
    if (rule.argument !== undefined && !attributes.has(rule.argument)) continue;
    if (rule.changes && !changes) continue;
    needs.add(rule.needs);
  }
  return [...needs];
}

/** Throws RouterOS's refusal unless `granted` holds every policy the command needs. */
export function assertPermitted(
  granted: ReadonlySet<Policy>,
  menu: string,
  command: string,
  attributes: ReadonlyMap<string, string>,
): void {
  if (!requiredPolicies(menu, command, attributes).every((policy) => granted.has(policy))) {
    throw failures.notEnoughPermissions();
  }
}
