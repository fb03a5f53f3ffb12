import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { commentThreadFromEnvironment, type EnvVars } from "../../../tools/preview-comment/ci-environment";
import { commentMarker } from "../../../tools/preview-comment/comment-marker";
import { upsertComment } from "../../../tools/preview-comment/comment-thread";
import { FakeCommentApi } from "./fake-comment-api";

const marker = commentMarker("qa");
const firstBody = `${marker}\n### first preview`;
const secondBody = `${marker}\n### second preview`;

/** What reviewers wrote before, a quote of the preview among them: none of it is the preview's comment. */
const reviewersComments = () => [
  { id: 1, body: "Looks good, but check the MTU" },
  { id: 2, body: `> ${marker}\n> ### an older preview\n\nWhy is this replaced?` },
];

async function errorOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
}

describe("preview comment on GitLab merge request notes", () => {
  let api: FakeCommentApi;
  let env: EnvVars;

  async function start(fake: FakeCommentApi) {
    api = fake;
    const apiUrl = await api.start();
    env = {
      GITLAB_CI: "true",
      CI_API_V4_URL: apiUrl,
      CI_PROJECT_ID: "42",
      CI_MERGE_REQUEST_IID: "7",
      BUDGETCLOUD_GITLAB_TOKEN: "glpat-test-token",
    };
  }

  afterEach(() => api.stop());

  const notes = "/api/v4/projects/42/merge_requests/7/notes";
  const headers = {
    accept: "application/json",
    "private-token": "glpat-test-token",
    "user-agent": "budgetcloud-preview-comment",
  };
  const list = { method: "GET", path: `${notes}?sort=asc&order_by=created_at&per_page=100`, headers };
  const sent = (method: string, at: string, body: string) => ({
    method,
    path: at,
    headers: { ...headers, "content-type": "application/json" },
    body: { body },
  });

  it("creates the note on the first run and updates that same note on the second", async () => {
    await start(new FakeCommentApi("gitlab", reviewersComments()));
    const thread = commentThreadFromEnvironment(env);
    expect(await upsertComment(thread, marker, firstBody)).to.deep.equal({ action: "created", id: 3 });
    expect(await upsertComment(thread, marker, secondBody)).to.deep.equal({ action: "updated", id: 3 });
    expect(api.requests).to.deep.equal([
      list,
      sent("POST", notes, firstBody),
      list,
      sent("PUT", `${notes}/3`, secondBody),
    ]);
    expect(api.comments).to.deep.equal([...reviewersComments(), { id: 3, body: secondBody }]);
    expect(thread.description).to.equal("merge request !7");
  });

  it("pages through the notes to find its own", async () => {
    await start(new FakeCommentApi("gitlab", [...reviewersComments(), { id: 3, body: firstBody }], 2));
    expect(await upsertComment(commentThreadFromEnvironment(env), marker, secondBody)).to.deep.equal({
      action: "updated",
      id: 3,
    });
    expect(api.requests.map((request) => `${request.method} ${request.path}`)).to.deep.equal([
      `GET ${notes}?sort=asc&order_by=created_at&per_page=100`,
      `GET ${notes}?sort=asc&order_by=created_at&per_page=100&page=2`,
      `PUT ${notes}/3`,
    ]);
  });

  it("says which API refused the token, and the scope it needs", async () => {
    await start(new FakeCommentApi("gitlab"));
    api.refusal = {
      status: 403,
      body: {
        error: "insufficient_scope",
        error_description: "The request requires higher privileges than provided by the access token.",
        scope: "api",
      },
    };
    expect(await errorOf(() => upsertComment(commentThreadFromEnvironment(env), marker, firstBody))).to.equal(
      `GitLab API: 403 Forbidden on GET ${api.origin}${notes}?sort=asc&order_by=created_at&per_page=100: ` +
        "the token in BUDGETCLOUD_GITLAB_TOKEN lacks permission; it needs the api scope. " +
        "GitLab said: The request requires higher privileges than provided by the access token.",
    );
  });

  it("says a revoked token was refused", async () => {
    await start(new FakeCommentApi("gitlab"));
    api.refusal = { status: 401, body: { message: "401 Unauthorized" } };
    expect(await errorOf(() => upsertComment(commentThreadFromEnvironment(env), marker, firstBody))).to.equal(
      `GitLab API: 401 Unauthorized on GET ${api.origin}${notes}?sort=asc&order_by=created_at&per_page=100: ` +
        "the token in BUDGETCLOUD_GITLAB_TOKEN was refused (expired, revoked or mistyped). GitLab said: 401 Unauthorized",
    );
  });

  it("names every variable a merge request pipeline lacks", async () => {
    await start(new FakeCommentApi("gitlab"));
    const { CI_MERGE_REQUEST_IID: _, BUDGETCLOUD_GITLAB_TOKEN: __, ...branchPipeline } = env;
    expect(await errorOf(async () => commentThreadFromEnvironment(branchPipeline))).to.equal(
      [
        "GitLab CI: missing variables:",
        "  CI_MERGE_REQUEST_IID: GitLab sets it in merge request pipelines only; run the job on merge_request_event",
        "  BUDGETCLOUD_GITLAB_TOKEN: a masked CI/CD variable holding a project access token with the api scope",
      ].join("\n"),
    );
  });
});

