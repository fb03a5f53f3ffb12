import * as yaml from "js-yaml";
import { secretKeys } from "../../config/secrets";
import type { RawStack } from "./build";

interface StackFile {
  config: Record<string, unknown>;
  encryptionsalt?: string;
}

/**
 * A generated stack as a lab stack file: its config under the `budgetcloud:` namespace, with the
 * secrets of the lab stack file it stands in for (encrypted with the lab passphrase, which its salt
 * goes with).
 */
export function generatedStackFile(stack: RawStack, labStackText: string): string {
  const lab = yaml.load(labStackText) as StackFile;
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stack)) config[`budgetcloud:${key}`] = value;
  for (const key of Object.keys(secretKeys)) {
    const secret = lab.config[`budgetcloud:${key}`];
    if (secret !== undefined) config[`budgetcloud:${key}`] = secret;
  }
  return yaml.dump({ config, encryptionsalt: lab.encryptionsalt }, { lineWidth: -1, flowLevel: 5 });
}

/**
 * A stored stack file (a shrunk one kept as a regression) with the secrets of the lab stack file
 * as it is now, so that it keeps running when the lab's secrets or passphrase change.
 */
export function withLabSecrets(stackText: string, labStackText: string): string {
  const { config } = yaml.load(stackText) as StackFile;
  const stack = Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key.replace(/^budgetcloud:/, ""), value]),
  );
  return generatedStackFile(stack, labStackText);
}
