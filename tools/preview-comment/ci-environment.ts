import * as fs from "node:fs";
import type { CommentThread } from "./comment-thread";
import { PreviewCommentError } from "./errors";
import { gitHubPullRequestComments } from "./github-comments";
import { gitLabMergeRequestNotes } from "./gitlab-notes";

export type EnvVars = Record<string, string | undefined>;

/** The variables each CI must provide, with what to do when one is missing. */
const gitLabVariables = {
  CI_API_V4_URL: "GitLab sets it in every job",
  CI_PROJECT_ID: "GitLab sets it in every job",
  CI_MERGE_REQUEST_IID: "GitLab sets it in merge request pipelines only; run the job on merge_request_event",
  BUDGETCLOUD_GITLAB_TOKEN: "a masked CI/CD variable holding a project access token with the api scope",
};

const gitHubVariables = {
  GITHUB_API_URL: "GitHub Actions sets it in every job",
  GITHUB_REPOSITORY: "GitHub Actions sets it in every job",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, meant literally
  GITHUB_TOKEN: "give it to the step: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
};

/** The merge request or pull request this CI job runs for, from the variables the CI sets. */
export function commentThreadFromEnvironment(env: EnvVars): CommentThread {
  if (env.GITLAB_CI === "true") {
    const variables = required(env, gitLabVariables, "GitLab CI");
    return gitLabMergeRequestNotes({
      apiUrl: variables.CI_API_V4_URL,
      projectId: variables.CI_PROJECT_ID,
      mergeRequestIid: variables.CI_MERGE_REQUEST_IID,
      token: variables.BUDGETCLOUD_GITLAB_TOKEN,
      tokenVariable: "BUDGETCLOUD_GITLAB_TOKEN",
    });
  }
  if (env.GITHUB_ACTIONS === "true") {
    const variables = required(env, gitHubVariables, "GitHub Actions");
    return gitHubPullRequestComments({
      apiUrl: variables.GITHUB_API_URL,
      repository: variables.GITHUB_REPOSITORY,
      number: pullRequestNumber(env),
      token: variables.GITHUB_TOKEN,
      tokenVariable: "GITHUB_TOKEN",
    });
  }
  throw new PreviewCommentError(
    'no CI to comment in: neither GITLAB_CI nor GITHUB_ACTIONS is "true"; run it in a GitLab merge request pipeline or a GitHub pull_request workflow, or pass --print to print the comment instead',
  );
}

function required<Name extends string>(
  env: EnvVars,
  variables: Record<Name, string>,
  ci: string,
): Record<Name, string> {
  const names = Object.keys(variables) as Name[];
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    const lines = missing.map((name) => `  ${name}: ${variables[name]}`);
    throw new PreviewCommentError([`${ci}: missing variables:`, ...lines].join("\n"));
  }
  return Object.fromEntries(names.map((name) => [name, env[name]])) as Record<Name, string>;
}

/** From the event that started the workflow, or else from the ref a pull_request workflow checks out. */
function pullRequestNumber(env: EnvVars): number {
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    let event: { pull_request?: { number?: number } };
    try {
      event = JSON.parse(fs.readFileSync(eventPath, "utf8"));
    } catch (error) {
      throw new PreviewCommentError(
        `GitHub Actions: cannot read the event in GITHUB_EVENT_PATH: ${(error as Error).message}`,
      );
    }
    if (event.pull_request?.number) return event.pull_request.number;
  }
  const ref = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? "");
  if (ref) return Number(ref[1]);
  throw new PreviewCommentError(
    `GitHub Actions: no pull request to comment on: the event in GITHUB_EVENT_PATH has no pull_request.number and GITHUB_REF (${env.GITHUB_REF ?? "unset"}) is not refs/pull/<number>/merge; run the job on pull_request events`,
  );
}