describe("preview comment on GitHub pull request comments", () => {
  let api: FakeCommentApi;
  let env: EnvVars;
  let eventFile: string;

  async function start(fake: FakeCommentApi) {
    api = fake;
    eventFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "preview-comment-")), "event.json");
    fs.writeFileSync(eventFile, JSON.stringify({ action: "synchronize", number: 12, pull_request: { number: 12 } }));
    env = {
      GITHUB_ACTIONS: "true",
      GITHUB_API_URL: await api.start(),
      GITHUB_REPOSITORY: "transnomis/budgetcloud",
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_REF: "refs/pull/12/merge",
      GITHUB_TOKEN: "ghs_test_token",
    };
  }

  afterEach(async () => {
    await api.stop();
    fs.rmSync(path.dirname(eventFile), { recursive: true, force: true });
  });

  const comments = "/repos/transnomis/budgetcloud/issues/12/comments";
  const headers = {
    accept: "application/vnd.github+json",
    authorization: "Bearer ghs_test_token",
    "user-agent": "budgetcloud-preview-comment",
    "x-github-api-version": "2022-11-28",
  };
  const list = { method: "GET", path: `${comments}?per_page=100`, headers };
  const sent = (method: string, at: string, body: string) => ({
    method,
    path: at,
    headers: { ...headers, "content-type": "application/json" },
    body: { body },
  });

  it("creates the comment on the first run and updates that same comment on the second", async () => {
    await start(new FakeCommentApi("github", reviewersComments()));
    const thread = commentThreadFromEnvironment(env);
    expect(await upsertComment(thread, marker, firstBody)).to.deep.equal({ action: "created", id: 3 });
    expect(await upsertComment(thread, marker, secondBody)).to.deep.equal({ action: "updated", id: 3 });
    expect(api.requests).to.deep.equal([
      list,
      sent("POST", comments, firstBody),
      list,
      sent("PATCH", "/repos/transnomis/budgetcloud/issues/comments/3", secondBody),
    ]);
    expect(api.comments).to.deep.equal([...reviewersComments(), { id: 3, body: secondBody }]);
    expect(thread.description).to.equal("pull request #12");
  });

  it("says which API refused the token, and the permission it needs", async () => {
    await start(new FakeCommentApi("github"));
    api.refusal = {
      status: 403,
      body: {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest/issues/comments#list-issue-comments",
        status: "403",
      },
    };
    expect(await errorOf(() => upsertComment(commentThreadFromEnvironment(env), marker, firstBody))).to.equal(
      `GitHub API: 403 Forbidden on GET ${api.origin}${comments}?per_page=100: ` +
        "the token in GITHUB_TOKEN lacks permission; it needs the pull-requests: write permission " +
        "(permissions: pull-requests: write in the workflow's job). GitHub said: Resource not accessible by integration",
    );
  });

  it("takes the pull request's number from GITHUB_REF when there is no event file", async () => {
    await start(new FakeCommentApi("github"));
    const { GITHUB_EVENT_PATH: _, ...withoutEvent } = env;
    expect(commentThreadFromEnvironment({ ...withoutEvent, GITHUB_REF: "refs/pull/31/merge" }).description).to.equal(
      "pull request #31",
    );
  });

  it("refuses a push event, which has no pull request to comment on", async () => {
    await start(new FakeCommentApi("github"));
    fs.writeFileSync(eventFile, JSON.stringify({ ref: "refs/heads/main" }));
    expect(await errorOf(async () => commentThreadFromEnvironment({ ...env, GITHUB_REF: "refs/heads/main" }))).to.equal(
      "GitHub Actions: no pull request to comment on: the event in GITHUB_EVENT_PATH has no pull_request.number " +
        "and GITHUB_REF (refs/heads/main) is not refs/pull/<number>/merge; run the job on pull_request events",
    );
  });

  it("names the token when the step was not given it", async () => {
    await start(new FakeCommentApi("github"));
    const { GITHUB_TOKEN: _, ...withoutToken } = env;
    expect(await errorOf(async () => commentThreadFromEnvironment(withoutToken))).to.equal(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, meant literally
      "GitHub Actions: missing variables:\n  GITHUB_TOKEN: give it to the step: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
    );
  });
});

describe("preview comment outside CI", () => {
  it("says where it can comment, and how to print instead", async () => {
    expect(await errorOf(async () => commentThreadFromEnvironment({ CI: "true" }))).to.equal(
      'no CI to comment in: neither GITLAB_CI nor GITHUB_ACTIONS is "true"; run it in a GitLab merge request ' +
        "pipeline or a GitHub pull_request workflow, or pass --print to print the comment instead",
    );
  });
});
