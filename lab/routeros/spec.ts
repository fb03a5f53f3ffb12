import { readFileSync } from "node:fs";
import * as path from "node:path";
import { failures } from "./errors";
import { pendingRenames } from "./versions";

/**
 * The real RouterOS command tree (`/console/inspect` of 7.24), which decides what paths, commands
 * and arguments exist. Nothing about them is hand-written: a menu or argument the reference does
 * not list is refused as a real router refuses it.
 */

interface SpecNode {
  _type: "dir" | "path" | "cmd" | "arg";
  [child: string]: SpecNode | string;
}

/** The vendored reference (reference/README.md says where it comes from). */
export const DEFAULT_SPEC_FILE = path.resolve(__dirname, "..", "..", "reference", "routeros-7.24-inspect.json");

/** The menus of extra packages, in the same tree shape (reference/README.md says where they come from). */
export const PACKAGE_SPEC_FILES: Readonly<Record<string, string>> = {
  zerotier: path.resolve(__dirname, "..", "..", "reference", "routeros-7.24-arm64-zerotier.json"),
};

/** Commands the API has and the console does not: they work on any menu that can print. */
const API_PRINT_ALIASES = ["getall", "listen"];

const loaded = new Map<string, SpecNode>();

function loadSpec(file: string): SpecNode {
  let root = loaded.get(file);
  if (!root) {
    root = JSON.parse(readFileSync(file, "utf8")) as SpecNode;
    loaded.set(file, root);
  }
  return root;
}

/** A package's tree writes some nodes as their type alone ("arg"): made nodes like the others'. */
function normalized(node: unknown): SpecNode {
  if (typeof node === "string") return { _type: node as SpecNode["_type"] };
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>).map(([key, child]) => [
      key,
      key.startsWith("_") ? child : normalized(child),
    ]),
  ) as SpecNode;
}

/** The base tree with each package's top-level menus added, as a router with them installed has. */
function withPackages(base: SpecNode, packages: readonly string[]): SpecNode {
  if (packages.length === 0) return base;
  const menus = packages.flatMap((name) => {
    const file = PACKAGE_SPEC_FILES[name];
    if (!file) throw new Error(`no command tree for the RouterOS package "${name}"`);
    return children(normalized(loadSpec(file))).filter(([menu]) => !menu.startsWith("_"));
  });
  return { ...base, ...Object.fromEntries(menus) };
}

function children(node: SpecNode): [string, SpecNode][] {
  return Object.entries(node).filter(
    (entry): entry is [string, SpecNode] => entry[0] !== "_type" && typeof entry[1] === "object",
  );
}

export interface ResolvedCommand {
  /** Menu path without slashes at either end, e.g. "ip/address"; "" for the root. */
  menu: string;
  command: string;
}

export class CommandTree {
  private readonly root: SpecNode;
  private readonly renames;
  private readonly argumentCache = new Map<string, ReadonlySet<string>>();

  /** @param packages extra packages the router has installed, whose menus it knows */
  constructor(version: string, specFile = DEFAULT_SPEC_FILE, packages: readonly string[] = []) {
    this.root = withPackages(loadSpec(specFile), packages);
    this.renames = pendingRenames(version);
  }

  /** Splits an API command word ("/ip/address/add") into menu and command, as RouterOS checks it. */
  resolve(commandWord: string): ResolvedCommand {
    const words = commandWord.split("/").filter((w) => w !== "");
    let node = this.root;
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      const menu = words.slice(0, i).join("/");
      const last = i === words.length - 1;
      if (last && API_PRINT_ALIASES.includes(word) && this.hasCommand(menu, "print")) return { menu, command: word };
      const child = node[word];
      if (typeof child !== "object" || child._type === "arg") throw failures.noSuchCommandOrDirectory(word);
      if (child._type === "cmd") {
        if (!last) throw failures.noSuchCommandOrDirectory(words[i + 1]);
        return { menu, command: word };
      }
      node = child;
    }
    throw failures.noSuchCommand();
  }

  hasCommand(menu: string, command: string): boolean {
    const node = this.node(menu)?.[command];
    return typeof node === "object" && node._type === "cmd";
  }

  /**
   * Settings and status menus (/system/identity, /system/resource, /ip/settings…) hold one item
   * with no id; the tree tells them apart from lists because only lists can `print count-only`.
   */
  isSingleItem(menu: string): boolean {
    return !this.argumentsOf(menu, "print").has("count-only");
  }

  /** The arguments `command` takes in `menu`, by the names the emulated version uses. */
  argumentsOf(menu: string, command: string): ReadonlySet<string> {
    const cmd = API_PRINT_ALIASES.includes(command) ? "print" : command;
    const key = `${menu} ${cmd}`;
    let names = this.argumentCache.get(key);
    if (!names) {
      const node = this.node(menu)?.[cmd];
      const args = typeof node === "object" ? children(node).filter(([, child]) => child._type === "arg") : [];
      names = new Set(args.map(([name]) => this.nameInVersion(menu, name)));
      this.argumentCache.set(key, names);
    }
    return names;
  }

  /** How the tree describes an argument's value ("time interval", "A.B.C.D    (IP address)"…), if it does. */
  descriptionOf(menu: string, command: string, name: string): string | undefined {
    const node = this.node(menu)?.[command];
    const argument = typeof node === "object" ? node[this.currentName(menu, name)] : undefined;
    const desc = typeof argument === "object" ? argument.desc : undefined;
    return typeof desc === "string" ? desc : undefined;
  }

  /** What an argument was called in the emulated version (it may have been renamed since). */
  nameInVersion(menu: string, name: string): string {
    return this.renames.find((r) => r.menu === menu && r.to === name)?.from ?? name;
  }

  /** The 7.24 name of an argument the emulated version calls `name`. */
  currentName(menu: string, name: string): string {
    return this.renames.find((r) => r.menu === menu && r.from === name)?.to ?? name;
  }

  private node(menu: string): SpecNode | undefined {
    let node: SpecNode | undefined = this.root;
    for (const word of menu.split("/").filter((w) => w !== "")) {
      const child: SpecNode | string | undefined = node?.[word];
      node = typeof child === "object" ? child : undefined;
    }
    return node;
  }
}
