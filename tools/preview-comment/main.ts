// node -r sucrase/register/ts tools/preview-comment/main.ts --stack qa [--cwd .] [--print]
//
// Previews the stack and creates or updates its comment on the merge request (GitLab) or pull
// request (GitHub) the CI job runs for. The preview's own output goes to stderr, for the job's log.
import * as path from "node:path";
import { parseArguments } from "./arguments";
import { PreviewCommentError } from "./errors";
import { previewComment } from "./preview-comment";

async function main(): Promise<number> {
  const { stack, cwd, print } = parseArguments(process.argv.slice(2));
  const result = await previewComment({
    stack,
    cwd: path.resolve(cwd),
    env: process.env,
    print,
    onOutput: (text) => process.stderr.write(text),
  });
  if (result.posted) {
    const { action, id, thread } = result.posted;
    process.stderr.write(`preview-comment: ${action} comment ${id} on ${thread} for stack ${stack}\n`);
  } else {
    process.stdout.write(result.body);
  }
  if (result.failed) process.stderr.write(`preview-comment: pulumi preview --stack ${stack} failed\n`);
  return result.failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof PreviewCommentError ? error.message : String((error as Error)?.stack ?? error);
    process.stderr.write(`preview-comment: ${message}\n`);
    process.exitCode = 1;
  },
);
