import { ApiClient } from "./api-client";
import type { Comment, CommentThread } from "./comment-thread";

export interface GitLabMergeRequest {
  /** `CI_API_V4_URL`, as `https://gitlab.example.com/api/v4`. */
  apiUrl: string;
  projectId: string;
  mergeRequestIid: string;
  token: string;
  tokenVariable: string;
}

/** The notes of a GitLab merge request: `PRIVATE-TOKEN` auth, a token with the `api` scope. */
export function gitLabMergeRequestNotes(mergeRequest: GitLabMergeRequest): CommentThread {
  const api = new ApiClient({
    name: "GitLab",
    headers: { "PRIVATE-TOKEN": mergeRequest.token, Accept: "application/json" },
    tokenVariable: mergeRequest.tokenVariable,
    permission: "the api scope",
  });
  const notes = `${mergeRequest.apiUrl}/projects/${encodeURIComponent(mergeRequest.projectId)}/merge_requests/${mergeRequest.mergeRequestIid}/notes`;
  return {
    description: `merge request !${mergeRequest.mergeRequestIid}`,
    // Oldest first, so the comment the first run made is the one found (GitLab's default is newest first).
    list: () => api.listAll<Comment>(`${notes}?sort=asc&order_by=created_at&per_page=100`),
    create: (body) => api.request<Comment>("POST", notes, { body }),
    update: (id, body) => api.request<Comment>("PUT", `${notes}/${id}`, { body }),
  };
}
