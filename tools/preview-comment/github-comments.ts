import { ApiClient } from "./api-client";
import type { Comment, CommentThread } from "./comment-thread";

export interface GitHubPullRequest {
  /** `GITHUB_API_URL`, as `https://api.github.com`. */
  apiUrl: string;
  /** `owner/name`. */
  repository: string;
  number: number;
  token: string;
  tokenVariable: string;
}

/** The conversation of a GitHub pull request, which the issue comments API serves. */
export function gitHubPullRequestComments(pullRequest: GitHubPullRequest): CommentThread {
  const api = new ApiClient({
    name: "GitHub",
    headers: {
      Authorization: `Bearer ${pullRequest.token}`,
      Accept: "application/vnd.github+json",
      "X-GitHub-Api-Version": "2022-11-28",
    },
    tokenVariable: pullRequest.tokenVariable,
    permission: "the pull-requests: write permission (permissions: pull-requests: write in the workflow's job)",
  });
  const repository = `${pullRequest.apiUrl}/repos/${pullRequest.repository}`;
  const comments = `${repository}/issues/${pullRequest.number}/comments`;
  return {
    description: `pull request #${pullRequest.number}`,
    list: () => api.listAll<Comment>(`${comments}?per_page=100`),
    create: (body) => api.request<Comment>("POST", comments, { body }),
    update: (id, body) => api.request<Comment>("PATCH", `${repository}/issues/comments/${id}`, { body }),
  };
}
