import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ProxmoxLab } from "./lab";
import { type PerlValue, parsePerlValue } from "./perl-literal";

/**
 * Writes reference/proxmox-ve-9.1-permissions.json: the `permissions` that PVE's own API modules
 * declare for each method the lab implements, read from git checkouts of Proxmox's repositories.
 *
 *   node -r sucrase/register/ts lab/proxmox/permissions-extract.ts OUT.json \
 *     proxmox/pve-manager=GITDIR@COMMIT proxmox/qemu-server=GITDIR@COMMIT …
 *
 * Every `*.pm` under PVE/API2 of each commit is read; the method tree is walked from PVE::API2 the
 * way PVE::RESTHandler builds it (a `subclass` registration mounts a package under a path, a
 * method without `method` is a GET, `{name:regex}` is the parameter `name`). The `permissions`
 * hash of each method is parsed as constant Perl data; a variable it names must be one the module
 * declares at its top level. qemu-server's guest-agent commands are registered by a helper
 * (PVE::API2::Qemu::Agent::register_command) from a table; that one helper is followed here.
 */

export interface PermissionEntry {
  /** The method's `permissions` as PVE declares it; null when it declares none (root@pam only). */
  permissions: PerlValue | null;
  /** `allowtoken`, when the method declares it (PVE's default is 1). */
  allowtoken?: PerlValue;
  repo: string;
  file: string;
  /** The method's `name` in its module. */
  name: string;
}

interface Module {
  repo: string;
  file: string;
  text: string;
}

interface Registration {
  subclass?: string;
  path: string;
  method: string;
  name: string;
  permissions: PerlValue | null | Error;
  allowtoken?: PerlValue;
}

const METHOD_ORDER = ["GET", "POST", "PUT", "DELETE"];

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

function readModules(sources: readonly string[]): Map<string, Module> {
  const modules = new Map<string, Module>();
  for (const source of sources) {
    const parsed = /^([^=]+)=(.+)@([0-9a-f]{40})$/.exec(source);
    if (!parsed) throw new Error(`${source}: expected OWNER/REPO=GITDIR@COMMIT`);
    const [, repo, dir, commit] = parsed;
    const files = git(dir, "ls-tree", "-r", "--name-only", commit)
      .split("\n")
      .filter((file) => /(^|\/)PVE\/API2(\.pm|\/.+\.pm)$/.test(file));
    for (const file of files) {
      // A file may hold several packages (PVE/API2/Nodes.pm has PVE::API2::Nodes::Nodeinfo first).
      const text = git(dir, "show", `${commit}:${file}`);
      const starts = [...text.matchAll(/^package\s+([\w:]+)\s*;/gm)];
      starts.forEach((start, i) => {
        const pkg = start[1];
        if (modules.has(pkg)) throw new Error(`package ${pkg} is in ${modules.get(pkg)?.file} and ${file}`);
        modules.set(pkg, { repo, file, text: text.slice(start.index, starts[i + 1]?.index ?? text.length) });
      });
    }
  }
  return modules;
}

/** The module's top-level `my $name = …;` declarations, parsed when asked for. */
function moduleVariables(text: string): (name: string) => PerlValue {
  return (name) => {
    const start = new RegExp(`^my \\$${name} = `, "m").exec(text);
    if (!start) throw new Error(`$${name} is not declared at the top level`);
    const rest = text.slice(start.index + start[0].length);
    const end = /;\s*$/m.exec(rest);
    if (!end) throw new Error(`$${name} has no end`);
    return parsePerlValue(rest.slice(0, end.index), moduleVariables(text));
  };
}

/** Splits a register_method hash into its top-level keys, by the indentation perltidy gives them. */
function topLevelKeys(lines: readonly string[], indent: number): Map<string, string> {
  const keys = new Map<string, string>();
  const keyLine = new RegExp(`^ {${indent}}([\\w-]+) =>(.*)$`);
  let current: string | undefined;
  for (const line of lines) {
    const key = keyLine.exec(line);
    if (key) {
      current = key[1];
      keys.set(current, key[2]);
    } else if (current !== undefined) keys.set(current, `${keys.get(current)}\n${line}`);
  }
  return keys;
}

