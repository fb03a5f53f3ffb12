import { WRITE_CREDENTIALS } from "../../providers/shared/write-credentials";
import { commentThreadFromEnvironment, type EnvVars } from "./ci-environment";
import { commentMarker } from "./comment-marker";
import { type PostedComment, upsertComment } from "./comment-thread";
import { PreviewCommentError } from "./errors";
import { renderComment } from "./render-comment";
import { runPreview } from "./run-preview";

export interface PreviewCommentRequest {
  stack: string;
  cwd: string;
  env: EnvVars;
  /** Print the comment instead of posting it: no CI needed. */
  print: boolean;
  onOutput?: (text: string) => void;
}

export interface PreviewCommentResult {
  body: string;
  /** Where the comment went; absent when it was only printed. */
  posted?: PostedComment & { thread: string };
  /** The preview itself failed: the comment says so, and the job must fail too. */
  failed: boolean;
}

/** Previews a stack and leaves the result as the stack's one comment on the merge request. */
export async function previewComment(request: PreviewCommentRequest): Promise<PreviewCommentResult> {
  // A merge request's preview runs the merge request's own program: it must not hold what changes devices.
  const seen = Object.values(WRITE_CREDENTIALS).filter((name) => request.env[name]);
  if (seen.length > 0) {
    throw new PreviewCommentError(
      `this job can see write credentials (${seen.join(", ")}): a preview runs the merge request's own code, so only up jobs may hold them (protected variables, README "Least privilege")`,
    );
  }
  // A CI without the variables fails before the minutes a preview takes.
  const thread = request.print ? undefined : commentThreadFromEnvironment(request.env);
  const report = await runPreview(request);
  const body = renderComment(report);
  if (!thread) return { body, failed: report.failed };
  const posted = await upsertComment(thread, commentMarker(request.stack), body);
  return { body, posted: { ...posted, thread: thread.description }, failed: report.failed };
}
