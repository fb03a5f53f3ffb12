import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the fake received it: the headers the real APIs act on, and the JSON body. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface StoredComment {
  id: number;
  body: string;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const headersOfInterest = [
  "private-token",
  "authorization",
  "accept",
  "content-type",
  "x-github-api-version",
  "user-agent",
];

/**
 * A local server playing GitLab's merge request notes API or GitHub's issue comments API, as far
 * as the preview comment uses them: paginated lists with `Link` headers, create, and edit.
 */
export class FakeCommentApi {
  readonly requests: ReceivedRequest[] = [];
  /** Set to make every request fail, as an API refusing the token does. */
  refusal?: Answer;
  private readonly server = http.createServer((request, response) => this.handle(request, response));
  private nextId: number;

  /**
   * `comments` are the thread's comments to begin with; `maxPerPage` caps a page as the real APIs
   * cap it at 100, lower to make a test page through a short thread.
   */
  constructor(
    readonly flavor: "gitlab" | "github",
    readonly comments: StoredComment[] = [],
    private readonly maxPerPage = 100,
  ) {
    this.nextId = Math.max(0, ...comments.map((comment) => comment.id)) + 1;
  }

  /** Starts listening on 127.0.0.1 and returns the API's base URL, as CI_API_V4_URL or GITHUB_API_URL give it. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `${this.origin}${this.flavor === "gitlab" ? "/api/v4" : ""}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    let text = "";
    request.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    request.on("end", () => {
      const headers = Object.fromEntries(
        headersOfInterest.flatMap((name) => (request.headers[name] ? [[name, String(request.headers[name])]] : [])),
      );
      const received: ReceivedRequest = { method: request.method ?? "", path: request.url ?? "", headers };
      if (text) received.body = JSON.parse(text);
      this.requests.push(received);
      const answer = this.refusal ?? this.answer(received);
      response.writeHead(answer.status, { "Content-Type": "application/json", ...answer.headers });
      response.end(JSON.stringify(answer.body));
    });
  }

  private answer(request: ReceivedRequest): Answer {
    const url = new URL(request.path, this.origin);
    const list =
      this.flavor === "gitlab"
        ? /^\/api\/v4\/projects\/[^/]+\/merge_requests\/\d+\/notes$/
        : /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/;
    const single =
      this.flavor === "gitlab"
        ? /^\/api\/v4\/projects\/[^/]+\/merge_requests\/\d+\/notes\/(\d+)$/
        : /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/;
    const edit = this.flavor === "gitlab" ? "PUT" : "PATCH";
    const { body } = (request.body ?? {}) as { body?: string };
    if (request.method === "GET" && list.test(url.pathname)) return this.page(url);
    if (request.method === "POST" && list.test(url.pathname) && body !== undefined) {
      const comment = { id: this.nextId++, body };
      this.comments.push(comment);
      return { status: 201, body: comment };
    }
    const id = Number(single.exec(url.pathname)?.[1]);
    const comment = this.comments.find((candidate) => candidate.id === id);
    if (request.method === edit && comment && body !== undefined) {
      comment.body = body;
      return { status: 200, body: comment };
    }
    return { status: 404, body: { message: "404 Not found" } };
  }

  private page(url: URL): Answer {
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 20), this.maxPerPage);
    const page = Number(url.searchParams.get("page") ?? 1);
    const items = this.comments.slice((page - 1) * perPage, page * perPage);
    if (page * perPage >= this.comments.length) return { status: 200, body: items, headers: {} };
    const next = new URL(url);
    next.searchParams.set("page", String(page + 1));
    return { status: 200, body: items, headers: { Link: `<${next}>; rel="next"` } };
  }
}