function registrations(pkg: string, module: Module): Registration[] {
  const found: Registration[] = [];
  const lines = module.text.split("\n");
  const variables = moduleVariables(module.text);
  for (let i = 0; i < lines.length; i++) {
    const start = /^( *)__PACKAGE__->register_method\(\{\s*$/.exec(lines[i]);
    if (!start) continue;
    const indent = start[1];
    const end = lines.indexOf(`${indent}});`, i + 1);
    if (end < 0) throw new Error(`${module.file}:${i + 1}: register_method without its end`);
    const keys = topLevelKeys(lines.slice(i + 1, end), indent.length + 4);
    i = end;
    const constant = (key: string) => {
      const text = keys.get(key);
      return text === undefined ? undefined : parsePerlValue(text, variables);
    };
    let path: PerlValue | undefined;
    try {
      path = constant("path");
    } catch {
      // A registration inside a helper (its path a variable): see agentCommands.
      continue;
    }
    const subclass = constant("subclass");
    let permissions: PerlValue | null | Error = null;
    try {
      permissions = keys.has("permissions") ? (constant("permissions") ?? null) : null;
    } catch (error) {
      // Not constant data (qemu-server's monitor method builds its description by a call): only
      // a method the lab implements has to be readable.
      permissions = error instanceof Error ? error : new Error(String(error));
    }
    const allowtoken = constant("allowtoken");
    found.push({
      subclass: subclass === undefined ? undefined : String(subclass),
      path: String(path ?? ""),
      method: String(constant("method") ?? "GET"),
      name: String(constant("name") ?? ""),
      permissions,
      ...(allowtoken === undefined ? {} : { allowtoken }),
    });
  }
  return [...found, ...agentCommands(pkg, module)];
}

/**
 * PVE::API2::Qemu::Agent registers one method per guest-agent command through register_command,
 * from the `$guest_agent_commands` table: a command's `perms` is either its permissions hash or a
 * privilege P, which becomes `check => ['perm', '/vms/{vmid}', [P, 'VM.GuestAgent.Unrestricted'],
 * any => 1]`. The helper's text is checked to still say so.
 */
function agentCommands(pkg: string, module: Module): Registration[] {
  if (!/^sub register_command \{/m.test(module.text)) return [];
  const rule = "check => ['perm', '/vms/{vmid}', [$perm, 'VM.GuestAgent.Unrestricted'], any => 1],";
  if (
    !module.text.includes(rule) ||
    !module.text.includes("__PACKAGE__->register_command($cmd, $props->{method}, $props->{perms});")
  ) {
    throw new Error(`${pkg}: register_command no longer reads as this extractor expects`);
  }
  const commands = moduleVariables(module.text)("guest_agent_commands") as Record<string, Record<string, PerlValue>>;
  return Object.keys(commands)
    .sort()
    .map((command) => {
      const { method, perms } = commands[command];
      const permissions =
        typeof perms === "string"
          ? { check: ["perm", "/vms/{vmid}", [perms, "VM.GuestAgent.Unrestricted"], "any", 1] }
          : perms;
      return { path: command, method: String(method), name: command, permissions };
    });
}

/** Every method under PVE::API2, by "METHOD /path" as the API viewer writes the path. */
export function extractPermissions(sources: readonly string[]): {
  methods: Map<string, PermissionEntry>;
  /** Methods whose permissions are not constant data, with why. */
  unreadable: Map<string, string>;
} {
  const modules = readModules(sources);
  const methods = new Map<string, PermissionEntry>();
  const unreadable = new Map<string, string>();
  const walk = (pkg: string, prefix: string) => {
    const module = modules.get(pkg);
    if (!module) return; // a package of a repository not given (pve-container, pve-firewall…)
    for (const registration of registrations(pkg, module)) {
      const components = registration.path
        .split("/")
        .filter((c) => c !== "")
        .map((c) => c.replace(/^\{([\w-]+):.*\}$/, "{$1}"));
      const path = [prefix, ...components].join("/");
      if (registration.subclass) {
        walk(registration.subclass, path);
        continue;
      }
      const { permissions, allowtoken, name } = registration;
      const key = `${registration.method} ${path || "/"}`;
      if (permissions instanceof Error) {
        unreadable.set(key, `${module.file} ${name}: ${permissions.message}`);
        continue;
      }
      methods.set(key, {
        permissions,
        ...(allowtoken === undefined ? {} : { allowtoken }),
        repo: module.repo,
        file: module.file,
        name,
      });
    }
  };
  walk("PVE::API2", "");
  return { methods, unreadable };
}

const sortKey = (key: string) => {
  const [method, path] = key.split(" ");
  return `${path} ${METHOD_ORDER.indexOf(method)}`;
};

async function main(): Promise<void> {
  const [out, ...sources] = process.argv.slice(2);
  if (!out || sources.length === 0) {
    console.error("usage: permissions-extract.ts OUT.json OWNER/REPO=GITDIR@COMMIT …");
    process.exitCode = 2;
    return;
  }
  const { methods, unreadable } = extractPermissions(sources);
  // The lab only lists its routes here; it must not need the file being written.
  const scratch = mkdtempSync(path.join(tmpdir(), "pve-permissions-"));
  const none = path.join(scratch, "none.json");
  writeFileSync(none, "{}");
  const lab = new ProxmoxLab({ nodes: ["pve"], port: 0, tokens: [], permissionsFile: none });
  const implemented = lab.implementedRoutes();
  await lab.stop();
  rmSync(scratch, { recursive: true, force: true });
  const missing = implemented.filter((key) => !methods.has(key)).map((key) => unreadable.get(key) ?? key);
  if (missing.length > 0) throw new Error(`no declaration found for ${missing.join(", ")}`);
  const lines = [...implemented]
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
    .map((key) => `  ${JSON.stringify(key)}: ${JSON.stringify(methods.get(key))}`);
  writeFileSync(out, `{\n${lines.join(",\n")}\n}\n`);
  console.error(`${lines.length} methods written to ${out} (${methods.size} found in the sources)`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
