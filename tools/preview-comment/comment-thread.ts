/** A comment as the APIs return it; both GitLab notes and GitHub comments have these two fields. */
export interface Comment {
  id: number;
  body: string;
}

/** The comments of one merge request or pull request. */
export interface CommentThread {
  /** For messages: "merge request !7", "pull request #12". */
  readonly description: string;
  list(): Promise<Comment[]>;
  create(body: string): Promise<Comment>;
  update(id: number, body: string): Promise<Comment>;
}

export interface PostedComment {
  action: "created" | "updated";
  id: number;
}

/**
 * Edits the comment that starts with the marker, or adds one: a merge request keeps one comment per
 * stack however often it is pushed to. Starting with the marker, not merely holding it, keeps a
 * reply that quotes the comment from being taken for it.
 */
export async function upsertComment(thread: CommentThread, marker: string, body: string): Promise<PostedComment> {
  const existing = (await thread.list()).find((comment) => comment.body.startsWith(marker));
  if (existing) return { action: "updated", id: (await thread.update(existing.id, body)).id };
  return { action: "created", id: (await thread.create(body)).id };
}
