/** A failure the person running the tool can act on: main prints its message alone, without a stack trace. */
export class PreviewCommentError extends Error {
  override name = "PreviewCommentError";
}
