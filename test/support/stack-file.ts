import * as path from "node:path";
import { readStackFile } from "../../cli/stack-file";
import type { StackConfig } from "../../config/schema";

const root = path.resolve(__dirname, "..", "..");

/** A stack file's config, validated, with a placeholder for every secret it leaves to the operator. */
export const stackFileConfig = (stack: string): StackConfig => readStackFile(path.join(root, `Pulumi.${stack}.yaml`));
