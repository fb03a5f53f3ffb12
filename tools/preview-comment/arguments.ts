import { parseArgs } from "node:util";
import { PreviewCommentError } from "./errors";

export const usage = "usage: preview-comment --stack <name> [--cwd <project directory>] [--print]";

export interface Arguments {
  stack: string;
  cwd: string;
  print: boolean;
}

export function parseArguments(argv: string[]): Arguments {
  let values: { stack?: string; cwd?: string; print?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { stack: { type: "string" }, cwd: { type: "string" }, print: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new PreviewCommentError(`${(error as Error).message}\n${usage}`);
  }
  if (!values.stack) throw new PreviewCommentError(`--stack is required\n${usage}`);
  return { stack: values.stack, cwd: values.cwd ?? ".", print: values.print ?? false };
}
