import * as fs from "node:fs";
import * as path from "node:path";
import { parseStackConfig } from "../../config/load";
import type { StackConfig } from "../../config/schema";
import { secretKeys } from "../../config/secrets";

const root = path.resolve(__dirname, "..", "..");

/** A stack file's config, validated, with a placeholder for every secret it leaves to the operator. */
export function stackFileConfig(stack: string): StackConfig {
  const yaml = require("js-yaml") as { load(text: string): { config: Record<string, unknown> } };
  const { config } = yaml.load(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8"));
  const values: Record<string, string> = {};
  for (const [fullKey, value] of Object.entries(config)) {
    const key = fullKey.replace(/^budgetcloud:/, "");
    if (key in secretKeys) continue;
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  for (const key of Object.keys(secretKeys)) values[key] = "placeholder";
  return parseStackConfig({ values, secret: new Set(Object.keys(secretKeys)) }).config;
}
