import * as fs from "node:fs";
import * as yaml from "js-yaml";
import { parseStackConfig } from "../config/load";
import type { StackConfig } from "../config/schema";
import { secretKeys } from "../config/secrets";

interface StackFile {
  config?: Record<string, unknown>;
}

/**
 * A stack file's structured config, validated. Its secrets are the engine's to decrypt, not the
 * lab's: each one counts as present, since only the structure matters here.
 */
export function readStackFile(file: string): StackConfig {
  const values: Record<string, string> = {};
  for (const [fullKey, value] of Object.entries((yaml.load(fs.readFileSync(file, "utf8")) as StackFile).config ?? {})) {
    const [namespace, key] = fullKey.split(":");
    if (namespace !== "budgetcloud" || key in secretKeys) continue;
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  // Long enough for every secret's own rule (SNMPv3 passwords take 8 characters or more).
  for (const key of Object.keys(secretKeys)) values[key] = "lab-placeholder";
  return parseStackConfig({ values, secret: new Set(Object.keys(secretKeys)) }).config;
}
