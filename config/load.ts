import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import type { z } from "zod";
import { type StackConfig, stackConfigSchema } from "./schema";
import { type SecretName, secretKeys } from "./secrets";

export const namespace = "budgetcloud";

/** SNMPv3 derives its keys from passwords of 8 characters or more; agents refuse shorter ones. */
const SNMP_PASSWORD_LENGTH = 8;
const SNMP_PASSWORDS: ReadonlySet<string> = new Set(["snmpAuthPassword", "snmpPrivPassword"]);

/** A stack config that failed validation; each problem names its config key. */
export class ConfigError extends pulumi.RunError {
  constructor(readonly problems: string[]) {
    super(`invalid stack config:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

export interface RawConfig {
  /** Every `budgetcloud:*` key of the stack, as the engine hands it over (JSON text or plain text). */
  values: Record<string, string>;
  /** The keys that were set with `--secret`. */
  secret: ReadonlySet<string>;
}

export interface LoadedConfig {
  config: StackConfig;
  /** Each secret present in the stack, already wrapped as a Pulumi secret. */
  secrets: Partial<Record<SecretName, pulumi.Output<string>>>;
}

/**
 * Validates the stack config without touching any device: the whole structured config against the
 * schema, then the secrets it needs. Throws a ConfigError listing every problem.
 */
export function parseStackConfig(raw: RawConfig): LoadedConfig {
  const structured: Record<string, unknown> = {};
  const secrets: LoadedConfig["secrets"] = {};
  const problems: string[] = [];

  for (const [key, text] of Object.entries(raw.values)) {
    if (key in secretKeys) {
      if (!raw.secret.has(key)) {
        problems.push(
          `${namespace}:${key}: must be a secret; set it with pulumi config set --secret ${namespace}:${key}`,
        );
      }
      const tooShort = SNMP_PASSWORDS.has(key) && text !== "" && text.length < SNMP_PASSWORD_LENGTH;
      if (tooShort) problems.push(`${namespace}:${key}: must be ${SNMP_PASSWORD_LENGTH} characters or more (SNMPv3)`);
      if (text !== "") secrets[key as SecretName] = pulumi.secret(text);
    } else {
      structured[key] = parseValue(text);
    }
  }

  const parsed = stackConfigSchema.safeParse(structured);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.flatMap(describeIssue));
    throw new ConfigError(problems);
  }
  for (const name of requiredSecrets(parsed.data)) {
    if (secrets[name] === undefined) {
      problems.push(
        `${namespace}:${name}: missing secret (${secretKeys[name]}); set it with pulumi config set --secret ${namespace}:${name}`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: parsed.data, secrets };
}

/** Reads and validates this stack's config from the running Pulumi program. */
export function loadStackConfig(): LoadedConfig {
  const values: Record<string, string> = {};
  const secret = new Set<string>();
  const isSecret = (runtimeConfig as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
  for (const [fullKey, text] of Object.entries(pulumi.runtime.allConfig())) {
    const [ns, key] = splitKey(fullKey);
    if (ns !== namespace) continue;
    values[key] = text;
    if (isSecret?.(fullKey)) secret.add(key);
  }
  return parseStackConfig({ values, secret });
}

/** The secrets a config cannot do without. */
export function requiredSecrets(config: StackConfig): SecretName[] {
  const needed: SecretName[] = [];
  if (config.routers.length > 0) needed.push("routerPassword");
  if (config.routers.some((r) => r.ospf.interfaces.some((i) => i.auth === "md5"))) needed.push("ospfAuthKey");
  if (config.proxmox || config.vms.length > 0 || config.storage.pools.length > 0) needed.push("proxmoxTokenSecret");
  if (config.vms.length > 0) needed.push("snippetsSshKey");
  if (config.jumpcloud && config.vms.length > 0) needed.push("jumpcloudApiKey", "jumpcloudConnectKey");
  if (config.zerotier) needed.push("zerotierToken");
  if (config.monitoring) needed.push("snmpAuthPassword", "snmpPrivPassword", "librenmsToken");
  return needed;
}

function splitKey(fullKey: string): [string, string] {
  const i = fullKey.indexOf(":");
  return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}

/** A config value as the engine hands it over: JSON for structured keys, plain text otherwise. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const where = (path: PropertyKey[]) => `${namespace}:${formatPath(path)}`;
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => `${where([...issue.path, key])}: unknown key`);
  }
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return [`${where(issue.path)}: required`];
  }
  return [`${where(issue.path)}: ${issue.message}`];
}

/** `["tenants", 2, "cidr"]` → `tenants[2].cidr` */
export function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}
