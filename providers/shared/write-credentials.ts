import { namespace } from "../../config/load";
import type { ConfigSource } from "./stack-config";

/**
 * The credentials that may change devices come only to the runs that change them: from the
 * environment of an up job (protected CI variables), never from the stack config, which every
 * preview job decrypts. A run without them holds the stack's own credentials alone, which a
 * least-privilege stack makes read-only (README, "Least privilege"); a stack that has not split
 * its credentials runs as before.
 */
export const WRITE_CREDENTIALS = {
  routerUsername: "BUDGETCLOUD_WRITE_ROUTER_USERNAME",
  routerPassword: "BUDGETCLOUD_WRITE_ROUTER_PASSWORD",
  proxmoxTokenId: "BUDGETCLOUD_WRITE_PROXMOX_TOKEN_ID",
  proxmoxTokenSecret: "BUDGETCLOUD_WRITE_PROXMOX_TOKEN_SECRET",
  snippetsSshKey: "BUDGETCLOUD_WRITE_SNIPPETS_SSH_KEY",
  librenmsToken: "BUDGETCLOUD_WRITE_LIBRENMS_TOKEN",
} as const;

type WriteCredential = keyof typeof WRITE_CREDENTIALS;
export type WriteCredentials = Partial<Record<WriteCredential, string>>;

/** A user and its password, a token's id and its secret: one without the other is a mistake. */
const PAIRS: [WriteCredential, WriteCredential][] = [
  ["routerUsername", "routerPassword"],
  ["proxmoxTokenId", "proxmoxTokenSecret"],
];

/** The write credentials a run's environment holds; throws, naming the variable, for half a pair. */
export function writeCredentials(env: NodeJS.ProcessEnv): WriteCredentials {
  const held = Object.fromEntries(
    Object.entries(WRITE_CREDENTIALS).flatMap(([name, variable]) => (env[variable] ? [[name, env[variable]]] : [])),
  ) as WriteCredentials;
  for (const [a, b] of PAIRS) {
    if ((held[a] === undefined) !== (held[b] === undefined)) {
      const [given, missing] = held[a] === undefined ? [b, a] : [a, b];
      throw new Error(`${WRITE_CREDENTIALS[given]} is set but ${WRITE_CREDENTIALS[missing]} is not: give both`);
    }
  }
  return held;
}

/** The stack config as a provider process reads it, the write credentials taking the place of the stack's own. */
export function withWriteCredentials(get: ConfigSource, held: WriteCredentials): ConfigSource {
  const key = (name: string) => `${namespace}:${name}`;
  // The API user's key may be left to its defaults; a Proxmox API the stack does not name stays unnamed.
  const replaced = (name: string, field: string, value: string | undefined, whole: boolean) => {
    const text = get(key(name));
    if (value === undefined || (text === undefined && !whole)) return text;
    return JSON.stringify({ ...(text === undefined ? {} : JSON.parse(text)), [field]: value });
  };
  const overlay: Record<string, () => string | undefined> = {
    [key("routerApi")]: () => replaced("routerApi", "username", held.routerUsername, true),
    [key("routerPassword")]: () => held.routerPassword ?? get(key("routerPassword")),
    [key("proxmox")]: () => replaced("proxmox", "tokenId", held.proxmoxTokenId, false),
    [key("proxmoxTokenSecret")]: () => held.proxmoxTokenSecret ?? get(key("proxmoxTokenSecret")),
    [key("snippetsSshKey")]: () => held.snippetsSshKey ?? get(key("snippetsSshKey")),
    [key("librenmsToken")]: () => held.librenmsToken ?? get(key("librenmsToken")),
  };
  return (name) => (overlay[name] ? overlay[name]() : get(name));
}

/**
 * What a device's refusal of a write says when the run held no write credentials of that system:
 * which variables an up takes them from. Undefined where the run held them, and the refusal is
 * then the credentials' own business.
 */
export function missingWriteCredentials(
  system: "router" | "proxmox" | "librenms",
  held: WriteCredentials = writeCredentials(process.env),
): string | undefined {
  const needed = {
    router: ["routerUsername", "routerPassword"],
    proxmox: ["proxmoxTokenId", "proxmoxTokenSecret"],
    librenms: ["librenmsToken"],
  }[system] as WriteCredential[];
  if (needed.every((name) => held[name] !== undefined)) return undefined;
  return `this run holds the stack's own credentials, which may only read; an up takes the write credentials from ${needed.map((name) => WRITE_CREDENTIALS[name]).join(" and ")}`;
}
