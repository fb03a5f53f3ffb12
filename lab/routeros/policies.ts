import { failures } from "./errors";

/**
 * RouterOS's user policies and its factory user groups, as RouterOS 7.24 prints them.
 *
 * Source: MikroTik's manual, "User" (help.mikrotik.com/docs/display/ROS/User), sections "User
 * Groups" (the policy list: local, telnet, ssh, ftp, reboot, read, write, policy, test, winbox,
 * password, web, sniff, sensitive, api, rest-api, romon) and "Default groups" ("There are three
 * system groups that cannot be deleted", printed below). The same page notes that even the read
 * group holds sensitive and reboot; a group that may truly only read must be made on purpose.
 */

/** Every policy, in the order `/user/group/print` lists them (the full group's print). */
export const POLICIES = [
  "local",
  "telnet",
  "ssh",
  "ftp",
  "reboot",
  "read",
  "write",
  "policy",
  "test",
  "winbox",
  "password",
  "web",
  "sniff",
  "sensitive",
  "api",
  "romon",
  "rest-api",
] as const;

export type Policy = (typeof POLICIES)[number];

export interface UserGroup {
  name: string;
  /** As RouterOS prints it: what the group grants, then what it denies, each denied one after a `!`. */
  policy: string;
}

/** The groups of a factory-fresh router, printed word for word as the manual's "Default groups" shows them. */
export const FACTORY_GROUPS: readonly UserGroup[] = [
  {
    name: "read",
    policy:
      "local,telnet,ssh,reboot,read,test,winbox,password,web,sniff,sensitive,api,romon,rest-api,!ftp,!write,!policy",
  },
  {
    name: "write",
    policy:
      "local,telnet,ssh,reboot,read,write,test,winbox,password,web,sniff,sensitive,api,romon,rest-api,!ftp,!policy",
  },
  {
    name: "full",
    policy: "local,telnet,ssh,ftp,reboot,read,write,policy,test,winbox,password,web,sniff,sensitive,api,romon,rest-api",
  },
];

const isPolicy = (word: string): word is Policy => (POLICIES as readonly string[]).includes(word);

/** The policies a printed (stored) policy value grants. */
export function grantedBy(printed: string): Set<Policy> {
  return new Set(printed.split(",").filter(isPolicy));
}

/** A policy value as RouterOS prints it: the granted ones in RouterOS's order, then every other one after a `!`. */
export function formatPolicy(granted: ReadonlySet<Policy>): string {
  const denied = POLICIES.filter((p) => !granted.has(p)).map((p) => `!${p}`);
  return [...POLICIES.filter((p) => granted.has(p)), ...denied].join(",");
}

/**
 * A `policy=` argument read as RouterOS reads it, given the value it changes (none for an add): an
 * add grants what it names and denies the rest; a set changes only the policies it names, granting
 * each one or, after a `!`, denying it, and keeps the others as they were. (RouterOS 7.20 measured
 * so by a third party: `set policy=write` on `ssh,read` gives `ssh,read,write`; the manual's
 * `!` "means NOT".) A word that is no policy is refused as RouterOS refuses the `dude` and `tikapp`
 * of older groups on 7.x: "input does not match any value of policy".
 */
export function readPolicy(value: string, current: string | undefined, argument: string): string {
  const granted = current === undefined ? new Set<Policy>() : grantedBy(current);
  for (const word of value.split(",").filter((w) => w !== "")) {
    const denies = word.startsWith("!");
    const name = denies ? word.slice(1) : word;
    if (!isPolicy(name)) throw failures.noMatchingValue(argument);
    if (denies) granted.delete(name);
    else granted.add(name);
  }
  return formatPolicy(granted);
}
